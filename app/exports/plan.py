"""The plan van aanpak (Bijlage 5 layout), per municipality or for the region, as neutral content.

Rows come from, in this order: rows passed in explicitly; rows a registered source knows (the
municipality's own draft, recorded by the plan-drafting feature); else a first draft made from the
scan: each question answered *niet op orde* becomes a row, with its toelichting as the current state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlmodel import Session

from app.catalog.loader import Catalog, QuestionSet
from app.exports import charts
from app.exports import content as c
from app.exports.scan import (
    SCAN_KINDS,
    ScanData,
    dutch_date,
    load_scan,
    percent,
    question_ref,
)
from app.followup import plan_draft
from app.meetings.models import Meeting, Municipality
from app.zelfscan import scoring

COLUMNS = (
    "Maatregel/verbeterpunt",
    "Huidige stand van zaken",
    "Omschrijving verbeteractie",
    "Beoogd resultaat (prestatie-indicatoren)",
    "Wie gaat het doen?",
    "Planning",
    "Kosten",
)
COLUMN_WIDTHS_CM = (4.4, 5.0, 4.4, 4.0, 2.8, 2.3, 2.2)
INTRODUCTION = (
    "Dit plan van aanpak is gebaseerd op het Kwaliteitskader “Werken aan veiligheid voor lokale (wijk)teams en "
    "gemeenten”. "
    "Aan het plan van aanpak liggen één of meerdere zelfscans ten grondslag. Het plan van aanpak kan zowel lokaal als "
    "regionaal "
    "worden opgesteld, of beide, al naar gelang behoefte. Daarnaast kunnen ook andere lokale ontwikkelingen hierin "
    "meegenomen "
    "worden om zodoende een compleet beeld te krijgen van de aanpak huiselijk geweld en kindermishandeling. Dat geldt "
    "ook voor "
    "regionale uitgangspunten zoals bijvoorbeeld de regiovisie."
)
WORKING_DOCUMENT = (
    "Het plan van aanpak is nadrukkelijk een werkdocument dat in de tijd en bij voortschrijdend inzicht waar nodig "
    "wordt "
    "aangepast, uiteraard in nauwe afstemming met de betrokkenen. Daarnaast wordt de voortgang binnen het plan van "
    "aanpak "
    "regelmatig gemonitord."
)
BLANK_ROWS = 2


@dataclass(frozen=True)
class PlanRow:
    """One row of a plan table; `group` is the standard group ("1-2", "3-6", "4-5-7-8", "9", "10")."""

    group: str
    maatregel: str
    huidige_stand: str = ""
    verbeteractie: str = ""
    beoogd_resultaat: str = ""
    wie: str = ""
    planning: str = ""
    kosten: str = ""
    standard: int | None = None
    question: int | None = None

    def cells(self) -> tuple[str, ...]:
        """The seven columns, in the Bijlage 5 order."""
        return (
            self.maatregel,
            self.huidige_stand,
            self.verbeteractie,
            self.beoogd_resultaat,
            self.wie,
            self.planning,
            self.kosten,
        )


# A source of drafted rows: (session, meeting, municipality id or None for the region) -> rows or None.
PlanRowsSource = Callable[[Session, Meeting, "int | None"], "list[PlanRow] | None"]
_SOURCES: list[PlanRowsSource] = []


def register_plan_rows_source(source: PlanRowsSource) -> None:
    """Let the plan-drafting feature supply the rows a municipality (or the region) wrote."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def drafted_rows(*, session: Session, meeting: Meeting, municipality_id: int | None) -> list[PlanRow] | None:
    """Rows drafted in the app by the municipality (or region), or None when nobody drafted any."""
    for source in _SOURCES:
        rows = source(session, meeting, municipality_id)
        if rows:
            return list(rows)
    return None


def rows_from_scan(*, scan: ScanData, municipality: Municipality | None) -> list[PlanRow]:
    """A first draft: one row per question answered niet op orde (for the region: by any municipality)."""
    if municipality is not None:
        draft = plan_draft.first_draft(
            question_set=scan.question_set, answers=scan.answers.get(municipality.id or 0, {}), redact=scan.redact
        )
        return [PlanRow(r.group, r.maatregel, r.huidige_stand, standard=r.standard, question=r.question) for r in draft]
    rows = []
    for question in scan.question_set.questions:
        niet = [m for m in scan.municipalities if scan.status(m.id or 0, question.number) == scoring.NIET_OP_ORDE]
        if not niet:
            continue
        lines = [
            f"{len(niet)} van {len(scan.municipalities)} gemeenten niet op orde"
            + ("" if scan.mode == "regional" else f" ({', '.join(scan.label(m) for m in niet)})")
            + "."
        ]
        for m in niet:
            answer = scan.answer(m.id or 0, question.number)
            text = scan.redact(answer.toelichting).strip() if answer else ""
            if text:
                lines.append(text if scan.mode == "regional" else f"{scan.label(m)}: {text}")
        group = scan.question_set.standard(question.standard).group
        maatregel = plan_draft.maatregel(question)
        rows.append(PlanRow(group, maatregel, "\n".join(lines), standard=question.standard, question=question.number))
    return rows


