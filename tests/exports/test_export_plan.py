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
    """The seven-column tables; a header cell holds the column's name, then Bijlage 5's guidance."""
    return [
        [[c.text for c in row.cells] for row in t.rows]
        for t in document.tables
        if [c.paragraphs[0].text for c in t.rows[0].cells] == COLUMNS
    ]


def test_municipality_plan_follows_bijlage_5(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting(privacy_mode="named")
    scans.fill(meeting, toelichting="Stand {name} {q}")
    bussum = scans.municipalities(meeting)["Bussum"]
    document = docx.Document(io.BytesIO(plan_document(db, catalog, meeting, bussum.id)))
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == [
        "Kwaliteitskader en Zelfscan",
        "Werken aan veiligheid voor lokale (wijk)teams en gemeenten",
        "[Evt. titel van plan van aanpak]",
    ]
    found = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert found[0] == ("Title", "Plan van Aanpak 2026 – 2027")
    assert "Gemeente Bussum" in texts
    header = document.sections[0].header.tables[0]
    assert [c.text for c in header.rows[0].cells] == [
        "Geweld hoort nergens thuis\nAanpak huiselijk geweld en kindermishandeling\nBIJLAGE 5",
        "Logo gemeente/regio",
    ]
    assert [t for s, t in found if s == "Heading 1"] == [
        "Inleiding",
        "Context",
        "Samenvatting belangrijkste uitkomsten en suggesties voor verbetermaatregelen",
        "Plan van Aanpak 2026 – 2027",
    ]
    assert sum("[Nog in te vullen]" in t for t in texts) == 3  # inleiding, context, samenvatting not written yet
    assert [t for s, t in found if s == "Heading 2"] == GROUPS
    tables = plan_tables(document)
    assert len(tables) == 5
    assert "(kort & bondig!)" in tables[0][0][1] and "wanneer zijn we tevreden?" in tables[0][0][3]
    # Pre-filled from Bussum's niet op orde answers (position 1: (q + 1) % 3 == 1), with a short measure.
    niet = [q for q in range(1, 32) if status_for(q, bussum.position) == "niet_op_orde"]
    rows = [row for table in tables for row in table[1:] if row[0]]
    assert [int(row[0].rsplit("vraag ", 1)[1].rstrip(")")) for row in rows] == niet
    assert rows[0][0] == "Integrale visie op de lokale infrastructuur vaststellen (1, vraag 1)" or niet[0] != 1
    assert max(len(row[0]) for row in rows) <= 80
    assert rows[0][1] == f"Stand Bussum {niet[0]}"
    assert all(cell == "" for row in rows for cell in row[2:])
    assert len(document.inline_shapes) == 1  # the spinnenweb in the summary
    assert document.sections[-1].page_width > document.sections[-1].page_height  # tables in landscape


def test_own_plan_shows_what_the_municipality_wrote(
    db: Session, catalog: Catalog, scans: ScanFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = scans.meeting(privacy_mode="anonymised")
    scans.fill(meeting)
    bussum = scans.municipalities(meeting)["Bussum"]
    monkeypatch.setattr(plan, "_TEXT_SOURCES", [])
    plan.register_plan_texts_source(
        lambda session, m, municipality_id: (
            plan.PlanTexts("Samen met Castricum opgesteld.", "", "Bussum zet in op scholing.")
            if municipality_id == bussum.id
            else None
        )
    )
    texts = [p.text for p in docx.Document(io.BytesIO(plan_document(db, catalog, meeting, bussum.id))).paragraphs]
    assert "Samen met Gemeente C opgesteld." in texts  # other municipalities follow the privacy mode
    assert "Bussum zet in op scholing." in texts  # its own name stays in its own plan
    assert sum("[Nog in te vullen]" in t for t in texts) == 1  # only the context is still empty


def test_region_plan_summarises_weak_standards(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting(privacy_mode="anonymised")
    scans.fill(meeting)
    document = docx.Document(io.BytesIO(plan_document(db, catalog, meeting, None)))
    texts = [p.text for p in document.paragraphs]
    assert "Regio Testland" in texts
    rows = [row for table in plan_tables(document) for row in table[1:] if row[0]]
    assert len(rows) == 10  # every standard is a third op orde: one row per (weak) standard, not per question
    assert rows[0][0] == "Integrale gemeentelijke visie en beleid (standaard 1) regiobreed versterken"
    assert rows[0][1].startswith("Regiobreed 33% op orde; 1 van 3 gemeenten hebben standaard 1 op orde.")
    overview = next(t for t in document.tables if t.rows[0].cells[0].text == "Gemeente")
    assert [r.cells[0].text for r in overview.rows[1:]] == ["Gemeente A", "Gemeente B", "Gemeente C"]


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


def test_an_earlier_drafts_whole_question_becomes_its_short_measure(catalog: Catalog) -> None:
    question_set = catalog.question_set("kwaliteitskader-2021")
    earlier = "Vraag 3 (3a): " + question_set.question(3).text + "\nPrioriteit: hoog"
    assert plan.short_maatregel(earlier, question_set, 3) == "Werken met de meldcode (3a, vraag 3)\nPrioriteit: hoog"
    assert plan.short_maatregel("Eigen woorden", question_set, 3) == "Eigen woorden"


@pytest.mark.parametrize("mode", ["anonymised", "regional"])
def test_plans_name_only_their_own_municipality_when_not_named(
    db: Session, catalog: Catalog, scans: ScanFactory, mode: str
) -> None:
    meeting = scans.meeting(privacy_mode=mode)
    scans.fill(meeting, toelichting="Bij {name} nog niet", nuancering="Castricum doet het anders")
    bussum = scans.municipalities(meeting)["Bussum"]
    own = service.plan_docx(session=db, catalog=catalog, meeting=meeting, municipality_id=bussum.id)
    assert {name for _part, name in names_found(own.content)} == {"Bussum"}
    assert "bussum" not in own.filename.lower()  # the file name travels in mails: it follows the mode
    region = service.plan_docx(session=db, catalog=catalog, meeting=meeting, municipality_id=None)
    assert names_found(region.content) == []
    document = docx.Document(io.BytesIO(own.content))
    assert document.core_properties.subject == "Plan van aanpak Gemeente Bussum 2026 – 2027"
