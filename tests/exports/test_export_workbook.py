"""The results workbook (Excel): sheets, native radar charts, inert free text, privacy."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlmodel import Session

from app.catalog.loader import Catalog
from app.exports import service
from app.meetings.models import Meeting
from tests.support.scans import NAMES, ScanFactory, names_found, zip_texts


def workbook(session: Session, catalog: Catalog, meeting: Meeting, privacy: str | None = None) -> bytes:
    return service.results_xlsx(session=session, catalog=catalog, meeting=meeting, privacy=privacy).content


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def chart_parts(data: bytes) -> dict[str, str]:
    """Chart XML parts, without the optional "c:" namespace prefix."""
    return {
        name: text.replace("<c:", "<").replace("</c:", "</")
        for name, text in zip_texts(data).items()
        if name.startswith("xl/charts/chart")
    }


def test_one_sheet_per_municipality_plus_overview_and_question_set(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    meeting = scans.meeting(privacy_mode="named")
    scans.fill(meeting)
    wb = load(workbook(db, catalog, meeting))
    assert wb.sheetnames == ["Overzicht", "Antwoorden", *NAMES, "Standaarden", "Vragenset"]
    info = {row[0]: row[1] for row in wb["Vragenset"].iter_rows(min_row=3, max_row=9, max_col=2, values_only=True)}
    assert info["Sleutel"] == "kwaliteitskader-2021"
    assert info["Versie"] == 1
    assert info["Privacystand (code)"] == "named"


def test_every_municipality_sheet_and_the_overview_have_a_native_radar_chart(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    meeting = scans.meeting(privacy_mode="named")
    scans.fill(meeting)
    data = workbook(db, catalog, meeting)
    charts = chart_parts(data)
    assert len(charts) == len(NAMES) + 1
    assert all("<radarChart>" in text for text in charts.values())
    wb = load(data)
    assert all(len(wb[name]._charts) == 1 for name in (*NAMES, "Overzicht"))


def test_municipality_sheet_has_answers_remarks_and_scores(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting(privacy_mode="named")
    scans.fill(meeting, toelichting="Uitleg {name} {q}", nuancering="Nuance {q}")
    ws = load(workbook(db, catalog, meeting))["Bussum"]
    assert ws["B2"].value == "Bussum"
    header = [c.value for c in ws[6][:8]]
    assert header == [
        "Vraag",
        "Standaard",
        "Onderdeel",
        "Vraagtekst",
        "Antwoord",
        "Toelichting",
        "Nuancering",
        "Checklist",
    ]
    row = [c.value for c in ws[7][:7]]  # question 1; Bussum is position 1: (1 + 1) % 3 -> open
    assert row[0] == 1 and row[4] == "Nog open" and row[5] == "Uitleg Bussum 1" and row[6] == "Nuance 1"
    assert ws["E8"].value == "Op orde"  # question 2: (2 + 1) % 3 = 0
    assert ws["E9"].value == "Niet op orde"
    # The scores are formulas over the answer column, one per standard, headed by the axis labels.
    assert [c.value for c in ws[1][9:20]] == ["Standaard", *(f"St. {n}" for n in range(1, 11))]
    assert ws["J2"].value == "Bussum" and ws["J3"].value == "Regionaal gemiddelde"
    assert ws["K2"].data_type == "f" and "$E$7:$E$37" in ws["K2"].value and '"Op orde"' in ws["K2"].value
    assert ws["K2"].number_format == "0.0%"
    assert ws["K3"].value.startswith("='Overzicht'!")
    (validation,) = ws.data_validations.dataValidation
    assert str(validation.sqref) == "E7:E37"
    assert validation.formula1 == '"Op orde,Niet op orde,Nog open"'


@pytest.mark.parametrize(
    "text", ["=cmd()", '=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "<script>alert(1)</script>"]
)
def test_free_text_never_becomes_a_formula(db: Session, catalog: Catalog, scans: ScanFactory, text: str) -> None:
    meeting = scans.meeting(privacy_mode="named")
    scans.answer(meeting, "Bussum", 1, "niet_op_orde", toelichting=text, nuancering=text)
    data = workbook(db, catalog, meeting)
    ws = load(data)["Bussum"]
    for cell in (ws["F7"], ws["G7"]):
        assert cell.value == text
        assert cell.data_type == "s"
        assert cell.quotePrefix == (text[0] in "=+-@")  # Excel keeps it text when the cell is edited
    formulas = [
        c.value for sheet in load(data).worksheets for row in sheet.iter_rows() for c in row if c.data_type == "f"
    ]
    assert formulas, "the scores are formulas"
    assert not [f for f in formulas if text.lstrip("=+-@") in f]


@pytest.mark.parametrize("mode", ["anonymised", "regional"])
def test_no_municipality_name_anywhere_in_the_workbook(
    db: Session, catalog: Catalog, scans: ScanFactory, mode: str
) -> None:
    meeting = scans.meeting(privacy_mode="named")
    scans.fill(meeting, toelichting="Bij {name} gaat dit goed", nuancering="anders dan in Amstelveen")
    data = workbook(db, catalog, meeting, privacy=mode)
    assert names_found(data) == []
    wb = load(data)
    expected = (
        ["Overzicht", "Antwoorden", "Gemeente A", "Gemeente B", "Gemeente C", "Standaarden", "Vragenset"]
        if mode == "anonymised"
        else ["Overzicht", "Per vraag", "Standaarden", "Vragenset"]
    )
    assert wb.sheetnames == expected
    assert wb.properties.creator == "Zelfscan Live"


def test_regional_workbook_counts_answers_per_question(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting(privacy_mode="regional")
    scans.fill(meeting)
    ws = load(workbook(db, catalog, meeting))["Per vraag"]
    assert next(c.value for c in ws[4][:6]) == 1
    assert ws["D4"].value + ws["E4"].value + ws["F4"].value == len(NAMES)  # each pattern appears once per question
    assert (ws["D4"].value, ws["E4"].value, ws["F4"].value) == (1, 1, 1)


def test_earlier_scan_appears_in_the_sheet_and_its_chart(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    earlier = scans.meeting(privacy_mode="named")
    scans.fill(earlier, shift=1)
    meeting = scans.meeting(privacy_mode="named", earlier_scan_id=earlier.id)
    scans.fill(meeting)
    data = workbook(db, catalog, meeting)
    ws = load(data)["Bussum"]
    assert ws["J4"].value == "Vorige scan"
    assert all(0 <= c.value <= 1 and c.number_format == "0.0%" for c in ws[4][10:20])
    chart = next(text for text in chart_parts(data).values() if "'Bussum'!$K$4:$T$4" in text)
    assert chart.count("<ser>") == 3  # Bussum, regional average, earlier scan
    overview = load(data)["Overzicht"]
    assert "Regionaal, vorige scan" in [c.value for c in overview["A"]]
