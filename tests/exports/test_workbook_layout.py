"""The results workbook as an official opens it: real numbers and percentages, rows that show their
text, a printable page setup, one filtered table per sheet with its own header frozen, readable
unique sheet names whatever the municipalities are called, and the follow-up's sheets."""

from __future__ import annotations

import io
import re
import textwrap

import openpyxl
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.catalog.loader import Catalog
from app.exports import service
from app.meetings.models import Meeting
from tests.exports.test_export_followup import KNELPUNTEN, MAATREGEL, _follow_up
from tests.support.scans import EXPORT_SECRET, NAMES, ScanFactory

NUMBER_TEXT = re.compile(r"^\s*-?\d+(?:[.,]\d+)?\s*%?\s*$")
LONG = "Dit is een toelichting die over meerdere regels loopt omdat er veel te vertellen valt. " * 4


def workbook(session: Session, catalog: Catalog, meeting: Meeting, privacy: str | None = None) -> openpyxl.Workbook:
    data = service.results_xlsx(session=session, catalog=catalog, meeting=meeting, privacy=privacy).content
    return openpyxl.load_workbook(io.BytesIO(data))


def municipality_sheets(wb: openpyxl.Workbook) -> list[str]:
    return [ws.title for ws in wb.worksheets if ws["A2"].value == "Gemeente"]


