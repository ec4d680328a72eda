"""The results workbook (.xlsx): a working zelfscan, like the VNG Excel.

One sheet per municipality with its answers as drop-down lists; its scores and its radar chart are
formulas over those answer cells, so editing an answer after the meeting updates them. The
overview and the answer grid are formulas over the municipality sheets. Percentages are 0–1
values in a percent format, numbers are numbers. Every sheet has one table: its header frozen and
repeated on printed pages, an autofilter, rows high enough for their wrapped text, A4 fit to width.

Free text is always stored as a string cell: a toelichting starting with =, +, - or @ can never
become a formula (data type forced to string, and Excel's quote prefix set so editing keeps it).
Only formulas the app composes are written as formulas.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.chart import RadarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from app.catalog.loader import Catalog, Question
from app.core.dutch import dutch_date
from app.core.privacy import clean_text
from app.core.times import now_local, zone_of
from app.exports import workbook_plan_sheets
from app.exports.scan import SCAN_KINDS, ScanData, load_scan, status_label
from app.exports.xlsx_tools import (
    PERCENT,
    fit_rows,
    formula,
    header,
    number_or_text,
    print_setup,
    put,
    ref,
    sheet_span,
    sheet_title,
    span,
    table,
)
from app.exports.xlsx_tools import widths as set_widths
from app.meetings.models import Meeting, Municipality
from app.zelfscan.scoring import GRID_MARKS, NIET_OP_ORDE, OP_ORDE, OPEN, PRIVACY_LABELS, STATUS_LABELS

OVERVIEW = "Overzicht"
ANSWERS = "Antwoorden"
STANDARDS = "Standaarden"
QUESTION_SET = "Vragenset"
PER_QUESTION = "Per vraag"
APP_SHEETS = (OVERVIEW, ANSWERS, STANDARDS, QUESTION_SET, PER_QUESTION, *workbook_plan_sheets.SHEETS)
# Layout of a municipality sheet, shared with the importer.
NAME_CELL = "B2"
ANSWER_HEADER = ("Vraag", "Standaard", "Onderdeel", "Vraagtekst", "Antwoord", "Toelichting", "Nuancering", "Checklist")
HEADER_ROW = 6
SCORE_COLUMN = 10  # J: the scores (rows 1-4) and the chart sit right of the answers
SETTINGS_KEYS = {"key": "Sleutel", "version": "Versie", "mode": "Privacystand (code)"}
OVERVIEW_HEADER_ROW = 5
STATUS_FILL = {OP_ORDE: PatternFill("solid", fgColor="E3F4E9"), NIET_OP_ORDE: PatternFill("solid", fgColor="FBE6E3")}


def axis_label(number: int) -> str:
    """The short name of a standard on every chart axis and column header."""
    return f"St. {number}"


def part(question: Question) -> int | str:
    """The question's part of its standard: "3a", or the standard's number (a number, not text)."""
    return f"{question.standard}{question.sub}" if question.sub else question.standard


def build_workbook(
    *, session: Session, catalog: Catalog, meeting: Meeting, mode: str, now: dt.datetime | None = None
) -> bytes:
    """The results workbook of `meeting` in privacy `mode`, as .xlsx bytes."""
    scan = load_scan(session=session, catalog=catalog, meeting=meeting, mode=mode)
    now = (now or now_local(meeting)).astimezone(zone_of(meeting))
    wb = Workbook()
    _properties(wb, scan, now)
    taken: set[str] = set()
    sheets: list[tuple[str, Municipality]] = []
    if mode != "regional":
        by_id = {m.id: m for m in scan.municipalities}
        for result in scan.results.municipalities:
            sheets.append((sheet_title(result.label, taken, APP_SHEETS), by_id[result.id]))
    overview = wb.active
    overview.title = OVERVIEW
    average_row = _overview(overview, scan, sheets)
    if mode == "regional":
        _per_question(wb.create_sheet(PER_QUESTION), scan)
    else:
        _grid(wb.create_sheet(ANSWERS), scan, sheets)
        for title, municipality in sheets:
            _municipality(wb.create_sheet(title), scan, municipality, average_row)
    _standards(wb.create_sheet(STANDARDS), scan, len(sheets))
    workbook_plan_sheets.add_sheets(wb, session=session, scan=scan)
    _question_set(wb.create_sheet(QUESTION_SET), scan, now)
    wb.calculation = CalcProperties(fullCalcOnLoad=True)  # no cached results: the office program computes them
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _properties(wb: Workbook, scan: ScanData, now: dt.datetime) -> None:
    props = wb.properties
    props.creator = "Zelfscan Live"
    props.lastModifiedBy = "Zelfscan Live"
    props.title = f"Resultaten zelfscan {clean_text(scan.meeting.region)}"
    props.subject = f"Zelfscan Kwaliteitskader, {dutch_date(scan.meeting.date, weekday=False)}"
    props.description = f"{PRIVACY_LABELS.get(scan.mode, scan.mode)}; vragenset {scan.question_set.label}"
    props.keywords = "zelfscan; kwaliteitskader; resultaten"
    props.category = "Zelfscan Kwaliteitskader"
    utc = now.astimezone(dt.UTC)  # openpyxl writes the value as UTC ("Z")
    props.created = utc
    props.modified = utc


def _radar(title: str, *, width: float, height: float) -> RadarChart:
    chart = RadarChart()
    chart.type = "marker"
    chart.title = clean_text(title)
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
    chart.y_axis.majorUnit = 0.25
    chart.y_axis.number_format = "0%"
    chart.y_axis.delete = False
    chart.width, chart.height = width, height
    return chart


def _answers_span(sheet: str, scan: ScanData) -> str:
    """The answer column of a municipality sheet, as a reference from another sheet."""
    first, last = HEADER_ROW + 1, HEADER_ROW + len(scan.question_set.questions)
    return sheet_span(sheet, first, last, 5)


def _overview(ws: Worksheet, scan: ScanData, sheets: list[tuple[str, Municipality]]) -> int:
    """The scores of every municipality (formulas over their sheets) and the regional average; returns its row."""
    results = scan.results
    standards = scan.question_set.standards
    put(
        ws, 1, 1, f"Resultaten zelfscan {scan.meeting.region}, {dutch_date(scan.scan.date, weekday=False)}"
    ).font = Font(bold=True, size=14)
    put(
        ws,
        2,
        1,
        f"{SCAN_KINDS.get(scan.scan.scan_kind, scan.scan.scan_kind)} · {PRIVACY_LABELS.get(scan.mode, scan.mode)}"
        f" · vragenset {scan.question_set.label}",
    )
    put(
        ws,
        3,
        1,
        "Score: het aandeel vragen van een kwaliteitsstandaard dat op orde is. De scores volgen de antwoorden op de "
        f"bladen per gemeente; de titels van de standaarden staan op het blad {STANDARDS}.",
    )
    top = OVERVIEW_HEADER_ROW
    count_col = 2 + len(standards)
    header(
        ws, top, 1, ("Gemeente", *(axis_label(s.number) for s in standards), "Beantwoord", "Op orde", "Niet op orde")
    )
    row = top
    for row, (sheet, municipality) in enumerate(sheets, start=top + 1):
        put(ws, row, 1, scan.label(municipality), bold=True)
        for offset in range(len(standards)):
            formula(ws, row, 2 + offset, "=" + ref(sheet, 2, SCORE_COLUMN + 1 + offset), number_format=PERCENT)
        answers = _answers_span(sheet, scan)
        op, niet = STATUS_LABELS[OP_ORDE], STATUS_LABELS[NIET_OP_ORDE]
        formula(ws, row, count_col, f'=COUNTIF({answers},"{op}")+COUNTIF({answers},"{niet}")')
        formula(ws, row, count_col + 1, f'=COUNTIF({answers},"{op}")')
        formula(ws, row, count_col + 2, f'=COUNTIF({answers},"{niet}")')
    last = row
    row = last + 2
    average_row = row
    put(ws, row, 1, "Regionaal gemiddelde", bold=True)
    for offset, s in enumerate(standards):
        column = get_column_letter(2 + offset)
        if sheets:
            formula(ws, row, 2 + offset, f"=AVERAGE({column}{top + 1}:{column}{last})", number_format=PERCENT)
        else:
            put(ws, row, 2 + offset, results.regional.get(s.number, 0.0) / 100).number_format = PERCENT
    if results.regional_previous:
        row += 1
        put(ws, row, 1, "Regionaal, vorige scan", bold=True)
        for offset, s in enumerate(standards):
            put(ws, row, 2 + offset, results.regional_previous.get(s.number, 0.0) / 100).number_format = PERCENT
    chart = _radar("Spinnenweb: regionaal gemiddelde", width=16, height=10)
    data = Reference(ws, min_col=1, max_col=1 + len(standards), min_row=average_row, max_row=row)
    chart.add_data(data, from_rows=True, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, max_col=1 + len(standards), min_row=top, max_row=top))
    ws.add_chart(chart, f"A{row + 2}")
    set_widths(ws, (24, *(8 for _ in standards), 11, 9, 11))
    fit_rows(ws, first_row=top)
    if sheets:
        table(ws, header_row=top, first_column=1, last_column=count_col + 2, last_row=last)
    else:
        ws.freeze_panes = ws.cell(row=top + 1, column=2)
    print_setup(ws, landscape=True)
    return average_row


def _grid(ws: Worksheet, scan: ScanData, sheets: list[tuple[str, Municipality]]) -> None:
    """Municipalities × questions, each cell a formula over the municipality's answer."""
    questions = scan.question_set.questions
    put(ws, 1, 1, "Antwoorden per gemeente en vraag", bold=True).font = Font(bold=True, size=14)
    put(ws, 2, 1, "+ op orde · − niet op orde · · nog open (volgt de antwoorden op de bladen per gemeente)")
    top = 4
    header(ws, top, 1, ("Gemeente", *(q.number for q in questions)))
    op, niet = STATUS_LABELS[OP_ORDE], STATUS_LABELS[NIET_OP_ORDE]
    for row, (sheet, municipality) in enumerate(sheets, start=top + 1):
        put(ws, row, 1, scan.label(municipality), bold=True)
        for offset in range(len(questions)):
            answer = ref(sheet, HEADER_ROW + 1 + offset, 5)
            mark = f'=IF({answer}="{op}","{GRID_MARKS[OP_ORDE]}",IF({answer}="{niet}","{GRID_MARKS[NIET_OP_ORDE]}",'
            formula(ws, row, 2 + offset, mark + f'"{GRID_MARKS[OPEN]}"))')
    last = top + len(sheets)
    cells = f"B{top + 1}:{get_column_letter(1 + len(questions))}{max(last, top + 1)}"
    for status, fill in STATUS_FILL.items():
        ws.conditional_formatting.add(
            cells, CellIsRule(operator="equal", formula=[f'"{GRID_MARKS[status]}"'], fill=fill)
        )
    set_widths(ws, (24, *(4 for _ in questions)))
    table(ws, header_row=top, first_column=1, last_column=1 + len(questions), last_row=last)
    print_setup(ws, landscape=True)


