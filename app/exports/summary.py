"""The verslag's summary up front: who took part, the regional picture, the standards most and least
op orde, the themes and the agreements, on one or two pages."""

from __future__ import annotations

from collections import Counter

from app.core.dutch import dutch_date
from app.exports import content as c
from app.exports.followup import FollowUp
from app.exports.scan import ScanData, percent
from app.meetings.models import Participant

EXTREMES = 3  # standards named as most and least op orde


def _taking_part(scan: ScanData, people: list[Participant]) -> str:
    total = len(scan.meeting_municipalities)
    if not people:
        return f"{total} gemeenten namen deel; er hebben zich geen deelnemers in de app aangemeld."
    present = len({p.municipality_id for p in people})
    return f"{len(people)} deelnemers uit {present} van de {total} gemeenten."


def _standard_name(scan: ScanData, number: int) -> str:
    title = next((s.title for s in scan.question_set.standards if s.number == number), "")
    return f"Standaard {number}" + (f" ({title})" if title else "")


def _picture(scan: ScanData) -> list[c.Element]:
    results = scan.results
    scored = [(s, results.regional[s]) for s in results.standards if s in results.regional]
    if not scored:
        return [c.Paragraph("Er zijn nog geen antwoorden gegeven.", muted=True)]
    average = sum(v for _, v in scored) / len(scored)
    source = "" if scan.scan.id == scan.meeting.id else f" (zelfscan van {dutch_date(scan.scan.date, weekday=False)})"
    elements: list[c.Element] = [
        c.Paragraph(
            f"Gemiddeld is {percent(average)} van de vragen per kwaliteitsstandaard op orde in de regio{source}.",
            label="Regionaal beeld:",
        )
    ]
    ranked = sorted(scored, key=lambda item: (-item[1], item[0]))
    most, least = ranked[:EXTREMES], sorted(ranked[-EXTREMES:], key=lambda item: (item[1], item[0]))
    elements.append(c.Paragraph("", label="Meest op orde:"))
    elements.append(c.Bullets(tuple(f"{_standard_name(scan, s)}: {percent(v)}" for s, v in most)))
    elements.append(c.Paragraph("", label="Minst op orde:"))
    elements.append(c.Bullets(tuple(f"{_standard_name(scan, s)}: {percent(v)}" for s, v in least)))
    rows = tuple(
        (
            _standard_name(scan, s),
            percent(v),
            f"{results.fully_op_orde.get(s, 0)} van {results.municipality_count}",
        )
        for s, v in scored
    )
    elements.append(
        c.Table(
            ("Kwaliteitsstandaard", "Op orde in de regio", "Gemeenten geheel op orde"),
            rows,
            caption="Regionaal beeld per kwaliteitsstandaard",
            widths_cm=(10.0, 3.2, 3.4),
            compact=True,
            row_header=True,
        )
    )
    return elements


def summary_section(*, scan: ScanData, people: list[Participant], followup: FollowUp) -> list[c.Element]:
    """Samenvatting: the verslag in brief."""
    elements: list[c.Element] = [
        c.Heading("Samenvatting", 1),
        c.Paragraph(_taking_part(scan, people), label="Deelname:"),
    ]
    elements.extend(_picture(scan))
    redact = scan.redact
    if followup.themes:
        themes = Counter(redact(t.theme) for t in followup.themes)
        elements.append(c.Paragraph("", label="Thema's:"))
        elements.append(c.Bullets(tuple(themes)))
    items = [*followup.agreements, *followup.actions]
    if items:
        elements.append(c.Paragraph("", label="Afspraken:"))
        elements.append(
            c.Bullets(
                tuple(
                    redact(i.text)
                    + (f" ({', '.join(redact(x) for x in (i.who, i.when) if x)})" if i.who or i.when else "")
                    for i in items
                )
            )
        )
    if followup.plans:
        drafted = sum(1 for p in followup.plans if p.rows)
        elements.append(
            c.Paragraph(
                f"{drafted} van de {len(followup.plans)} gemeenten werkten hun plan van aanpak bij.",
                label="Plannen van aanpak:",
            )
        )
    return elements
