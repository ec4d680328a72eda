"""The region's plan van aanpak in Bijlage 5's form: a summary of the region, not every municipality's text.

Its tables hold, per group of standards, one row per standard that is weak across the region (a low
regional share op orde), with the theme groups' answers on that standard as the first improvement
action, and the rows municipalities marked *regionaal* in their own plans. A compact overview gives
each municipality one line (not in regional-only mode, which shows no municipality).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from sqlmodel import Session

from app.catalog.loader import Catalog, QuestionSet, Standard
from app.core.privacy import clean_text
from app.exports import charts
from app.exports import content as c
from app.exports.followup import ThemeAnswer, load_followup, themes_section
from app.exports.plan import (
    INLEIDING_HINT,
    INTRODUCTION,
    SAMENVATTING_HINT,
    PlanRow,
    bijlage_5_document,
    context_section,
    drafted_rows,
    plan_tables,
    redacted_row,
    working_document,
    written_or_placeholder,
)
from app.exports.scan import ScanData, load_scan, percent
from app.followup import plan_draft
from app.meetings.models import Meeting
from app.zelfscan import scoring

WEAK_SHARE = 50.0  # a standard with less than this share op orde across the region is weak
WORST_QUESTIONS = 2  # per weak standard, the questions most often niet op orde that are named
THEME_ANSWERS = ("Quick win", "Kansen", "Knelpunten")  # what a theme group's answer contributes, in this order


def region_owner(meeting: Meeting) -> str:
    """'Regio Testland' (a region already called "Regio …" is not called "Regio Regio …")."""
    region = clean_text(meeting.region).strip()
    return region if region.casefold().startswith("regio") else f"Regio {region}"


def weak_standards(scan: ScanData) -> list[Standard]:
    """The standards whose regional share op orde is below WEAK_SHARE, weakest first."""
    regional = scan.results.regional
    weak = [s for s in scan.question_set.standards if regional.get(s.number) is not None]
    weak = [s for s in weak if regional[s.number] < WEAK_SHARE]
    return sorted(weak, key=lambda s: (regional[s.number], s.number))


def _themes_on(themes: list[ThemeAnswer], standard: int) -> list[ThemeAnswer]:
    return [t for t in themes if str(standard) in re.findall(r"\d+", t.group)]


def _theme_actions(themes: list[ThemeAnswer]) -> str:
    lines = []
    for theme in themes:
        answers = dict(theme.answers)
        said = [f"{label.lower()}: {answers[label]}" for label in THEME_ANSWERS if answers.get(label)]
        if said:
            lines.append(f"Themagroep {theme.theme}: " + "; ".join(said))
    return "\n".join(lines)


def standard_rows(scan: ScanData, themes: list[ThemeAnswer]) -> list[PlanRow]:
    """One row per weakly scoring standard: where the region stands, and what the theme groups proposed."""
    results = scan.results
    tallies = {t.number: t for t in results.tallies}
    rows = []
    for standard in weak_standards(scan):
        asked = [q for q in scan.question_set.questions if q.standard == standard.number]
        worst = sorted(asked, key=lambda q: -(tallies[q.number].niet_op_orde if q.number in tallies else 0))
        named = [
            f"{plan_draft.maatregel(q, scan.question_set)}: {tallies[q.number].niet_op_orde} van "
            f"{results.municipality_count} gemeenten niet op orde"
            for q in worst[:WORST_QUESTIONS]
            if q.number in tallies and tallies[q.number].niet_op_orde
        ]
        state = [
            f"Regiobreed {percent(results.regional.get(standard.number))} op orde; "
            f"{results.statement(standard.number)}.",
            *named,
        ]
        on_theme = _themes_on(themes, standard.number)
        rows.append(
            PlanRow(
                standard.group,
                f"{standard.title} (standaard {standard.number}) regiobreed versterken",
                "\n".join(state),
                scan.redact(_theme_actions(on_theme)),
                standard=standard.number,
                regional=True,
            )
        )
    return rows


def _regional_rows(scan: ScanData, rows: list[PlanRow]) -> list[PlanRow]:
    """The rows municipalities marked regionaal, each saying whose plan it comes from (where the mode allows)."""
    found = []
    for row in rows:
        row = redacted_row(row, scan)
        label = scan.policy.labels.get(row.municipality_id or 0, "") if scan.policy.per_municipality else ""
        if label:
            row = replace(row, maatregel=f"{row.maatregel}\n(uit het plan van {label})")
        found.append(row)
    return found


def overview(scan: ScanData, regional_rows: list[PlanRow]) -> list[c.Element]:
    """One line per municipality: its answers, its weakest standard, its measures for the region."""
    if not scan.policy.per_municipality:
        return []
    by_name = Counter(
        m.name.casefold() for row in regional_rows for m in scan.meeting_municipalities if m.id == row.municipality_id
    )
    refs = [scoring.QuestionRef(q.number, q.standard) for q in scan.question_set.questions]
    numbers = [s.number for s in scan.question_set.standards]
    lines = []
    for m in scan.municipalities:
        statuses = {q: a.status for q, a in scan.answers.get(m.id or 0, {}).items()}
        counts = Counter(statuses.get(q.number, scoring.OPEN) for q in scan.question_set.questions)
        scores = scoring.municipality_scores(refs, numbers, statuses)
        weakest = min(numbers, key=lambda n: (scores.get(n, 0.0), n))
        lines.append(
            (
                scan.label(m),
                str(counts[scoring.OP_ORDE]),
                str(counts[scoring.NIET_OP_ORDE]),
                str(counts[scoring.OPEN]),
                f"{weakest} ({percent(scores.get(weakest))})",
                str(by_name[m.name.casefold()]),
            )
        )
    return [
        c.Heading("Overzicht per gemeente", 2),
        c.Table(
            ("Gemeente", "Op orde", "Niet op orde", "Open", "Zwakste standaard", "Regionale maatregelen"),
            tuple(lines),
            caption=f"Per gemeente het aantal vragen (van {len(scan.question_set.questions)}) en wat zij regionaal"
            " willen oppakken",
            widths_cm=(4.0, 2.0, 2.4, 1.6, 3.2, 3.3),
            compact=True,
            row_header=True,
            keep_rows=True,
        ),
    ]


def _summary(scan: ScanData, question_set: QuestionSet) -> list[c.Element]:
    results = scan.results
    weak = weak_standards(scan)
    elements: list[c.Element] = [
        c.Heading("Samenvatting belangrijkste uitkomsten en suggesties voor verbetermaatregelen", 1),
        written_or_placeholder("", SAMENVATTING_HINT),
        c.Paragraph(
            (
                f"Regiobreed zwak (minder dan {WEAK_SHARE:.0f}% op orde): "
                + ", ".join(f"standaard {s.number} {s.title} ({percent(results.regional.get(s.number))})" for s in weak)
                + ". Deze standaarden staan hieronder als regionale verbeterpunten."
            )
            if weak
            else f"Geen standaard is regiobreed zwak (minder dan {WEAK_SHARE:.0f}% op orde)."
        ),
        c.Table(
            ("Kwaliteitsstandaard", "Regionaal gemiddelde", "Gemeenten geheel op orde"),
            tuple(
                (f"{s.number}. {s.title}", percent(results.regional.get(s.number)), results.statement(s.number))
                for s in question_set.standards
            ),
            caption="Score per kwaliteitsstandaard: aandeel vragen op orde",
            row_header=True,
        ),
    ]
    series = [charts.Series("Regionaal gemiddelde", results.regional, "region")] + (
        [charts.Series("Regionaal, vorige scan", results.regional_previous, "previous")]
        if results.regional_previous
        else []
    )
    title = f"Spinnenweb {region_owner(scan.meeting)}"
    numbers = [s.number for s in question_set.standards]
    elements.append(c.Chart(charts.radar_png(title=title, axes=numbers, series=series), alt=title, width_cm=10.0))
    return elements


def build_region_plan(*, session: Session, catalog: Catalog, meeting: Meeting, mode: str) -> c.Document:
    """The region's plan van aanpak in privacy `mode`."""
    scan = load_scan(session=session, catalog=catalog, meeting=meeting, mode=mode)
    followup = load_followup(session=session, meeting=meeting)
    regional = _regional_rows(scan, drafted_rows(session=session, meeting=meeting, municipality_id=None) or [])
    document = bijlage_5_document(
        scan=scan,
        owner=region_owner(meeting),
        status="Samenvatting van de regio: regiobreed zwakke standaarden, de themagroepen en de regionale"
        " maatregelen uit de plannen van de gemeenten",
    )
    document.add(
        c.Heading("Inleiding", 1),
        written_or_placeholder("", INLEIDING_HINT),
        c.Paragraph(
            f"Dit regionale plan vat de zelfscan van {scan.results.municipality_count} gemeenten samen: de"
            " standaarden die regiobreed zwak scoren, wat de themagroepen voorstellen en de maatregelen die"
            " gemeenten regionaal willen oppakken. Elke gemeente heeft daarnaast een eigen plan van aanpak."
        ),
        c.Paragraph(INTRODUCTION),
    )
    document.add(*context_section(scan, ""))
    document.add(*_summary(scan, scan.question_set))
    document.add(*themes_section(themes=followup.themes, redact=scan.redact, level=2))
    document.add(*overview(scan, regional))
    document.add(*working_document(meeting))
    document.add(c.Landscape())
    document.add(*plan_tables(question_set=scan.question_set, rows=standard_rows(scan, followup.themes) + regional))
    return document