def _municipality(ws: Worksheet, scan: ScanData, municipality: Municipality, average_row: int) -> None:
    label = scan.label(municipality)
    put(ws, 1, 1, f"Zelfscan {label}").font = Font(bold=True, size=14)
    for row, (title, value) in enumerate(
        (("Gemeente", label), ("Regio", scan.meeting.region), ("Vragenset", scan.question_set.label)), start=2
    ):
        put(ws, row, 1, title, bold=True)
        put(ws, row, 2, value)
    header(ws, HEADER_ROW, 1, ANSWER_HEADER)
    checklists = {q.number for q in scan.question_set.questions if q.checklist}
    for row, question in enumerate(scan.question_set.questions, start=HEADER_ROW + 1):
        answer = scan.answer(municipality.id or 0, question.number)
        put(ws, row, 1, question.number)
        put(ws, row, 2, question.standard)
        put(ws, row, 3, part(question))
        put(ws, row, 4, question.text, wrap=True)
        put(ws, row, 5, status_label(answer.status if answer else OPEN))
        put(ws, row, 6, scan.redact(answer.toelichting) if answer else "", wrap=True)
        put(ws, row, 7, scan.redact(answer.nuancering) if answer else "", wrap=True)
        if question.number in checklists:
            put(ws, row, 8, ", ".join(answer.checklist) if answer else "")
    last = HEADER_ROW + len(scan.question_set.questions)
    answers = f"E{HEADER_ROW + 1}:E{last}"
    choices = ",".join(STATUS_LABELS[s] for s in (OP_ORDE, NIET_OP_ORDE, OPEN))
    validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    validation.error, validation.errorTitle = "Kies op orde, niet op orde of nog open.", "Ongeldig antwoord"
    validation.prompt, validation.promptTitle = "Kies op orde, niet op orde of nog open.", "Antwoord"
    ws.add_data_validation(validation)
    validation.add(answers)
    for status, fill in STATUS_FILL.items():
        ws.conditional_formatting.add(
            answers, CellIsRule(operator="equal", formula=[f'"{STATUS_LABELS[status]}"'], fill=fill)
        )
    set_widths(ws, (10, 10, 10, 50, 13, 40, 30, 11, 2, 22))
    _scores(ws, scan, municipality, label, average_row)
    fit_rows(ws, first_row=HEADER_ROW)
    table(ws, header_row=HEADER_ROW, first_column=1, last_column=len(ANSWER_HEADER), last_row=last)
    print_setup(ws, landscape=True)


