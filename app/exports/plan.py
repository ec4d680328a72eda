"""The plan van aanpak in the form of Bijlage 5, per municipality (the region's: `plan_region`), as content.

Bijlage 5's form: its page header ("Geweld hoort nergens thuis", BIJLAGE 5, a place for the logo),
"[Evt. titel van plan van aanpak]" above "Plan van Aanpak 2026 – 2027", inleiding, context and
samenvatting (as the municipality wrote them in the follow-up, else a short placeholder), then per
group of standards a heading kept with its seven-column table, the column guidance under the column
names and rows that never split across pages. A municipality's own plan always names it, whatever
the privacy mode; other municipalities' names in its text follow the mode.

Rows come from, in this order: rows passed in explicitly; rows a registered source knows (the
municipality's own draft, recorded by the plan-drafting feature); else a first draft made from the
scan: each question answered *niet op orde* becomes a row with a short measure, its toelichting as
the current state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlmodel import Session

from app.catalog.loader import Catalog, QuestionSet
from app.core.dutch import dutch_date
from app.core.privacy import clean_text
from app.exports import charts
from app.exports import content as c
from app.exports.scan import (
    SCAN_KINDS,
    ScanData,
    load_scan,
    percent,
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
# Bijlage 5's guidance under the column names.
COLUMN_NOTES = (
    "",
    "incl. evt. raakvlakken met ander lokaal beleid/lokale speerpunten (kort & bondig!)",
    "wat moet er gebeuren, hoe wordt dit opgepakt?",
    "wanneer zijn we tevreden?",
    "",
    "",
    "",
)
KICKER = ("Kwaliteitskader en Zelfscan", "Werken aan veiligheid voor lokale (wijk)teams en gemeenten")
TITLE_PLACEHOLDER = "[Evt. titel van plan van aanpak]"
HEADER = ("Geweld hoort nergens thuis", "Aanpak huiselijk geweld en kindermishandeling", "BIJLAGE 5")
LOGO = "Logo gemeente/regio"
EMPTY_SECTION = "[Nog in te vullen] "
INLEIDING_HINT = (
    "Terugblik op hoe het plan van aanpak tot stand is gekomen, zoals het invullen van de zelfscan, de analyse en "
    "de aanzet tot het plan van aanpak."
)
CONTEXT_HINT = (
    "Regiovisie en regionale uitgangspunten; lokale uitgangspunten, ontwikkelingen en afspraken; belangrijke punten "
    "uit de zelfscan regiobreed."
)
SAMENVATTING_HINT = "Belangrijkste uitkomsten en suggesties voor verbetermaatregelen als resultaat van de zelfscan."
COLUMN_WIDTHS_CM = (4.4, 5.0, 4.4, 4.0, 3.3, 2.3, 2.2)
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
    municipality_id: int | None = None  # whose plan it comes from (the regional plan gathers rows)
    regional: bool = False  # marked "regionaal": to be taken up by the region

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


@dataclass(frozen=True)
class PlanTexts:
    """A municipality's inleiding, context and samenvatting as written in the follow-up."""

    inleiding: str = ""
    context: str = ""
    samenvatting: str = ""


PlanTextsSource = Callable[[Session, Meeting, int], "PlanTexts | None"]
_TEXT_SOURCES: list[PlanTextsSource] = []


def register_plan_texts_source(source: PlanTextsSource) -> None:
    """Let the plan-drafting feature supply what a municipality wrote as inleiding, context and samenvatting."""
    if source not in _TEXT_SOURCES:
        _TEXT_SOURCES.append(source)


def plan_texts(*, session: Session, meeting: Meeting, municipality_id: int) -> PlanTexts:
    """What the municipality wrote (empty texts when nothing)."""
    for source in _TEXT_SOURCES:
        found = source(session, meeting, municipality_id)
        if found is not None:
            return found
    return PlanTexts()


def drafted_rows(*, session: Session, meeting: Meeting, municipality_id: int | None) -> list[PlanRow] | None:
    """Rows drafted in the app by the municipality (or region), or None when nobody drafted any."""
    for source in _SOURCES:
        rows = source(session, meeting, municipality_id)
        if rows:
            return list(rows)
    return None


def rows_from_scan(*, scan: ScanData, municipality: Municipality) -> list[PlanRow]:
    """A first draft: one row per question the municipality answered niet op orde."""
    draft = plan_draft.first_draft(
        question_set=scan.question_set, answers=scan.answers.get(municipality.id or 0, {}), redact=scan.redact
    )
    return [PlanRow(r.group, r.maatregel, r.huidige_stand, standard=r.standard, question=r.question) for r in draft]