def test_numbers_are_numbers_and_percentages_are_fractions_in_a_percent_format(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    earlier = scans.meeting(privacy_mode="named")
    scans.fill(earlier, shift=1)
    meeting = scans.meeting(privacy_mode="named", earlier_scan_id=earlier.id)
    scans.fill(meeting)
    wb = workbook(db, catalog, meeting)
    numeric_text = [
        (ws.title, c.coordinate, c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.data_type == "s" and NUMBER_TEXT.match(c.value)
    ]
    assert numeric_text == []
    percent_cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if "%" in c.number_format]
    assert percent_cells
    assert all(c.number_format == "0.0%" for c in percent_cells)
    stored = [c.value for c in percent_cells if c.data_type == "n"]
    assert stored and all(0 <= v <= 1 for v in stored)  # the earlier scan's scores: fractions, not 0–100
    assert not [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if '"%"' in c.number_format]


def test_rows_are_high_enough_for_their_wrapped_text(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting(privacy_mode="named")
    scans.fill(meeting, toelichting=LONG + "{q}", nuancering="Eerste regel\nTweede regel\nDerde regel")
    wb = workbook(db, catalog, meeting)
    checked = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if not (isinstance(c.value, str) and c.alignment.wrap_text and c.value.strip()):
                    continue
                width = ws.column_dimensions[c.column_letter].width
                # Generous: 1.2 characters per unit of width (an office program fits at least that many).
                lines = sum(len(textwrap.wrap(p, int(width * 1.2))) or 1 for p in c.value.split("\n"))
                height = ws.row_dimensions[c.row].height or 15
                assert height >= min(409, 12 * lines), (ws.title, c.coordinate, lines, height)
                checked += 1
    assert checked > 100


def test_every_sheet_prints_on_a4_fit_to_width_with_its_header_repeated(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    meeting = scans.meeting(privacy_mode="named")
    scans.fill(meeting)
    wb = workbook(db, catalog, meeting)
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title
        assert ws.print_title_rows, ws.title
    for name in ("Overzicht", "Antwoorden", *NAMES):
        assert wb[name].page_setup.orientation == "landscape"


def test_each_table_has_a_filter_and_its_own_header_frozen(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting(privacy_mode="named")
    scans.fill(meeting)
    wb = workbook(db, catalog, meeting)
    bussum = wb["Bussum"]
    assert bussum.auto_filter.ref == "A6:H37"
    assert bussum.freeze_panes == "B7" and bussum["A6"].value == "Vraag"
    assert bussum.print_title_rows == "$6:$6"
    overview = wb["Overzicht"]
    assert overview.auto_filter.ref == "A5:N8"
    assert overview.freeze_panes == "B6" and overview["A5"].value == "Gemeente"
    for ws in wb.worksheets:
        top = int(re.sub(r"\D", "", ws.freeze_panes)) - 1
        assert ws.auto_filter.ref and ws.auto_filter.ref.split(":")[0].endswith(str(top)), ws.title
        assert ws.cell(row=top, column=1).fill.fgColor.rgb.endswith("DCE6F1"), ws.title  # the frozen row is a header


def test_hostile_municipality_names_give_valid_distinct_readable_sheet_names(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    names = (
        "'s-Hertogenbosch",
        "Noord/Zuid: wat? * [oud]",
        "Gemeente met een bijzonder lange naam, deel Oost",
        "Gemeente met een bijzonder lange naam, deel West",
        "Bergen  op   Zoom",
        "Regio Drie Dorpen",
        "=Formule",
        "History",
    )
    meeting = scans.meeting(names=names, privacy_mode="named")
    for m in scans.municipalities(meeting).values():  # control characters reach the database some other way
        m.name = {"Regio Drie Dorpen": "Regio\x0bDrie\x0cDorpen"}.get(m.name, m.name)
        db.add(m)
    meeting.region = "Regio\x0bWest\x0c"
    db.add(meeting)
    db.commit()
    scans.fill(meeting)
    wb = workbook(db, catalog, meeting)
    sheets = municipality_sheets(wb)
    assert len(sheets) == len(set(s.casefold() for s in sheets)) == len(names)
    assert all(0 < len(s) <= 31 and not set(s) & set("[]:*?/\\") and s[0] != "'" and s[-1] != "'" for s in sheets)
    assert all("  " not in s and not re.search(r"[\x00-\x1f]", s) for s in sheets)
    assert "’s-Hertogenbosch" in sheets
    assert "Bergen op Zoom" in sheets
    assert "Regio Drie Dorpen" in sheets
    long_ones = [s for s in sheets if s.startswith("Gemeente met een")]
    assert len(long_ones) == 2 and {s[-4:] for s in long_ones} == {"Oost", "West"}
    assert "History" not in sheets and "history" not in [s.casefold() for s in sheets]
    assert wb[sheets[0]]["B2"].value == "'s-Hertogenbosch"


def test_a_control_character_in_the_region_or_a_name_downloads_over_http(
    http: TestClient, app_scans: ScanFactory
) -> None:
    meeting = app_scans.meeting(privacy_mode="named")
    app_scans.fill(meeting)
    bussum = app_scans.municipalities(meeting)["Bussum"]
    bussum.name = "Bus\x0bsum"
    meeting.region = "Regio\x0bTest\x0cland"
    app_scans.session.add_all([bussum, meeting])
    app_scans.session.commit()
    response = http.get(
        f"/api/meetings/{meeting.id}/export/results.xlsx", headers={"Authorization": f"Bearer {EXPORT_SECRET}"}
    )
    assert response.status_code == 200, response.text[:300]
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(municipality_sheets(wb)) == 3


def test_follow_up_workbook_has_plan_rows_themes_and_agreements(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    data = _follow_up(db, catalog, scans, privacy_mode="named")
    wb = workbook(db, catalog, data.meeting)
    assert {"Plan van aanpak", "Themagroepen", "Afspraken"} <= set(wb.sheetnames)
    plan = wb["Plan van aanpak"]
    header = [c.value for c in plan[3]]
    assert header[:3] == ["Gemeente", "Groep", "Maatregel/verbeterpunt"]
    assert header[-3:] == ["Prioriteit", "Regionaal of lokaal", "Vraag"]
    row = {h: c.value for h, c in zip(header, plan[4], strict=True)}
    assert row["Gemeente"] == "Bussum" and row["Maatregel/verbeterpunt"] == MAATREGEL
    assert row["Prioriteit"] == "hoog" and row["Regionaal of lokaal"] == "Lokaal" and row["Kosten"]
    assert plan.auto_filter.ref and plan.freeze_panes == "B4"
    themes = wb["Themagroepen"]
    assert themes["A4"].value == "Zicht op veiligheid" and themes["C4"].value == KNELPUNTEN
    kinds = [c.value for c in wb["Afspraken"]["A"][3:]]
    assert kinds == ["Afspraak", "Actiepunt"]
    # Anonymised: the plan row's municipality is a letter, no name anywhere in the sheet.
    anonymous = workbook(db, catalog, data.meeting, privacy="anonymised")["Plan van aanpak"]
    assert anonymous["A4"].value.startswith("Gemeente ")
    assert not [c for row in anonymous.iter_rows() for c in row if "Bussum" in str(c.value or "")]
    # Without any follow-up data there are no such sheets.
    plain = scans.meeting(privacy_mode="named")
    assert not {"Plan van aanpak", "Themagroepen", "Afspraken"} & set(workbook(db, catalog, plain).sheetnames)


def test_the_question_part_is_a_number_when_the_question_has_no_part(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    meeting = scans.meeting(privacy_mode="named")
    ws = workbook(db, catalog, meeting)["Bussum"]
    assert ws["C7"].value == 1 and isinstance(ws["C7"].value, int)
