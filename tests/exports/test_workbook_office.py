"""The results workbook in a real office program (LibreOffice): editing an answer after the meeting
updates the score, the overview and the radar chart; the workbook prints on a bounded number of pages.

One export and two conversions for the whole module (LibreOffice is slow).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import Session

from app.catalog.loader import load_catalog
from app.core.db import create_schema, make_engine
from app.exports import service
from app.meetings.models import Meeting
from app.meetings.service import municipalities_of
from app.zelfscan.results import build_results
from tests.exports.test_workbook_roundtrip import AWKWARD, answers
from tests.support.office import convert, pdf_page_count, pdf_pages
from tests.support.scans import ScanFactory

# An apostrophe at the start (a typographic one in the sheet name) and inside (doubled in formulas).
NAMES = ("Amstelveen", "'s-Hertogenbosch", "Koggenland 't Veld")
EDITED_SHEET = "Amstelveen"
STANDARDS = 10
QUESTIONS = 31
PAGES_PER_MUNICIPALITY = 3  # a municipality sheet with a long toelichting on every question
OTHER_PAGES = 6  # overview, answer grid, standards, question set (two pages)


@dataclass
class Office:
    session: Session
    meeting: Meeting
    scores: dict[str, dict[int, float]]  # sheet name -> standard -> app's score (0–1) before the edit
    sheets: list[str]
    edited_question: int  # the question of standard 1 whose answer was changed to "Op orde"
    recalculated: Path
    pdf: Path


def _chart_values(path: Path) -> dict[str, list[float]]:
    """Each chart series' data range (as LibreOffice saved it) -> the values it cached."""
    series: dict[str, list[float]] = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.startswith("xl/charts/chart"):
                continue
            xml = archive.read(name).decode("utf-8")
            for val in re.findall(r"<c:val>(.*?)</c:val>", xml, re.S):
                (reference,) = re.findall(r"<c:f>([^<]*)</c:f>", val)
                series[reference.replace("&apos;", "'")] = [float(v) for v in re.findall(r"<c:v>([^<]*)</c:v>", val)]
    return series


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    folder = tmp_path_factory.mktemp("office")
    engine = make_engine(f"sqlite:///{folder / 'office.db'}")
    create_schema(engine)
    catalog = load_catalog()
    with Session(engine, expire_on_commit=False) as session:
        scans = ScanFactory(session, catalog)
        meeting = scans.meeting(names=NAMES, privacy_mode="named")
        scans.fill(meeting, toelichting="Toelichting {name} bij vraag {q}: " + "zo werkt het hier in de praktijk. " * 6)
        for (_, question), answer in answers(session, meeting).items():
            answer.nuancering = AWKWARD[question % len(AWKWARD)]  # line breaks, control characters, spaces
            session.add(answer)
        session.commit()
        results = build_results(
            session=session, meeting=meeting, question_set=catalog.question_set(meeting.question_set_key), mode="named"
        )
        data = service.results_xlsx(session=session, catalog=catalog, meeting=meeting).content
        original = folder / "resultaten.xlsx"
        original.write_bytes(data)
        wb = openpyxl.load_workbook(io.BytesIO(data))
        sheets = [ws.title for ws in wb.worksheets if ws["A2"].value == "Gemeente"]
        scores = {
            sheet: {n: m.scores[n] / 100 for n in range(1, STANDARDS + 1)}
            for sheet, m in zip(sheets, results.municipalities, strict=True)
        }
        # An official changes one answer of standard 1 that was not op orde.
        ws = wb[EDITED_SHEET]
        row = next(r for r in range(7, 7 + QUESTIONS) if ws.cell(r, 2).value == 1 and ws.cell(r, 5).value != "Op orde")
        ws.cell(row, 5).value = "Op orde"
        edited = folder / "bewerkt.xlsx"
        wb.save(edited)
        yield Office(
            session=session,
            meeting=meeting,
            scores=scores,
            sheets=sheets,
            edited_question=ws.cell(row, 1).value,
            recalculated=convert(edited, "xlsx"),
            pdf=convert(original, "pdf"),
        )
    engine.dispose()