def _scores(ws: Worksheet, scan: ScanData, municipality: Municipality, label: str, average_row: int) -> None:
    """Scores per standard (formulas over the answers) in rows 1-4 right of the answers, the chart below them."""
    col = SCORE_COLUMN
    standards = scan.question_set.standards
    first, last = HEADER_ROW + 1, HEADER_ROW + len(scan.question_set.questions)
    numbers, answers = span(first, last, 2), span(first, last, 5)
    put(ws, 1, col, "Standaard", bold=True).fill = PatternFill("solid", fgColor="DCE6F1")
    put(ws, 2, col, label, bold=True)
    put(ws, 3, col, "Regionaal gemiddelde", bold=True)
    result = next((r for r in scan.results.municipalities if r.id == municipality.id), None)
    previous = result.previous if result is not None else None
    if previous:
        put(ws, 4, col, "Vorige scan", bold=True)
    op = STATUS_LABELS[OP_ORDE]
    for offset, s in enumerate(standards, start=1):
        put(ws, 1, col + offset, axis_label(s.number), bold=True).fill = PatternFill("solid", fgColor="DCE6F1")
        score = f'=COUNTIFS({numbers},{s.number},{answers},"{op}")/MAX(1,COUNTIF({numbers},{s.number}))'
        formula(ws, 2, col + offset, score, number_format=PERCENT)
        formula(ws, 3, col + offset, "=" + ref(OVERVIEW, average_row, 1 + offset), number_format=PERCENT)
        if previous:
            put(ws, 4, col + offset, previous.get(s.number, 0.0) / 100).number_format = PERCENT
        ws.column_dimensions[get_column_letter(col + offset)].width = 8
    chart = _radar(f"Spinnenweb {label}", width=17, height=10)
    chart.add_data(
        Reference(ws, min_col=col, max_col=col + len(standards), min_row=2, max_row=4 if previous else 3),
        from_rows=True,
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=col + 1, max_col=col + len(standards), min_row=1, max_row=1))
    ws.add_chart(chart, ws.cell(row=HEADER_ROW, column=col).coordinate)


