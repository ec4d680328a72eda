"""The results workbook (.xlsx), like the Excel zelfscan: an overview, one sheet per municipality
with its answers, scores and a native radar chart, and a sheet describing the question set.

Free text is always stored as a string cell: a toelichting starting with =, +, - or @ can never
become a formula (data type forced to string, and Excel's quote prefix set so editing keeps it).
"""

from __future__ import annotations

import datetime as dt
import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import RadarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from app.catalog.loader import Catalog
from app.core.privacy import clean_text
from app.core.times import now_local, zone_of
from app.exports.scan import SCAN_KINDS, ScanData, dutch_date, load_scan, status_label
from app.meetings.models import Meeting, Municipality
from app.zelfscan.scoring import NIET_OP_ORDE, OP_ORDE, PRIVACY_LABELS

OVERVIEW = "Overzicht"
QUESTION_SET = "Vragenset"
PER_QUESTION = "Per vraag"
# Layout of a municipality sheet, shared with the importer.
NAME_CELL = "B2"
ANSWER_HEADER = ("Vraag", "Standaard", "Onderdeel", "Vraagtekst", "Antwoord", "Toelichting", "Nuancering", "Checklist")
HEADER_ROW = 6
SCORE_COLUMN = 10  # J: the scores table and the chart sit right of the answers
SETTINGS_KEYS = {"key": "Sleutel", "version": "Versie", "mode": "Privacystand (code)"}
RISKY_START = ("=", "+", "-", "@", "\t", "\r")
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
WRAP = Alignment(wrap_text=True, vertical="top")
PERCENT = '0"%"'
STATUS_FILL = {OP_ORDE: PatternFill("solid", fgColor="E3F4E9"), NIET_OP_ORDE: PatternFill("solid", fgColor="FBE6E3")}


def put(ws: Worksheet, row: int, column: int, value: object, *, bold: bool = False) -> Cell:
    """Write a value; text is always an inert string, never a formula."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        text = clean_text(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl would turn "=..." into a formula
        if text.startswith(RISKY_START):
            cell.quotePrefix = True
    else:
        cell.value = value
    if bold:
        cell.font = BOLD
    return cell


def _header(ws: Worksheet, row: int, column: int, titles: tuple[str, ...]) -> None:
    for offset, title in enumerate(titles):
        cell = put(ws, row, column + offset, title, bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = WRAP


def sheet_title(label: str, taken: set[str]) -> str:
    """A valid, unique sheet name (max 31 characters, no []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", " ", clean_text(label)).strip().strip("'")[:31] or "Gemeente"
    title, number = base, 2
    while title.casefold() in taken or title.casefold() in {
        OVERVIEW.casefold(),
        QUESTION_SET.casefold(),
        PER_QUESTION.casefold(),
        "history",
    }:
        suffix = f" ({number})"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(title.casefold())
    return title


def build_workbook(
    *, session: Session, catalog: Catalog, meeting: Meeting, mode: str, now: dt.datetime | None = None
) -> bytes:
    """The results workbook of `meeting` in privacy `mode`, as .xlsx bytes."""
    scan = load_scan(session=session, catalog=catalog, meeting=meeting, mode=mode)
    now = (now or now_local(meeting)).astimezone(zone_of(meeting))
    wb = Workbook()
    _properties(wb, scan, now)
    overview = wb.active
    overview.title = OVERVIEW
    _overview(overview, scan)
    taken: set[str] = set()
    if mode == "regional":
        _per_question(wb.create_sheet(PER_QUESTION), scan)
    else:
        by_id = {m.id: m for m in scan.municipalities}
        for result in scan.results.municipalities:
            ws = wb.create_sheet(sheet_title(result.label, taken))
            _municipality(ws, scan, by_id[result.id])
    _question_set(wb.create_sheet(QUESTION_SET), scan, now)
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


def _overview(ws: Worksheet, scan: ScanData) -> None:
    results = scan.results
    standards = scan.question_set.standards
    put(
        ws,
        1,
        1,
        f"Resultaten zelfscan {scan.meeting.region}, {dutch_date(scan.scan.date, weekday=False)}",
        bold=True,
    ).font = Font(bold=True, size=14)
    put(
        ws,
        2,
        1,
        f"{SCAN_KINDS.get(scan.scan.scan_kind, scan.scan.scan_kind)} · {PRIVACY_LABELS.get(scan.mode, scan.mode)}"
        f" · vragenset {scan.question_set.label}",
    )
    put(ws, 3, 1, "Score: het aandeel vragen van een kwaliteitsstandaard dat op orde is (0–100%).")
    top = 5
    _header(ws, top, 1, ("Gemeente", *(f"St. {s.number}" for s in standards), "Beantwoord", "Op orde", "Niet op orde"))
    row = top + 1
    for m in results.municipalities:
        statuses = list(m.statuses.values())
        put(ws, row, 1, m.label, bold=True)
        for offset, s in enumerate(standards):
            put(ws, row, 2 + offset, m.scores.get(s.number, 0.0)).number_format = PERCENT
        put(ws, row, 2 + len(standards), m.answered)
        put(ws, row, 3 + len(standards), statuses.count(OP_ORDE))
        put(ws, row, 4 + len(standards), statuses.count(NIET_OP_ORDE))
        row += 1
    averages = [("Regionaal gemiddelde", results.regional)]
    if results.regional_previous:
        averages.append(("Regionaal, vorige scan", results.regional_previous))
    first_average = row
    for title, scores in averages:
        put(ws, row, 1, title, bold=True)
        for offset, s in enumerate(standards):
            put(ws, row, 2 + offset, scores.get(s.number, 0.0)).number_format = PERCENT
        row += 1
    chart = RadarChart()
    chart.type = "marker"
    chart.title = "Spinnenweb: regionaal gemiddelde"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
    chart.y_axis.delete = False
    data = Reference(ws, min_col=1, max_col=1 + len(standards), min_row=first_average, max_row=row - 1)
    chart.add_data(data, from_rows=True, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, max_col=1 + len(standards), min_row=top, max_row=top))
    chart.height, chart.width = 9, 12
    # The legend of standards, then the chart beside it.
    row += 1
    legend_top = row
    _header(ws, row, 1, ("Standaard", "Titel", "Groep", "Gemeenten geheel op orde"))
    for s in standards:
        row += 1
        put(ws, row, 1, s.number)
        put(ws, row, 2, s.title)
        put(ws, row, 3, s.group)
        put(ws, row, 4, results.statement(s.number))
    ws.add_chart(chart, f"F{legend_top}")
    row = max(row, legend_top + 19) + 2
    if results.municipalities:
        _grid(ws, scan, row)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 9
    ws.freeze_panes = ws.cell(row=top + 1, column=2)


