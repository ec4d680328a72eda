"""The follow-up's sheets in the results workbook: plan rows (every Bijlage 5 column plus priority
and scope, per municipality), the plans' texts, the theme groups' answers and the agreements.

A sheet is only added when the meeting recorded something for it. Free text is redacted in the
workbook's privacy mode; in regional mode no municipality is named (the column stays empty).
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session, col, select

from app.exports.plan import COLUMNS as PLAN_COLUMNS
from app.exports.scan import ScanData
from app.exports.xlsx_tools import fit_rows, header, number_or_text, print_setup, put, table, widths
from app.followup.models import Agreement, PlanRow, PlanText, Theme, ThemeAnswer

PLAN = "Plan van aanpak"
PLAN_TEXTS = "Plan, teksten"
THEMES = "Themagroepen"
AGREEMENTS = "Afspraken"
SHEETS = (PLAN, PLAN_TEXTS, THEMES, AGREEMENTS)
SCOPES = {"regionaal": "Regionaal", "lokaal": "Lokaal"}
KOSTEN = {"ja": "Ja", "nee": "Nee"}
KINDS = {"agreement": "Afspraak", "action": "Actiepunt"}


def _sheet(
    wb: Workbook, title: str, heading: str, columns: Sequence[str], sizes: Sequence[float], rows: list[list[object]]
) -> Worksheet:
    """One table on its own sheet: title, header on row 3, wrapped text, filter, frozen header, A4."""
    ws = wb.create_sheet(title)
    put(ws, 1, 1, heading, bold=True)
    header(ws, 3, 1, columns)
    for row_number, values in enumerate(rows, start=4):
        for column, value in enumerate(values, start=1):
            put(ws, row_number, column, value, wrap=isinstance(value, str))
    widths(ws, sizes)
    fit_rows(ws, first_row=3)
    table(ws, header_row=3, first_column=1, last_column=len(columns), last_row=3 + len(rows))
    print_setup(ws, landscape=len(columns) > 4)
    return ws


def add_sheets(wb: Workbook, *, session: Session, scan: ScanData) -> None:
    """Add the follow-up's sheets for what `scan.meeting` recorded (none when it recorded nothing)."""
    meeting_id = scan.meeting.id
    redact = scan.redact
    names = {m.id: scan.policy.listed_label(m) for m in scan.meeting_municipalities}
    order = {m.id: index for index, m in enumerate(scan.meeting_municipalities)}
    plan_rows = sorted(
        session.exec(select(PlanRow).where(PlanRow.meeting_id == meeting_id)),
        key=lambda r: (order.get(r.municipality_id, len(order)), r.position, r.id or 0),
    )
    if plan_rows:
        _sheet(
            wb,
            PLAN,
            "Plannen van aanpak (Bijlage 5), per gemeente",
            ("Gemeente", "Groep", *PLAN_COLUMNS, "Prioriteit", "Regionaal of lokaal", "Vraag"),
            (18, 9, 30, 30, 30, 28, 16, 14, 12, 11, 12, 7),
            [
                [
                    names.get(r.municipality_id, ""),
                    number_or_text(r.group),
                    *(
                        redact(text)
                        for text in (
                            r.maatregel,
                            r.huidige_stand,
                            r.verbeteractie,
                            r.beoogd_resultaat,
                            r.wie,
                            r.planning,
                            r.kosten,
                        )
                    ),
                    redact(r.prioriteit),
                    SCOPES.get(r.scope, r.scope),
                    r.source_question if r.source_question is not None else "",
                ]
                for r in plan_rows
            ],
        )
    texts = sorted(
        session.exec(select(PlanText).where(PlanText.meeting_id == meeting_id)),
        key=lambda t: order.get(t.municipality_id, len(order)),
    )
    if any(t.inleiding or t.context or t.samenvatting for t in texts):
        _sheet(
            wb,
            PLAN_TEXTS,
            "Plannen van aanpak: inleiding, context en samenvatting",
            ("Gemeente", "Inleiding", "Context", "Samenvatting"),
            (18, 50, 50, 50),
            [
                [names.get(t.municipality_id, ""), redact(t.inleiding), redact(t.context), redact(t.samenvatting)]
                for t in texts
            ],
        )
    answers = {a.theme_id: a for a in session.exec(select(ThemeAnswer).where(ThemeAnswer.meeting_id == meeting_id))}
    themes = list(
        session.exec(select(Theme).where(Theme.meeting_id == meeting_id).order_by(col(Theme.position), col(Theme.id)))
    )
    if themes:
        rows: list[list[object]] = []
        for theme in themes:
            answer = answers.get(theme.id or 0) or ThemeAnswer(meeting_id=meeting_id or 0, theme_id=theme.id or 0)
            rows.append(
                [
                    redact(theme.title),
                    theme.standards.replace(",", ", "),
                    redact(answer.knelpunten),
                    redact(answer.kansen),
                    redact(answer.quick_win),
                    SCOPES.get(answer.scope, answer.scope),
                    KOSTEN.get(answer.kosten, answer.kosten),
                    redact(answer.kosten_toelichting),
                ]
            )
        _sheet(
            wb,
            THEMES,
            "Antwoorden van de themagroepen",
            (
                "Thema",
                "Standaarden",
                "Knelpunten",
                "Kansen",
                "Quick win",
                "Regionaal of lokaal",
                "Kosten",
                "Toelichting kosten",
            ),
            (24, 11, 36, 36, 30, 12, 8, 28),
            rows,
        )
    agreements = list(
        session.exec(select(Agreement).where(Agreement.meeting_id == meeting_id).order_by(col(Agreement.id)))
    )
    if agreements:
        _sheet(
            wb,
            AGREEMENTS,
            "Afspraken en actiepunten",
            ("Soort", "Wat", "Wie", "Wanneer"),
            (12, 60, 22, 16),
            [[KINDS.get(a.kind, a.kind), redact(a.what), redact(a.who), redact(a.when)] for a in agreements],
        )