def _standards(ws: Worksheet, scan: ScanData, municipalities: int) -> None:
    """The legend of the axes: each standard's short name, title and plan group."""
    put(ws, 1, 1, "Kwaliteitsstandaarden", bold=True).font = Font(bold=True, size=14)
    top = 3
    header(ws, top, 1, ("As", "Standaard", "Titel", "Groep (plan van aanpak)", "Gemeenten geheel op orde"))
    last_municipality = OVERVIEW_HEADER_ROW + municipalities
    for row, s in enumerate(scan.question_set.standards, start=top + 1):
        put(ws, row, 1, axis_label(s.number))
        put(ws, row, 2, s.number)
        put(ws, row, 3, s.title, wrap=True)
        put(ws, row, 4, number_or_text(s.group))
        if municipalities:
            scores = sheet_span(OVERVIEW, OVERVIEW_HEADER_ROW + 1, last_municipality, 1 + row - top)
            formula(ws, row, 5, f'=COUNTIF({scores},">=1")')
        else:
            put(ws, row, 5, scan.results.fully_op_orde.get(s.number, 0))
    set_widths(ws, (8, 10, 60, 22, 14))
    fit_rows(ws, first_row=top)
    table(ws, header_row=top, first_column=1, last_column=5, last_row=top + len(scan.question_set.standards))
    print_setup(ws, landscape=False)