def short_maatregel(text: str, question_set: QuestionSet, question: int | None) -> str:
    """A drafted row's measure, with an earlier draft's whole question replaced by the question's short measure."""
    if question is None or not 1 <= question <= len(question_set.questions):
        return text
    asked = question_set.question(question)
    earlier = plan_draft.earlier_maatregel(asked)
    if text.startswith(earlier):
        return plan_draft.maatregel(asked, question_set) + text[len(earlier) :]
    return text


def redacted_row(row: PlanRow, scan: ScanData) -> PlanRow:
    """A drafted row with a short measure, its free text redacted as the privacy mode requires."""
    row = replace(row, maatregel=short_maatregel(row.maatregel, scan.question_set, row.question))
    texts = ("maatregel", "huidige_stand", "verbeteractie", "beoogd_resultaat", "wie", "planning", "kosten")
    redacted: dict[str, Any] = {name: scan.redact(getattr(row, name)) for name in texts}
    return replace(row, **redacted)


def period_of(meeting: Meeting) -> str:
    """The plan's period, e.g. '2026 – 2027'."""
    return f"{meeting.date.year} – {meeting.date.year + 1}"


def bijlage_5_document(*, scan: ScanData, owner: str, status: str) -> c.Document:
    """The document's frame as in Bijlage 5: header with the logo's place, kicker, placeholder title, period."""
    period = period_of(scan.meeting)
    scanned = scan.scan
    return c.Document(
        title=f"Plan van Aanpak {period}",
        subtitle=owner,
        kicker=(*KICKER, TITLE_PLACEHOLDER),
        header=HEADER,
        header_box=LOGO,
        facts=[
            ("Voor", owner),
            ("Periode", period),
            (
                "Gebaseerd op",
                f"{SCAN_KINDS.get(scanned.scan_kind, scanned.scan_kind).lower()}"
                f" van {dutch_date(scanned.date, weekday=False)} (vragenset {scan.question_set.label})",
            ),
            ("Status", status),
        ],
        subject=f"Plan van aanpak {owner} {period}",
        keywords="plan van aanpak; kwaliteitskader; zelfscan",
        footer=f"Plan van aanpak {owner} {period}",
    )


def own_plan_scan(scan: ScanData, municipality: Municipality) -> ScanData:
    """The scan as the municipality's own plan shows it: the municipality named, the others as the mode says."""
    named = scan.in_scan(municipality) or municipality
    policy = scan.policy.naming(named).naming(municipality)
    return replace(scan, policy=policy)


def build_plan(
    *,
    session: Session,
    catalog: Catalog,
    meeting: Meeting,
    mode: str,
    municipality: Municipality,
    rows: Sequence[PlanRow] | None = None,
) -> c.Document:
    """The plan van aanpak of `municipality` in privacy `mode` (it names the municipality in every mode)."""
    scan = own_plan_scan(load_scan(session=session, catalog=catalog, meeting=meeting, mode=mode), municipality)
    in_scan = scan.in_scan(municipality)
    drafted = (
        list(rows)
        if rows is not None
        else drafted_rows(session=session, meeting=meeting, municipality_id=municipality.id)
    )
    if drafted is not None:
        plan_rows = [redacted_row(row, scan) for row in drafted]
    elif in_scan is None:
        plan_rows = []  # the municipality took no part in the scan that counts
    else:
        plan_rows = rows_from_scan(scan=scan, municipality=in_scan)
    owner = scan.label(municipality)
    document = bijlage_5_document(
        scan=scan,
        owner=owner if owner.startswith("Gemeente") else f"Gemeente {owner}",
        status="Opgesteld in de bijeenkomst"
        if drafted is not None
        else "Eerste aanzet: vooraf ingevuld met de vragen die niet op orde zijn",
    )
    texts = plan_texts(session=session, meeting=meeting, municipality_id=municipality.id or 0)
    document.add(*_introduction(scan, scan.redact(texts.inleiding)))
    document.add(*context_section(scan, scan.redact(texts.context)))
    document.add(*_summary(scan, municipality, scan.redact(texts.samenvatting)))
    document.add(*working_document(scan.meeting))
    document.add(c.Landscape())
    document.add(*plan_tables(question_set=scan.question_set, rows=plan_rows))
    return document


