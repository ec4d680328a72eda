"""The plan van aanpak (Word, Bijlage 5 layout): per municipality and for the region."""

from __future__ import annotations

import io

import docx
import pytest
from sqlmodel import Session

from app.catalog.loader import Catalog
from app.exports import plan, service
from app.meetings.models import Meeting
from tests.support.scans import ScanFactory, names_found, status_for

COLUMNS = [
    "Maatregel/verbeterpunt",
    "Huidige stand van zaken",
    "Omschrijving verbeteractie",
    "Beoogd resultaat (prestatie-indicatoren)",
    "Wie gaat het doen?",
    "Planning",
    "Kosten",
]
GROUPS = [
    "Kwaliteitsstandaarden 1 en 2: Gemeentelijke regie",
    "Kwaliteitsstandaarden 3 en 6: Vereisten voor alle lokale professionals",
    "Kwaliteitsstandaarden 4, 5, 7, 8: Vereisten voor lokale professionals aan wie Veilig Thuis casuïstiek overdraagt",
    "Kwaliteitsstandaard 9: Beschikbaarheid gespecialiseerd hulpaanbod",
    "Kwaliteitsstandaard 10: Samenwerking met Veilig Thuis",
]


def plan_document(
    session: Session, catalog: Catalog, meeting: Meeting, municipality_id: int | None, **kwargs: object
) -> bytes:
    return service.plan_docx(
        session=session, catalog=catalog, meeting=meeting, municipality_id=municipality_id, **kwargs
    ).content  # type: ignore[arg-type]


def plan_tables(document: docx.document.Document) -> list[list[list[str]]]:
    return [
        [[c.text for c in row.cells] for row in t.rows]
        for t in document.tables
        if [c.text for c in t.rows[0].cells] == COLUMNS
    ]


def test_municipality_plan_follows_bijlage_5(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting(privacy_mode="named")
    scans.fill(meeting, toelichting="Stand {name} {q}")
    bussum = scans.municipalities(meeting)["Bussum"]
    document = docx.Document(io.BytesIO(plan_document(db, catalog, meeting, bussum.id)))
    found = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert found[0] == ("Title", "Plan van aanpak Bussum")
    assert [t for s, t in found if s == "Heading 1"] == [
        "Inleiding",
        "Context",
        "Samenvatting belangrijkste uitkomsten en suggesties voor verbetermaatregelen",
        "Plan van aanpak 2026 – 2027",
    ]
    assert [t for s, t in found if s == "Heading 2"] == GROUPS
    tables = plan_tables(document)
    assert len(tables) == 5
    # Pre-filled from Bussum's niet op orde answers (position 1: (q + 1) % 3 == 1).
    niet = [q for q in range(1, 32) if status_for(q, bussum.position) == "niet_op_orde"]
    rows = [row for table in tables for row in table[1:] if row[0]]
    assert [int(row[0].split()[1]) for row in rows] == niet
    assert rows[0][1] == f"Stand Bussum {niet[0]}"
    assert all(cell == "" for row in rows for cell in row[2:])
    assert len(document.inline_shapes) == 1  # the spinnenweb in the summary
    assert document.sections[-1].page_width > document.sections[-1].page_height  # tables in landscape


def test_region_plan_lists_what_municipalities_have_not_in_order(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    meeting = scans.meeting(privacy_mode="anonymised")
    scans.fill(meeting)
    document = docx.Document(io.BytesIO(plan_document(db, catalog, meeting, None)))
    assert document.paragraphs[0].text == "Plan van aanpak regio Regio Testland"
    rows = [row for table in plan_tables(document) for row in table[1:] if row[0]]
    assert len(rows) == 31  # every question is niet op orde in exactly one municipality
    assert rows[0][1].startswith("1 van 3 gemeenten niet op orde (Gemeente A).")


def test_drafted_rows_replace_the_first_draft(
    db: Session, catalog: Catalog, scans: ScanFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = scans.meeting(privacy_mode="named")
    scans.fill(meeting)
    bussum = scans.municipalities(meeting)["Bussum"]
    drafted = [
        plan.PlanRow(
            "9",
            "Meer aanbod voor plegers",
            "Wachtlijst",
            "Inkoop regionaal",
            "Geen wachtlijst",
            "Regio",
            "Q3 2027",
            "€ 40.000",
        )
    ]
    document = docx.Document(io.BytesIO(plan_document(db, catalog, meeting, bussum.id, rows=drafted)))
    rows = [row for table in plan_tables(document) for row in table[1:] if row[0]]
    assert rows == [list(drafted[0].cells())]

    monkeypatch.setattr(plan, "_SOURCES", [])
    plan.register_plan_rows_source(
        lambda session, m, municipality_id: drafted if municipality_id == bussum.id else None
    )
    document = docx.Document(io.BytesIO(plan_document(db, catalog, meeting, bussum.id)))
    assert [row for table in plan_tables(document) for row in table[1:] if row[0]] == [list(drafted[0].cells())]
    assert any("Opgesteld in de bijeenkomst" in p.text for p in document.paragraphs)


@pytest.mark.parametrize("mode", ["anonymised", "regional"])
def test_plans_name_no_municipality_when_not_named(
    db: Session, catalog: Catalog, scans: ScanFactory, mode: str
) -> None:
    meeting = scans.meeting(privacy_mode=mode)
    scans.fill(meeting, toelichting="Bij {name} nog niet", nuancering="Castricum doet het anders")
    bussum = scans.municipalities(meeting)["Bussum"]
    for municipality_id in (bussum.id, None):
        exported = service.plan_docx(session=db, catalog=catalog, meeting=meeting, municipality_id=municipality_id)
        assert names_found(exported.content) == []
        assert "bussum" not in exported.filename.lower()
    document = docx.Document(io.BytesIO(plan_document(db, catalog, meeting, bussum.id)))
    assert document.core_properties.title == "Plan van aanpak Gemeente B"