def _redacted(row: PlanRow, scan: ScanData) -> PlanRow:
    """A drafted row with municipality names in its free text replaced as the privacy mode requires."""
    texts = ("maatregel", "huidige_stand", "verbeteractie", "beoogd_resultaat", "wie", "planning", "kosten")
    redacted: dict[str, Any] = {name: scan.redact(getattr(row, name)) for name in texts}
    return replace(row, **redacted)


def build_plan(
    *,
    session: Session,
    catalog: Catalog,
    meeting: Meeting,
    mode: str,
    municipality: Municipality | None,
    rows: Sequence[PlanRow] | None = None,
) -> c.Document:
    """The plan van aanpak of `municipality` (None: the region) in privacy `mode`."""
    scan = load_scan(session=session, catalog=catalog, meeting=meeting, mode=mode)
    in_scan = scan.in_scan(municipality) if municipality is not None else None
    municipality_id = municipality.id if municipality is not None else None
    drafted = (
        list(rows)
        if rows is not None
        else drafted_rows(session=session, meeting=meeting, municipality_id=municipality_id)
    )
    if drafted is not None:
        drafted = [_redacted(row, scan) for row in drafted]
    if drafted is not None:
        plan_rows = drafted
    elif municipality is not None and in_scan is None:
        plan_rows = []  # the municipality took no part in the scan that counts
    else:
        plan_rows = rows_from_scan(scan=scan, municipality=in_scan)
    year = meeting.date.year
    period = f"{year} – {year + 1}"
    owner = scan.label(municipality) if municipality is not None else f"regio {meeting.region}"
    document = c.Document(
        title=f"Plan van aanpak {owner}",
        subtitle="Kwaliteitskader en Zelfscan — Werken aan veiligheid voor lokale (wijk)teams en gemeenten",
        facts=[
            ("Voor", owner),
            ("Periode", period),
            (
                "Gebaseerd op",
                f"{SCAN_KINDS.get(scan.scan.scan_kind, scan.scan.scan_kind).lower()}"
                f" van {dutch_date(scan.scan.date, weekday=False)} (vragenset {scan.question_set.label})",
            ),
            (
                "Status",
                "Opgesteld in de bijeenkomst"
                if drafted is not None
                else "Eerste aanzet: vooraf ingevuld met de vragen die niet op orde zijn",
            ),
        ],
        subject=f"Plan van aanpak {period}",
        keywords="plan van aanpak; kwaliteitskader; zelfscan",
        footer=f"Plan van aanpak {owner} {period}",
    )
    document.add(*_introduction(scan, municipality))
    document.add(*_summary(scan, municipality))
    document.add(c.Heading(f"Plan van aanpak {period}", 1), c.Paragraph(WORKING_DOCUMENT))
    document.add(c.Landscape())
    document.add(*plan_tables(question_set=scan.question_set, rows=plan_rows))
    return document


def _introduction(scan: ScanData, municipality: Municipality | None) -> list[c.Element]:
    meeting = scan.meeting
    scanned = scan.scan  # the meeting whose zelfscan counts (a follow-up's startbijeenkomst)
    context = [
        "Regiovisie, regionale uitgangspunten, etc.: [in te vullen]",
        "Lokale uitgangspunten, ontwikkelingen en afspraken: [in te vullen]",
    ]
    elements: list[c.Element] = [
        c.Heading("Inleiding", 1),
        c.Paragraph(
            f"Dit plan van aanpak bouwt voort op de zelfscan die op {dutch_date(scanned.date)}"
            f" in de regio {meeting.region} is ingevuld "
            f"({SCAN_KINDS.get(scanned.scan_kind, scanned.scan_kind).lower()}),"
            " de analyse daarvan en de aanzet tot een plan van aanpak."
        ),
        c.Paragraph(INTRODUCTION),
        c.Heading("Context", 1),
        c.Bullets(tuple(context)),
        c.Paragraph("Belangrijke punten uit de zelfscan, regiobreed:", label=""),
    ]
    regional = scan.results
    text = {q.number: q for q in scan.question_set.questions}
    if regional.most_niet:
        elements.append(
            c.Bullets(
                tuple(
                    f"{question_ref(text[t.number])}: {t.niet_op_orde} van {regional.municipality_count} gemeenten "
                    f"niet op orde. {text[t.number].text}"
                    for t in regional.most_niet
                )
            )
        )
    else:
        elements.append(c.Paragraph("Geen vragen die regiobreed niet op orde zijn.", muted=True))
    return elements