def test_editing_an_answer_updates_the_score_overview_and_chart(office: Office) -> None:
    wb = openpyxl.load_workbook(office.recalculated, data_only=True)
    ws = wb[EDITED_SHEET]
    before = office.scores[EDITED_SHEET]
    after = [ws.cell(2, 11 + i).value for i in range(STANDARDS)]
    questions_of_standard_1 = sum(1 for r in range(7, 7 + QUESTIONS) if ws.cell(r, 2).value == 1)
    assert after[0] == pytest.approx(before[1] + 1 / questions_of_standard_1)
    assert after[1:] == pytest.approx([before[n] for n in range(2, STANDARDS + 1)], abs=0.001)  # the app rounds
    # The overview follows the municipality sheet, and the regional average follows the overview.
    overview = wb["Overzicht"]
    row = next(r for r in range(6, 6 + len(office.sheets)) if overview.cell(r, 1).value == EDITED_SHEET)
    assert overview.cell(row, 2).value == pytest.approx(after[0])
    average = next(r for r in range(6, 20) if overview.cell(r, 1).value == "Regionaal gemiddelde")
    expected_average = (after[0] + sum(office.scores[s][1] for s in office.sheets if s != EDITED_SHEET)) / 3
    assert overview.cell(average, 2).value == pytest.approx(expected_average, abs=0.001)
    assert ws["K3"].value == pytest.approx(expected_average, abs=0.001)
    # The radar chart's data range holds the new score.
    charts = _chart_values(office.recalculated)
    (own,) = [values for reference, values in charts.items() if reference.endswith("Amstelveen!$K$2:$T$2")]
    assert own == pytest.approx(after)
    assert own[0] != pytest.approx(before[1])


def test_untouched_municipalities_compute_the_apps_own_scores(office: Office) -> None:
    wb = openpyxl.load_workbook(office.recalculated, data_only=True)
    for sheet in office.sheets[1:]:
        ws = wb[sheet]
        computed = [ws.cell(2, 11 + i).value for i in range(STANDARDS)]
        assert computed == pytest.approx([office.scores[sheet][n] for n in range(1, STANDARDS + 1)], abs=0.001)
    grid = wb["Antwoorden"]
    row = next(r for r in range(5, 9) if grid.cell(r, 1).value == EDITED_SHEET)
    assert grid.cell(row, 1 + office.edited_question).value == "+"


def test_the_workbook_prints_on_a_bounded_number_of_pages_with_whole_charts(office: Office) -> None:
    pages = pdf_pages(office.pdf)
    assert pdf_page_count(office.pdf) <= OTHER_PAGES + PAGES_PER_MUNICIPALITY * len(NAMES)
    # Each municipality's first page has its title, its score table and its whole chart (every axis label).
    for name in NAMES:
        first = next(p for p in pages if f"Zelfscan {name}" in p)
        # Every axis label twice: in the score table and around the chart.
        assert all(len(re.findall(rf"St\. {n}\b", first)) >= 2 for n in range(1, STANDARDS + 1)), first
        assert "Regionaal gemiddelde" in first
    # The header row repeats on every page of a municipality's answers.
    answer_pages = [p for p in pages if "Toelichting" in p and "bij vraag" in p]
    assert len(answer_pages) >= len(NAMES)
    assert all("Vraagtekst" in p for p in answer_pages)


def test_a_workbook_saved_by_the_office_program_imports_only_the_edited_answer(office: Office) -> None:
    catalog = load_catalog()
    amstelveen = next(
        m for m in municipalities_of(session=office.session, meeting=office.meeting) if m.name == EDITED_SHEET
    )
    report = service.import_file(
        session=office.session,
        catalog=catalog,
        meeting=office.meeting,
        filename="resultaten.xlsx",
        data=office.recalculated.read_bytes(),
    )
    assert (report.answers_changed, report.changes) == (1, 1), report.message()
    assert answers(office.session, office.meeting)[(amstelveen.id or 0, office.edited_question)].status == "op_orde"