def written_or_placeholder(text: str, hint: str) -> c.Paragraph:
    """What the municipality wrote, else a short placeholder saying what belongs here."""
    if text.strip():
        return c.Paragraph(clean_text(text.strip()))
    return c.Paragraph(hint, label=EMPTY_SECTION, muted=True)


def _introduction(scan: ScanData, written: str) -> list[c.Element]:
    scanned = scan.scan  # the meeting whose zelfscan counts (a follow-up's startbijeenkomst)
    return [
        c.Heading("Inleiding", 1),
        written_or_placeholder(written, INLEIDING_HINT),
        c.Paragraph(
            f"Dit plan van aanpak bouwt voort op de zelfscan die op {dutch_date(scanned.date)}"
            f" in de regio {clean_text(scan.meeting.region)} is ingevuld "
            f"({SCAN_KINDS.get(scanned.scan_kind, scanned.scan_kind).lower()})."
        ),
        c.Paragraph(INTRODUCTION),
    ]


def context_section(scan: ScanData, written: str) -> list[c.Element]:
    elements: list[c.Element] = [c.Heading("Context", 1), written_or_placeholder(written, CONTEXT_HINT)]
    elements.append(c.Paragraph("Belangrijke punten uit de zelfscan, regiobreed:", label=""))
    regional = scan.results
    if regional.most_niet:
        text = {q.number: q for q in scan.question_set.questions}
        elements.append(
            c.Bullets(
                tuple(
                    f"{plan_draft.maatregel(text[t.number], scan.question_set)}: {t.niet_op_orde} van "
                    f"{regional.municipality_count} gemeenten niet op orde"
                    for t in regional.most_niet
                )
            )
        )
    else:
        elements.append(c.Paragraph("Geen vragen die regiobreed niet op orde zijn.", muted=True))
    return elements


def working_document(meeting: Meeting) -> list[c.Element]:
    """Bijlage 5's "Plan van Aanpak [20.. – 20..]" section on how the plan is taken up."""
    return [c.Heading(f"Plan van Aanpak {period_of(meeting)}", 1), c.Paragraph(WORKING_DOCUMENT)]


def _municipality_scores(
    scan: ScanData, municipality: Municipality
) -> tuple[dict[int, float], dict[int, float] | None]:
    refs = [scoring.QuestionRef(q.number, q.standard) for q in scan.question_set.questions]
    standards = [s.number for s in scan.question_set.standards]
    own = scoring.municipality_scores(
        refs, standards, {q: a.status for q, a in scan.answers.get(municipality.id or 0, {}).items()}
    )
    return own, scan.previous_scores.get(municipality.name.lower())


def _summary(scan: ScanData, municipality: Municipality, written: str) -> list[c.Element]:
    results = scan.results
    standards = [s.number for s in scan.question_set.standards]
    elements: list[c.Element] = [
        c.Heading("Samenvatting belangrijkste uitkomsten en suggesties voor verbetermaatregelen", 1),
        written_or_placeholder(written, SAMENVATTING_HINT),
    ]
    region = charts.Series("Regionaal gemiddelde", results.regional, "region")
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
    elements.append(
        c.Table(header, rows, caption="Score per kwaliteitsstandaard: aandeel vragen op orde", row_header=True)
    )
    elements.append(c.Chart(charts.radar_png(title=title, axes=standards, series=series), alt=title, width_cm=11.0))
    return elements


def plan_tables(*, question_set: QuestionSet, rows: Sequence[PlanRow]) -> list[c.Element]:
    """Per plan group a heading and its standards (kept with the table), then the seven-column table."""
    elements: list[c.Element] = []
    for group in question_set.plan_groups:
        members = question_set.standards_in(group.key)
        elements.append(c.Heading(group.title, 2))
        elements.append(c.Bullets(tuple(f"{s.number} {s.text or s.title}" for s in members), keep_with_next=True))
        mine = [tuple(clean_text(cell) for cell in r.cells()) for r in rows if r.group == group.key]
        blank = ("",) * len(COLUMNS)
        elements.append(
            c.Table(
                COLUMNS,
                tuple(mine) + (blank,) * (BLANK_ROWS if mine else BLANK_ROWS + 1),
                widths_cm=COLUMN_WIDTHS_CM,
                header_notes=COLUMN_NOTES,
                keep_rows=True,
            )
        )
    return elements