def _per_question(ws: Worksheet, scan: ScanData) -> None:
    """Regional mode: counts per question and the remarks, without naming any municipality."""
    put(ws, 1, 1, "Antwoorden per vraag (alleen regionaal)", bold=True)
    header(
        ws,
        3,
        1,
        ("Vraag", "Onderdeel", "Vraagtekst", "Op orde", "Niet op orde", "Nog open", "Toelichtingen en nuanceringen"),
    )
    tallies = {t.number: t for t in scan.results.tallies}
    total = len(scan.municipalities)
    for row, q in enumerate(scan.question_set.questions, start=4):
        tally = tallies[q.number]
        remarks = sorted(
            text
            for m in scan.municipalities
            if (answer := scan.answer(m.id or 0, q.number)) is not None
            for text in (scan.redact(answer.toelichting).strip(), scan.redact(answer.nuancering).strip())
            if text
        )
        put(ws, row, 1, q.number)
        put(ws, row, 2, part(q))
        put(ws, row, 3, q.text, wrap=True)
        put(ws, row, 4, tally.op_orde)
        put(ws, row, 5, tally.niet_op_orde)
        put(ws, row, 6, total - tally.op_orde - tally.niet_op_orde)
        put(ws, row, 7, "\n".join(f"• {r}" for r in remarks), wrap=True)
    set_widths(ws, (7, 10, 60, 9, 12, 10, 70))
    fit_rows(ws, first_row=3)
    table(ws, header_row=3, first_column=1, last_column=7, last_row=3 + len(scan.question_set.questions))
    print_setup(ws, landscape=True)


def _question_set(ws: Worksheet, scan: ScanData, now: dt.datetime) -> None:
    qs = scan.question_set
    put(ws, 1, 1, "Gebruikte vragenset").font = Font(bold=True, size=14)
    facts: list[tuple[str, object]] = [
        (SETTINGS_KEYS["key"], qs.key),
        (SETTINGS_KEYS["version"], qs.version),
        ("Titel", qs.title),
        (SETTINGS_KEYS["mode"], scan.mode),
        ("Privacystand", PRIVACY_LABELS.get(scan.mode, scan.mode)),
        ("Bijeenkomst", f"{scan.meeting.region}, {dutch_date(scan.meeting.date, weekday=False)}"),
        ("Zelfscan van", dutch_date(scan.scan.date, weekday=False)),
        ("Geëxporteerd", f"{dutch_date(now.date(), weekday=False)} om {now:%H:%M}"),
    ]
    for row, (label, value) in enumerate(facts, start=3):
        put(ws, row, 1, label, bold=True)
        put(ws, row, 2, value)
    top = len(facts) + 4
    header(ws, top, 1, ("Vraag", "Standaard", "Onderdeel", "Vraagtekst", "Checklist"))
    for row, q in enumerate(qs.questions, start=top + 1):
        put(ws, row, 1, q.number)
        put(ws, row, 2, q.standard)
        put(ws, row, 3, part(q))
        put(ws, row, 4, q.text, wrap=True)
        put(ws, row, 5, "\n".join(f"{item.sub}. {item.text}" for item in q.checklist), wrap=True)
    set_widths(ws, (22, 10, 11, 60, 60))
    fit_rows(ws, first_row=top)
    table(ws, header_row=top, first_column=1, last_column=5, last_row=top + len(qs.questions))
    print_setup(ws, landscape=True)