def _municipality_scores(
    scan: ScanData, municipality: Municipality
) -> tuple[dict[int, float], dict[int, float] | None]:
    refs = [scoring.QuestionRef(q.number, q.standard) for q in scan.question_set.questions]
    standards = [s.number for s in scan.question_set.standards]
    own = scoring.municipality_scores(
        refs, standards, {q: a.status for q, a in scan.answers.get(municipality.id or 0, {}).items()}
    )
    return own, scan.previous_scores.get(municipality.name.lower())


def _summary(scan: ScanData, municipality: Municipality | None) -> list[c.Element]:
    results = scan.results
    standards = [s.number for s in scan.question_set.standards]
    elements: list[c.Element] = [
        c.Heading("Samenvatting belangrijkste uitkomsten en suggesties voor verbetermaatregelen", 1)
    ]
    region = charts.Series("Regionaal gemiddelde", results.regional, "region")
    if municipality is not None:
        scanned = scan.in_scan(municipality) or municipality
        own, previous = _municipality_scores(scan, scanned)
        label = scan.label(municipality)
        statuses = [scan.status(scanned.id or 0, q.number) for q in scan.question_set.questions]
        elements.append(
            c.Paragraph(
                f"{statuses.count(scoring.OP_ORDE)} van de {len(statuses)} vragen zijn op orde, "
                f"{statuses.count(scoring.NIET_OP_ORDE)} niet op orde"
                f" en {statuses.count(scoring.OPEN)} nog open. De vragen die niet op orde zijn staan hieronder als "
                "eerste verbeterpunten, per groep kwaliteitsstandaarden."
            )
        )
        series = [charts.Series(label, own, "municipality"), region] + (
            [charts.Series("Vorige scan", previous, "previous")] if previous else []
        )
        header = ("Kwaliteitsstandaard", label, "Regionaal gemiddelde") + (("Vorige scan",) if previous else ())
        rows = tuple(
            (f"{s.number}. {s.title}", percent(own.get(s.number)), percent(results.regional.get(s.number)))
            + ((percent(previous.get(s.number)),) if previous else ())
            for s in scan.question_set.standards
        )
        title = f"Spinnenweb {label}"
    else:
        series = [region] + (
            [charts.Series("Regionaal, vorige scan", results.regional_previous, "previous")]
            if results.regional_previous
            else []
        )
        header = ("Kwaliteitsstandaard", "Regionaal gemiddelde", "Gemeenten geheel op orde")
        rows = tuple(
            (f"{s.number}. {s.title}", percent(results.regional.get(s.number)), results.statement(s.number))
            for s in scan.question_set.standards
        )
        title = f"Spinnenweb regio {scan.meeting.region}"
    elements.append(
        c.Table(header, rows, caption="Score per kwaliteitsstandaard: aandeel vragen op orde", row_header=True)
    )
    elements.append(c.Chart(charts.radar_png(title=title, axes=standards, series=series), alt=title, width_cm=11.0))
    return elements


def plan_tables(*, question_set: QuestionSet, rows: Sequence[PlanRow]) -> list[c.Element]:
    """Per plan group of the question set a heading, its standards' text, and the seven-column table."""
    elements: list[c.Element] = []
    for group in question_set.plan_groups:
        members = question_set.standards_in(group.key)
        elements.append(c.Heading(group.title, 2))
        elements.append(c.Bullets(tuple(f"{s.number} {s.text or s.title}" for s in members)))
        mine = [r.cells() for r in rows if r.group == group.key]
        blank = ("",) * len(COLUMNS)
        elements.append(
            c.Table(
                COLUMNS, tuple(mine) + (blank,) * (BLANK_ROWS if mine else BLANK_ROWS + 1), widths_cm=COLUMN_WIDTHS_CM
            )
        )
    return elements
