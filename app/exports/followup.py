"""Hook for what the wheel, theme-group and agreements features record (built in another issue).

The verslag renders these sections when data exists and skips them silently otherwise. To plug
in, register a source at import time of the feature's service module:

    from app.exports.followup import FollowUp, register_followup_source

    def _minutes_data(session, meeting) -> FollowUp: ...
    register_followup_source(_minutes_data)

Sources return plain dataclasses, so the exports never import the feature's tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session

from app.core.privacy import Redactor
from app.exports import content as c
from app.meetings.models import Meeting


@dataclass(frozen=True)
class WheelNote:
    """A question drawn on the Rad van Fortuin and what was said about it."""

    question: str
    notes: str = ""


@dataclass(frozen=True)
class ThemeAnswer:
    """One mixed theme group's answers: (question, answer) pairs, e.g. knelpunten, quick win."""

    theme: str
    group: str = ""
    answers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ActionItem:
    """An agreement ("afspraak") or action item ("actiepunt"), with who and when if known."""

    text: str
    who: str = ""
    when: str = ""


@dataclass(frozen=True)
class PlanProgress:
    """How far one municipality drafted its plan van aanpak in a follow-up."""

    municipality_id: int
    rows: int = 0  # maatregelen
    with_action: int = 0  # with a verbeteractie
    with_owner: int = 0  # with a wie
    with_planning: int = 0  # with a planning


@dataclass
class FollowUp:
    wheel: list[WheelNote] = field(default_factory=list)
    themes: list[ThemeAnswer] = field(default_factory=list)
    agreements: list[ActionItem] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    plans: list[PlanProgress] = field(default_factory=list)

    def merge(self, other: FollowUp) -> None:
        """Add another source's data."""
        self.wheel.extend(other.wheel)
        self.themes.extend(other.themes)
        self.agreements.extend(other.agreements)
        self.actions.extend(other.actions)
        self.plans.extend(other.plans)


FollowUpSource = Callable[[Session, Meeting], "FollowUp | None"]
_SOURCES: list[FollowUpSource] = []


def register_followup_source(source: FollowUpSource) -> None:
    """Let a feature contribute wheel notes, theme answers, agreements or action items."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def load_followup(*, session: Session, meeting: Meeting) -> FollowUp:
    """Everything the registered sources know about this meeting (empty when none is registered)."""
    collected = FollowUp()
    for source in _SOURCES:
        found = source(session, meeting)
        if found is not None:
            collected.merge(found)
    return collected


def wheel_section(*, notes: list[WheelNote], redact: Redactor, level: int) -> list[c.Element]:
    """The wheel's drawn questions with their notes; nothing when none was drawn."""
    if not notes:
        return []
    elements: list[c.Element] = [c.Heading("Rad van Fortuin: getrokken vragen", level)]
    for note in notes:
        elements.append(c.Paragraph(redact(note.notes) or "Geen aantekeningen.", label=redact(note.question)))
    return elements


def themes_section(*, themes: list[ThemeAnswer], redact: Redactor, level: int) -> list[c.Element]:
    """The theme groups' answers; nothing when no group recorded any."""
    if not themes:
        return []
    elements: list[c.Element] = [c.Heading("Antwoorden van de themagroepen", level)]
    for theme in themes:
        title = redact(theme.theme) + (f" ({redact(theme.group)})" if theme.group else "")
        elements.append(c.Paragraph(title, label="Thema:"))
        if theme.answers:
            elements.append(
                c.Table(
                    ("Vraag", "Antwoord"),
                    tuple((redact(q), redact(a)) for q, a in theme.answers),
                    widths_cm=(6.0, 10.5),
                )
            )
    return elements


def agreements_section(
    *, agreements: list[ActionItem], actions: list[ActionItem], redact: Redactor, level: int
) -> list[c.Element]:
    """Agreements and action items; nothing when none were recorded."""
    elements: list[c.Element] = []
    for title, items in (("Afspraken", agreements), ("Actiepunten", actions)):
        if not items:
            continue
        elements.append(c.Heading(title, level))
        rows = tuple((redact(item.text), redact(item.who), redact(item.when)) for item in items)
        elements.append(c.Table(("Wat", "Wie", "Wanneer"), rows, widths_cm=(10.0, 3.5, 3.0)))
    return elements


def plans_section(*, plans: list[PlanProgress], labels: dict[int, str], level: int, regional: bool) -> list[c.Element]:
    """The plan progress per municipality (regional mode: totals only); nothing when no plan was drafted."""
    if not plans or not any(p.rows for p in plans):
        return []
    elements: list[c.Element] = [c.Heading("Voortgang van de plannen van aanpak", level)]
    drafted = [p for p in plans if p.rows]
    if regional:
        total = sum(p.rows for p in drafted)
        return [
            *elements,
            c.Paragraph(
                f"{len(drafted)} van de {len(plans)} gemeenten werkten hun plan bij, samen {total} maatregelen."
            ),
        ]
    rows = tuple(
        (labels.get(p.municipality_id, ""), str(p.rows), str(p.with_action), str(p.with_owner), str(p.with_planning))
        for p in plans
    )
    elements.append(
        c.Table(
            ("Gemeente", "Maatregelen", "Met verbeteractie", "Met wie", "Met planning"),
            rows,
            widths_cm=(5.2, 2.6, 3.2, 2.6, 3.0),
            compact=True,
            row_header=True,
        )
    )
    return elements
