"""The verslag (minutes) of a meeting as neutral content: written as Word and as an HTML page."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlmodel import Session, col, select

from app.catalog.loader import Catalog
from app.core.dutch import dutch_date
from app.core.times import local_hhmm, now_local, zone_of
from app.exports import content as c
from app.exports.followup import (
    FollowUp,
    agreements_section,
    load_followup,
    plans_section,
    themes_section,
    wheel_section,
)
from app.exports.scan import (
    SCAN_KINDS,
    ScanData,
    load_scan,
)
from app.exports.scan_results import question_span, remarks_appendix, results_section
from app.exports.summary import summary_section
from app.meetings.models import Meeting, MeetingBlock, Participant
from app.meetings.schemas import ROLE_LABELS
from app.meetings.service import blocks_of
from app.zelfscan import scoring
from app.zelfscan.scoring import PRIVACY_LABELS


def build_minutes(
    *, session: Session, catalog: Catalog, meeting: Meeting, mode: str, now: dt.datetime | None = None
) -> c.Document:
    """The whole verslag of `meeting` in privacy `mode`."""
    scan = load_scan(session=session, catalog=catalog, meeting=meeting, mode=mode)
    blocks = blocks_of(session=session, meeting=meeting)
    followup = load_followup(session=session, meeting=meeting)
    document = c.Document(
        title=f"Verslag {scan.agenda.title.lower() if scan.agenda else 'bijeenkomst'} {meeting.region}",
        subtitle=scan.agenda.subtitle if scan.agenda else "Kwaliteitskader en Zelfscan",
        facts=_facts(scan, (now or now_local(meeting)).astimezone(zone_of(meeting))),
        subject=f"Zelfscan Kwaliteitskader, {dutch_date(meeting.date, weekday=False)}",
        keywords="zelfscan; kwaliteitskader; verslag",
        footer=f"Verslag {meeting.region}, {dutch_date(meeting.date, weekday=False)}",
    )
    people = _people(session, scan)
    document.add(c.Toc())
    document.add(*summary_section(scan=scan, people=people, followup=followup))
    document.add(*programme_section(scan=scan, blocks=blocks))
    document.add(*attendance_section(scan=scan, people=people))
    document.add(*course_section(scan=scan, blocks=blocks, followup=followup))
    document.add(*remarks_appendix(scan=scan))
    return document


def _facts(scan: ScanData, now: dt.datetime) -> list[tuple[str, str]]:
    meeting = scan.meeting
    facts = [
        ("Regio", meeting.region),
        ("Datum", dutch_date(meeting.date)),
        ("Programma", f"{scan.agenda.title} (Bijlage {scan.agenda.bijlage})" if scan.agenda else meeting.agenda_key),
        ("Soort scan", SCAN_KINDS.get(scan.scan.scan_kind, scan.scan.scan_kind)),
        ("Vragenset", f"{scan.question_set.title} ({meeting.question_set_key}, versie {meeting.question_set_version})"),
        ("Deelnemende gemeenten", str(len(scan.meeting_municipalities))),
        ("Weergave van resultaten", PRIVACY_LABELS.get(scan.mode, scan.mode)),
    ]
    if scan.scan.id != meeting.id:
        facts.append(("Resultaten uit", f"de zelfscan van {dutch_date(scan.scan.date, weekday=False)}"))
    if scan.previous is not None:
        facts.append(
            (
                "Vergeleken met",
                f"de scan van {dutch_date(scan.previous.date, weekday=False)} (stippellijn in de spinnenwebben)",
            )
        )
    facts.append(("Opgesteld", f"{dutch_date(now.date(), weekday=False)} om {now:%H:%M}"))
    return facts


def _end_hhmm(start: str, seconds: int) -> str:
    minutes = int(start[:2]) * 60 + int(start[3:5]) + seconds // 60
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _held(block: MeetingBlock, meeting: Meeting) -> tuple[str, str]:
    """Actual start–end, and the difference with the plan in minutes."""
    if block.actual_start is None:
        return "niet gehouden", ""
    start = local_hhmm(block.actual_start, meeting)
    end = local_hhmm(block.actual_end, meeting) if block.actual_end is not None else "loopt nog"
    if block.actual_end is None:
        return f"{start}–{end}", ""
    held = round((block.actual_end - block.actual_start) / 60)
    delta = held - block.planned_seconds // 60
    return f"{start}–{end}", f"{delta:+d} min" if delta else "volgens plan"


def block_title(block: MeetingBlock) -> str:
    """'10:25–11:00 Aan de slag …' (the app's one time notation)."""
    end = _end_hhmm(block.planned_start, block.planned_seconds)
    return f"{block.planned_start}–{end} {block.title}"


def programme_section(*, scan: ScanData, blocks: list[MeetingBlock]) -> list[c.Element]:
    """The programme as planned and as held."""
    rows = []
    for block in blocks:
        held, delta = _held(block, scan.meeting)
        title = block.title + (f"\n{scan.redact(block.speaker)}" if block.speaker else "")
        planned = f"{block.planned_start}–{_end_hhmm(block.planned_start, block.planned_seconds)}"
        rows.append((str(block.position + 1), title, planned, held, delta))
    return [
        c.Heading("Programma: gepland en gehouden", 1),
        c.Paragraph(
            "De tijden zoals gepland en zoals het programma werkelijk is verlopen (begin en einde van elk blok, klok "
            "van de app)."
        ),
        c.Table(
            ("#", "Onderdeel", "Gepland", "Gehouden", "Verschil"), tuple(rows), widths_cm=(1.0, 8.0, 2.6, 2.8, 2.2)
        ),
    ]


def _roles(people: list[Participant]) -> str:
    counts = Counter(ROLE_LABELS.get(p.role, "Rol niet opgegeven") for p in people)
    return ", ".join(f"{n}× {role}" for role, n in sorted(counts.items()))


def _people(session: Session, scan: ScanData) -> list[Participant]:
    return list(
        session.exec(
            select(Participant)
            .where(Participant.meeting_id == scan.meeting.id, col(Participant.simulated).is_(False))
            .order_by(col(Participant.joined_at))
        )
    )


def attendance_section(*, scan: ScanData, people: list[Participant]) -> list[c.Element]:
    """Who took part, per municipality and role; names only where given, and only in named mode."""
    elements: list[c.Element] = [c.Heading("Deelnemers", 1)]
    if not people:
        return [*elements, c.Paragraph("Er hebben zich geen deelnemers aangemeld in de app.", muted=True)]
    by_municipality: dict[int, list[Participant]] = {}
    for person in people:
        by_municipality.setdefault(person.municipality_id, []).append(person)
    if scan.mode == "regional":
        elements.append(
            c.Paragraph(
                f"{len(people)} deelnemers uit {len(by_municipality)} van de {len(scan.meeting_municipalities)} "
                "gemeenten."
                f" Per rol: {_roles(people)}."
            )
        )
        return elements
    rows = []
    for municipality in scan.meeting_municipalities:
        present = by_municipality.get(municipality.id or 0, [])
        if scan.policy.member_names:
            names = [
                f"{scan.redact(p.name)} ({ROLE_LABELS.get(p.role, 'rol niet opgegeven')})" if p.name else ""
                for p in present
            ]
            unnamed = [p for p in present if not p.name]
            lines = [n for n in names if n] + ([f"{len(unnamed)} zonder naam: {_roles(unnamed)}"] if unnamed else [])
        else:
            lines = [_roles(present)] if present else []
        rows.append((scan.label(municipality), "\n".join(lines) or "niemand aangemeld", str(len(present))))
    elements.append(
        c.Table(
            ("Gemeente", "Deelnemers en rollen", "Aantal"), tuple(rows), widths_cm=(4.0, 11.0, 1.6), row_header=True
        )
    )
    if scan.mode == "anonymised":
        elements.append(
            c.Paragraph(
                "Namen van deelnemers staan niet in dit verslag: ze zouden de geanonimiseerde gemeenten herkenbaar "
                "maken.",
                muted=True,
            )
        )
    return elements


def course_section(*, scan: ScanData, blocks: list[MeetingBlock], followup: FollowUp) -> list[c.Element]:
    """Per block what happened: results, the wheel, the theme groups, agreements."""
    elements: list[c.Element] = [c.Heading("Verloop van de bijeenkomst", 1)]
    scope: tuple[int, int] | None = None
    placed = {"wheel": False, "themes": False, "agreements": False, "plans": False}
    results_shown = False
    for block in blocks:
        elements.append(c.Heading(block_title(block), 2))
        if block.description:
            elements.append(c.Paragraph(block.description, muted=True))
        if block.speaker:
            elements.append(c.Paragraph(scan.redact(block.speaker), label="Spreker:"))
        held, delta = _held(block, scan.meeting)
        elements.append(c.Paragraph(held + (f" ({delta})" if delta else ""), label="Gehouden:"))
        if block.work == "zelfscan" and block.first_question is not None and block.last_question is not None:
            scope = (block.first_question, block.last_question)
            elements.extend(_breakout_progress(scan, scope))
        if block.work == "plan_van_aanpak":
            elements.append(
                c.Paragraph(
                    "De gemeenten werkten aan hun plan van aanpak; die plannen staan in de afzonderlijke documenten "
                    "(Bijlage 5-indeling)."
                )
            )
            if not placed["plans"]:
                elements.extend(_plans(scan, followup, level=3))
                placed["plans"] = True
        if block.results:
            elements.extend(
                results_section(
                    scan=scan,
                    first=scope[0] if scope else 1,
                    last=scope[1] if scope else len(scan.question_set.questions),
                    level=3,
                )
            )
            results_shown = True
            scope = None
        if block.wheel and not placed["wheel"]:
            elements.extend(wheel_section(notes=followup.wheel, redact=scan.redact, level=3))
            placed["wheel"] = True
        if block.work == "themes" and not placed["themes"]:
            elements.extend(themes_section(themes=followup.themes, redact=scan.redact, level=3))
            placed["themes"] = True
        if block.kind == "closing" and not placed["agreements"]:
            elements.extend(
                agreements_section(
                    agreements=followup.agreements, actions=followup.actions, redact=scan.redact, level=3
                )
            )
            placed["agreements"] = True
    if not results_shown:
        elements.append(c.Heading("Resultaten van de zelfscan", 2))
        elements.extend(results_section(scan=scan, first=1, last=len(scan.question_set.questions), level=3))
    rest = []
    if not placed["wheel"]:
        rest += wheel_section(notes=followup.wheel, redact=scan.redact, level=2)
    if not placed["themes"]:
        rest += themes_section(themes=followup.themes, redact=scan.redact, level=2)
    if not placed["agreements"]:
        rest += agreements_section(
            agreements=followup.agreements, actions=followup.actions, redact=scan.redact, level=2
        )
    if not placed["plans"]:
        rest += _plans(scan, followup, level=2)
    if rest:
        elements.append(c.Heading("Overige verslaglegging", 1))
        elements.extend(rest)
    return elements


def _plans(scan: ScanData, followup: FollowUp, level: int) -> list[c.Element]:
    labels = {m.id or 0: scan.label(m) for m in scan.meeting_municipalities}
    return plans_section(plans=followup.plans, labels=labels, level=level, regional=scan.mode == "regional")


def _breakout_progress(scan: ScanData, scope: tuple[int, int]) -> list[c.Element]:
    first, last = scope
    total = last - first + 1
    complete = sum(
        1 for m in scan.municipalities if all(scan.status(m.id or 0, q) != scoring.OPEN for q in range(first, last + 1))
    )
    return [
        c.Paragraph(
            f"Gewerkt in groepen per gemeente aan {question_span('', first, last).strip()} ({total} vragen). "
            f"{complete} van de "
            f"{len(scan.municipalities)} gemeenten hebben alle vragen van dit blok beantwoord."
        )
    ]