def _grid(ws: Worksheet, scan: ScanData, top: int) -> None:
    put(ws, top, 1, "Gemeenten × vragen", bold=True)
    questions = scan.question_set.questions
    _header(ws, top + 1, 1, ("Gemeente", *(str(q.number) for q in questions)))
    for index, m in enumerate(scan.results.municipalities, start=top + 2):
        put(ws, index, 1, m.label, bold=True)
        for offset, q in enumerate(questions):
            status = m.statuses.get(q.number, "open")
            cell = put(ws, index, 2 + offset, status_label(status))
            if status in STATUS_FILL:
                cell.fill = STATUS_FILL[status]


def _municipality(ws: Worksheet, scan: ScanData, municipality: Municipality) -> None:
    label = scan.label(municipality)
    result = next(r for r in scan.results.municipalities if r.id == municipality.id)
    put(ws, 1, 1, f"Zelfscan {label}", bold=True).font = Font(bold=True, size=14)
    put(ws, 2, 1, "Gemeente", bold=True)
    put(ws, 2, 2, label)
    put(ws, 3, 1, "Regio", bold=True)
    put(ws, 3, 2, scan.meeting.region)
    put(ws, 4, 1, "Vragenset", bold=True)
    put(ws, 4, 2, scan.question_set.label)
    _header(ws, HEADER_ROW, 1, ANSWER_HEADER)
    checklists = {q.number for q in scan.question_set.questions if q.checklist}
    for row, question in enumerate(scan.question_set.questions, start=HEADER_ROW + 1):
        answer = scan.answer(municipality.id or 0, question.number)
        status = answer.status if answer else "open"
        put(ws, row, 1, question.number)
        put(ws, row, 2, question.standard)
        put(ws, row, 3, f"{question.standard}{question.sub}" if question.sub else str(question.standard))
        put(ws, row, 4, question.text).alignment = WRAP
        cell = put(ws, row, 5, status_label(status))
        if status in STATUS_FILL:
            cell.fill = STATUS_FILL[status]
        put(ws, row, 6, scan.redact(answer.toelichting) if answer else "").alignment = WRAP
        put(ws, row, 7, scan.redact(answer.nuancering) if answer else "").alignment = WRAP
        if question.number in checklists:
            put(ws, row, 8, ", ".join(answer.checklist) if answer else "")
    last = HEADER_ROW + len(scan.question_set.questions)
    choices = DataValidation(type="list", formula1='"Op orde,Niet op orde,Nog open"', allow_blank=True)
    choices.error, choices.errorTitle = "Kies op orde, niet op orde of nog open.", "Ongeldig antwoord"
    ws.add_data_validation(choices)
    choices.add(f"E{HEADER_ROW + 1}:E{last}")
    _scores(ws, scan, result.label, result.scores, result.previous)
    for column, width in zip("ABCDEFGH", (7, 10, 10, 60, 14, 45, 35, 12), strict=False):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=2)


