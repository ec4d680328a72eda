"""The factsheet of one municipality (about two pages): "alleen voor henzelf" from the routekaart.

It always carries the municipality's own name, whatever the meeting's privacy mode: it goes to that
municipality only. Other municipalities appear as the regional average; a name of another
municipality in its own free text is still replaced as the privacy mode says.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from app.catalog.loader import Catalog
from app.core.dutch import dutch_date
from app.core.privacy import DOCUMENT, Redactor
from app.core.times import now_local, zone_of
from app.exports import charts
from app.exports import content as c
from app.exports.scan import SCAN_KINDS, ScanData, load_scan, percent, question_ref, status_label
from app.meetings.models import Meeting, Municipality
from app.zelfscan.results import MunicipalityResult, privacy_policy


def build_factsheet(
    *,
    session: Session,
    catalog: Catalog,
    meeting: Meeting,
    municipality: Municipality,
    mode: str,
    now: dt.datetime | None = None,
) -> c.Document:
    """The factsheet of `municipality` (one of `meeting`'s), its free text redacted as `mode` says."""
    scan = load_scan(session=session, catalog=catalog, meeting=meeting, mode="named")
    # The mode's redaction, except that the municipality's own name stays (Policy.naming).
    redact = privacy_policy(session=session, meeting=meeting, medium=DOCUMENT, mode=mode).naming(municipality).redact
    name = municipality.name
    stamp = (now or now_local(meeting)).astimezone(zone_of(meeting))
    facts = [
        ("Gemeente", name),
        ("Regio", meeting.region),
        ("Zelfscan van", dutch_date(scan.scan.date)),
        ("Soort scan", SCAN_KINDS.get(scan.scan.scan_kind, scan.scan.scan_kind)),
    ]
    if scan.previous is not None:
        facts.append(("Vergeleken met", f"de scan van {dutch_date(scan.previous.date, weekday=False)}"))
    facts.append(("Opgesteld", f"{dutch_date(stamp.date(), weekday=False)} om {stamp:%H:%M}"))
    document = c.Document(
        title=f"Factsheet {name}",
        subtitle="Zelfscan Kwaliteitskader: de resultaten van uw gemeente, alleen voor uzelf",
        facts=facts,
        subject=f"Zelfscan Kwaliteitskader, {dutch_date(scan.scan.date, weekday=False)}",
        keywords="zelfscan; kwaliteitskader; factsheet",
        footer=f"Factsheet {name}, {dutch_date(scan.scan.date, weekday=False)}",
        title_break=False,
    )
    own = scan.in_scan(municipality)
    result = next((r for r in scan.results.municipalities if own is not None and r.id == own.id), None)
    if own is None or result is None:
        document.add(c.Paragraph(f"{name} deed niet mee aan deze zelfscan; er zijn geen resultaten.", muted=True))
        return document
    document.add(*_picture(scan, name, result))
    document.add(*_remarks(scan, own, redact))
    return document


def _picture(scan: ScanData, name: str, result: MunicipalityResult) -> list[c.Element]:
    results = scan.results
    standards = results.standards
    series = [
        charts.Series(name, result.scores, "municipality"),
        charts.Series("Regionaal gemiddelde", results.regional, "region"),
    ]
    if result.previous:
        series.append(charts.Series("Vorige scan", result.previous, "previous"))
    header = ["Kwaliteitsstandaard", "Gemeente", "Regio"] + (["Vorige scan"] if result.previous else [])
    rows = []
    for standard in scan.question_set.standards:
        row = [f"{standard.number}. {standard.title}", percent(result.scores.get(standard.number))]
        row.append(percent(results.regional.get(standard.number)))
        if result.previous:
            row.append(percent(result.previous.get(standard.number)))
        rows.append(tuple(row))
    op_orde = [s for s in scan.question_set.standards if result.scores.get(s.number) == 100]
    niet = [s for s in scan.question_set.standards if s not in op_orde]
    elements: list[c.Element] = [c.Heading("Spinnenweb", 1)]
    if len(standards) >= 3:
        elements.append(
            c.Chart(
                charts.radar_png(title=name, axes=standards, series=series, size_cm=10.0),
                alt=f"Spinnenweb {name} met het regionale gemiddelde",
                width_cm=8.5,
            )
        )
    widths = (9.2, 2.6, 2.2, 2.6) if result.previous else (10.6, 3.2, 2.8)
    elements.append(
        c.Table(
            tuple(header),
            tuple(rows),
            caption="Score: het aandeel vragen van de standaard dat op orde is",
            widths_cm=widths,
            compact=True,
            row_header=True,
        )
    )
    elements.append(c.Heading("Kwaliteitsstandaarden op orde en niet op orde", 1))
    elements.append(
        c.Paragraph(
            ", ".join(f"{s.number}. {s.title}" for s in op_orde) or "nog geen standaard geheel op orde",
            label=f"Op orde ({len(op_orde)}):",
        )
    )
    elements.append(
        c.Paragraph(
            ", ".join(f"{s.number}. {s.title}" for s in niet) or "geen",
            label=f"Niet (geheel) op orde ({len(niet)}):",
        )
    )
    return elements


def _remarks(scan: ScanData, own: Municipality, redact: Redactor) -> list[c.Element]:
    rows = []
    for question in scan.question_set.questions:
        answer = scan.answer(own.id or 0, question.number)
        if answer is None:
            continue
        text = "\n".join(
            f"{label}: {redact(value.strip())}"
            for label, value in (("Toelichting", answer.toelichting), ("Nuancering", answer.nuancering))
            if value.strip()
        )
        if text:
            rows.append((question_ref(question), status_label(answer.status), text))
    elements: list[c.Element] = [c.Heading("Uw toelichtingen", 1)]
    if not rows:
        return [*elements, c.Paragraph("Er zijn geen toelichtingen of nuanceringen gegeven.", muted=True)]
    elements.append(
        c.Table(("Vraag", "Antwoord", "Toelichting"), tuple(rows), widths_cm=(2.6, 2.2, 11.8), compact=True)
    )
    return elements
