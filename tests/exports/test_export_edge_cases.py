"""Exports of meetings that are not (yet) filled in, and of the follow-up programme."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from sqlmodel import Session

from app.catalog.loader import Catalog
from app.exports import service
from tests.support.scans import ScanFactory


@pytest.mark.parametrize("mode", ["named", "anonymised", "regional"])
def test_every_export_works_before_anyone_answered(
    db: Session, catalog: Catalog, scans: ScanFactory, mode: str
) -> None:
    meeting = scans.meeting(privacy_mode=mode)
    first = next(iter(scans.municipalities(meeting).values()))
    verslag = docx.Document(io.BytesIO(service.verslag_docx(session=db, catalog=catalog, meeting=meeting).content))
    assert "Er zijn bij deze vragen geen toelichtingen of nuanceringen gegeven." in [p.text for p in verslag.paragraphs]
    assert "Geen vragen niet op orde." in [p.text for p in verslag.paragraphs]
    workbook = openpyxl.load_workbook(
        io.BytesIO(service.results_xlsx(session=db, catalog=catalog, meeting=meeting).content)
    )
    assert workbook.sheetnames[0] == "Overzicht"
    for municipality_id in (first.id, None):
        plan = docx.Document(
            io.BytesIO(
                service.plan_docx(session=db, catalog=catalog, meeting=meeting, municipality_id=municipality_id).content
            )
        )
        filled = [row for table in plan.tables for row in table.rows[1:] if row.cells[0].text]
        assert len(plan.tables) >= 5 and not [r for r in filled if r.cells[0].text.startswith("Vraag")]


def test_follow_up_results_block_covers_every_question(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting(agenda_key="follow-up")
    scans.fill(meeting)
    document = docx.Document(io.BytesIO(service.verslag_docx(session=db, catalog=catalog, meeting=meeting).content))
    level3 = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert level3 == ["Resultaten vragen 1 t/m 31"]
    assert any("plannen staan in de afzonderlijke documenten" in p.text for p in document.paragraphs)


def test_long_and_odd_municipality_names_make_valid_unique_sheet_names(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    names = (
        "Gemeente met een hele lange naam: deel 1",
        "Gemeente met een hele lange naam: deel 2",
        "Sint-Michielsgestel [NB]",
        "=Formule",
    )
    meeting = scans.meeting(names=names, privacy_mode="named")
    wb = openpyxl.load_workbook(io.BytesIO(service.results_xlsx(session=db, catalog=catalog, meeting=meeting).content))
    sheets = [ws.title for ws in wb.worksheets if ws["A2"].value == "Gemeente"]
    assert len(sheets) == len(set(sheets)) == 4
    assert all(len(s) <= 31 and not set(s) & set("[]:*?/\\") for s in sheets)
    assert [wb[s]["B2"].value for s in sheets] == list(names)
    assert wb[sheets[3]]["B2"].data_type == "s"