def _scores(
    ws: Worksheet, scan: ScanData, label: str, scores: dict[int, float], previous: dict[int, float] | None
) -> None:
    """The scores per standard next to the answers, and the radar chart drawn from them."""
    col = SCORE_COLUMN
    titles = ["Standaard", "Titel", label, "Regionaal gemiddelde"] + (["Vorige scan"] if previous else [])
    _header(ws, HEADER_ROW, col, tuple(titles))
    standards = scan.question_set.standards
    for row, s in enumerate(standards, start=HEADER_ROW + 1):
        put(ws, row, col, s.number)
        put(ws, row, col + 1, s.title)
        put(ws, row, col + 2, scores.get(s.number, 0.0)).number_format = PERCENT
        put(ws, row, col + 3, scan.results.regional.get(s.number, 0.0)).number_format = PERCENT
        if previous:
            put(ws, row, col + 4, previous.get(s.number, 0.0)).number_format = PERCENT
    last = HEADER_ROW + len(standards)
    chart = RadarChart()
    chart.type = "marker"
    chart.title = f"Spinnenweb {label}"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
    chart.y_axis.delete = False
    chart.add_data(
        Reference(ws, min_col=col + 2, max_col=col + len(titles) - 1, min_row=HEADER_ROW, max_row=last),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=col, min_row=HEADER_ROW + 1, max_row=last))
    chart.height, chart.width = 10, 14
    ws.add_chart(chart, ws.cell(row=last + 2, column=col).coordinate)
    ws.column_dimensions["J"].width = 10
    ws.column_dimensions["K"].width = 40


def _per_question(ws: Worksheet, scan: ScanData) -> None:
    """Regional mode: counts per question and the remarks, without naming any municipality."""
    put(ws, 1, 1, "Antwoorden per vraag (alleen regionaal)", bold=True)
    _header(
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
        put(ws, row, 2, f"{q.standard}{q.sub}" if q.sub else str(q.standard))
        put(ws, row, 3, q.text).alignment = WRAP
        put(ws, row, 4, tally.op_orde)
        put(ws, row, 5, tally.niet_op_orde)
        put(ws, row, 6, total - tally.op_orde - tally.niet_op_orde)
        put(ws, row, 7, "\n".join(f"• {r}" for r in remarks)).alignment = WRAP
    for column, width in zip("ABCDEFG", (7, 10, 60, 9, 12, 10, 70), strict=False):
        ws.column_dimensions[column].width = width


def _question_set(ws: Worksheet, scan: ScanData, now: dt.datetime) -> None:
    qs = scan.question_set
    put(ws, 1, 1, "Gebruikte vragenset", bold=True).font = Font(bold=True, size=14)
    facts = [
        (SETTINGS_KEYS["key"], qs.key),
        (SETTINGS_KEYS["version"], qs.version),
        ("Titel", qs.title),
        (SETTINGS_KEYS["mode"], scan.mode),
        ("Privacystand", PRIVACY_LABELS.get(scan.mode, scan.mode)),
        ("Bijeenkomst", f"{scan.meeting.region}, {dutch_date(scan.meeting.date, weekday=False)}"),
        ("Zelfscan van", dutch_date(scan.scan.date, weekday=False)),
        ("Geëxporteerd", now.strftime("%Y-%m-%d %H:%M")),
    ]
    for row, (label, value) in enumerate(facts, start=3):
        put(ws, row, 1, label, bold=True)
        put(ws, row, 2, value)
    top = len(facts) + 4
    _header(ws, top, 1, ("Vraag", "Standaard", "Onderdeel", "Vraagtekst", "Checklist"))
    for row, q in enumerate(qs.questions, start=top + 1):
        put(ws, row, 1, q.number)
        put(ws, row, 2, q.standard)
        put(ws, row, 3, f"{q.standard}{q.sub}" if q.sub else str(q.standard))
        put(ws, row, 4, q.text).alignment = WRAP
        put(ws, row, 5, "\n".join(f"{item.sub}. {item.text}" for item in q.checklist)).alignment = WRAP
    row = top + len(qs.questions) + 2
    _header(ws, row, 1, ("Standaard", "Titel", "Groep (plan van aanpak)"))
    for s in qs.standards:
        row += 1
        put(ws, row, 1, s.number)
        put(ws, row, 2, s.title)
        put(ws, row, 3, s.group)
    for column, width in zip("ABCDE", (22, 40, 22, 70, 60), strict=False):
        ws.column_dimensions[column].width = width
