"""Help calls and room messages, agreements, theme groups and the plans van aanpak.

Theme answers and plan rows are co-edited live: a write names the version it was based on; when
the same field changed since, it is refused (409, Conflict) with the newer text, never lost
silently. Writes to different fields merge.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import update
from sqlmodel import Session, SQLModel, col, select

from app.catalog import QuestionSet
from app.domain import scoring
from app.domain import themes as theme_domain
from app.models import Meeting, Municipality, Participant
from app.models_followup import (
    MAX_LINE, MAX_MESSAGE, MAX_TEXT, Agreement, HelpCall, PlanRow, RoomMessage, Theme, ThemeAnswer, ThemeMember,
)
from app.services import meetings as meeting_service
from app.services import results as result_service
from app.services.errors import Conflict, Invalid, NotFound, required_line

# ---------------------------------------------------------------- help calls and messages


def _municipality(session: Session, meeting: Meeting, municipality_id: int) -> Municipality:
    return meeting_service.get_municipality(session=session, meeting=meeting, municipality_id=municipality_id)


def call_for_help(*, session: Session, meeting: Meeting, municipality_id: int, now: float) -> HelpCall:
    """A room asks for the facilitator; calling again while a call is open keeps the first time."""
    open_call = session.exec(select(HelpCall).where(HelpCall.meeting_id == meeting.id, HelpCall.municipality_id == municipality_id, col(HelpCall.cleared_at).is_(None))).first()
    if open_call:
        return open_call
    call = HelpCall(meeting_id=meeting.id or 0, municipality_id=municipality_id, at=now)
    session.add(call)
    session.commit()
    return call


def open_help_calls(*, session: Session, meeting: Meeting) -> list[HelpCall]:
    return list(session.exec(select(HelpCall).where(HelpCall.meeting_id == meeting.id, col(HelpCall.cleared_at).is_(None)).order_by(col(HelpCall.at))))


def room_has_open_call(*, session: Session, meeting: Meeting, municipality_id: int) -> bool:
    return any(c.municipality_id == municipality_id for c in open_help_calls(session=session, meeting=meeting))


def clear_help_call(*, session: Session, meeting: Meeting, call_id: int, now: float) -> HelpCall:
    call = session.get(HelpCall, call_id)
    if call is None or call.meeting_id != meeting.id:
        raise NotFound("Deze hulpvraag bestaat niet.")
    if call.cleared_at is None:
        call.cleared_at = now
        session.add(call)
        session.commit()
    return call


def send_message(*, session: Session, meeting: Meeting, text: str, municipality_id: int | None, now: float) -> RoomMessage:
    """A short message to every room (municipality_id None) or one room."""
    cleaned = text.strip()
    if not cleaned:
        raise Invalid("Een bericht mag niet leeg zijn.")
    if len(cleaned) > MAX_MESSAGE:
        raise Invalid(f"Een bericht is hoogstens {MAX_MESSAGE} tekens.")
    if municipality_id is not None:
        _municipality(session, meeting, municipality_id)
    message = RoomMessage(meeting_id=meeting.id or 0, municipality_id=municipality_id, text=cleaned, at=now)
    session.add(message)
    session.commit()
    return message


def messages_for(*, session: Session, meeting: Meeting, municipality_id: int, limit: int = 3) -> list[RoomMessage]:
    """The newest messages a room sees: to all rooms or to this one."""
    query = select(RoomMessage).where(
        RoomMessage.meeting_id == meeting.id,
        (col(RoomMessage.municipality_id).is_(None)) | (RoomMessage.municipality_id == municipality_id),
    ).order_by(col(RoomMessage.id).desc()).limit(limit)
    return list(session.exec(query))


# ---------------------------------------------------------------- agreements and action items

AGREEMENT_KINDS = {"agreement": "Afspraak", "action": "Actiepunt"}


def add_agreement(*, session: Session, meeting: Meeting, kind: str, what: str, who: str, when: str, now: float) -> Agreement:
    if kind not in AGREEMENT_KINDS:
        raise Invalid("Kies een afspraak of een actiepunt.")
    if not what.strip():
        raise Invalid("Vul in wat er is afgesproken.")
    for label, value in (("Wat", what), ("Wie", who), ("Wanneer", when)):
        if len(value.strip()) > MAX_LINE:
            raise Invalid(f"{label} is hoogstens {MAX_LINE} tekens.")
    agreement = Agreement(meeting_id=meeting.id or 0, kind=kind, what=what.strip(), who=who.strip(), when=when.strip(), at=now)
    session.add(agreement)
    session.commit()
    return agreement


def agreements_of(*, session: Session, meeting: Meeting) -> list[Agreement]:
    return list(session.exec(select(Agreement).where(Agreement.meeting_id == meeting.id).order_by(col(Agreement.id))))


def delete_agreement(*, session: Session, meeting: Meeting, agreement_id: int) -> None:
    agreement = session.get(Agreement, agreement_id)
    if agreement is None or agreement.meeting_id != meeting.id:
        raise NotFound("Deze afspraak bestaat niet.")
    session.delete(agreement)
    session.commit()


# ---------------------------------------------------------------- versioned co-editing

Row = TypeVar("Row", ThemeAnswer, PlanRow)


@dataclass
class FieldConflict:
    field: str
    label: str
    theirs: str
    version: int


class EditConflict(Conflict):
    """A same-field write based on an older version: carries the newer text."""

    def __init__(self, conflicts: list[FieldConflict]) -> None:
        names = ", ".join(c.label for c in conflicts)
        super().__init__(f"Iemand anders heeft intussen {names} gewijzigd. Bekijk de nieuwe tekst en sla opnieuw op.")
        self.conflicts = conflicts


def _apply_versioned(session: Session, row: Row, changes: Mapping[str, str], base_version: int, labels: Mapping[str, str], now: float) -> Row:
    """Apply `changes` to `row` unless one of those fields changed after `base_version`."""
    versions: dict[str, int] = json.loads(row.field_versions_json or "{}")
    changed = {k: v for k, v in changes.items() if getattr(row, k) != v}
    if not changed:
        return row
    stale = [FieldConflict(k, labels[k], str(getattr(row, k)), row.version) for k in changed if versions.get(k, 0) > base_version]
    if stale:
        raise EditConflict(stale)
    loaded_version = row.version
    new_version = loaded_version + 1
    for k in changed:
        versions[k] = new_version
    values: dict[str, Any] = {**changed, "version": new_version, "field_versions_json": json.dumps(versions, sort_keys=True), "updated_at": now}
    model = type(row)
    if row.id is None:
        for k, v in values.items():
            setattr(row, k, v)
        session.add(row)
        session.commit()
        return row
    result = session.execute(update(model).where(col(model.id) == row.id, col(model.version) == loaded_version).values(**values))  # type: ignore[attr-defined]
    session.commit()
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(row)  # someone wrote in between: judge again against their version
        return _apply_versioned(session, row, changes, base_version, labels, now)
    session.refresh(row)
    return row


# ---------------------------------------------------------------- themes


def results_source(*, session: Session, meeting: Meeting) -> Meeting:
    """The meeting whose scan results count: the linked startbijeenkomst, else the meeting itself."""
    if meeting.previous_meeting_id:
        previous = session.get(Meeting, meeting.previous_meeting_id)
        if previous is not None:
            return previous
    return meeting


def propose_themes(*, session: Session, meeting: Meeting, question_set: QuestionSet, limit: int = 4) -> list[tuple[theme_domain.ThemeProposal, str]]:
    """Proposed themes with their standard's title, from the linked scan's results."""
    source = results_source(session=session, meeting=meeting)
    results = result_service.build_results(session=session, meeting=source, question_set=question_set, mode="named")
    proposals = theme_domain.propose(results.regional, [m.scores for m in results.municipalities if m.answered], limit=limit)
    return [(p, question_set.standard(p.standard).title) for p in proposals]


def _parse_standards(standards: str, question_set: QuestionSet) -> str:
    numbers: list[int] = []
    for part in standards.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise Invalid(f"'{part}' is geen standaardnummer.")
        try:
            question_set.standard(int(part))
        except KeyError:
            raise Invalid(f"Standaard {part} bestaat niet.") from None
        numbers.append(int(part))
    return ",".join(str(n) for n in sorted(set(numbers)))


def themes_of(*, session: Session, meeting: Meeting) -> list[Theme]:
    return list(session.exec(select(Theme).where(Theme.meeting_id == meeting.id).order_by(col(Theme.position), col(Theme.id))))


def get_theme(*, session: Session, meeting: Meeting, theme_id: int) -> Theme:
    theme = session.get(Theme, theme_id)
    if theme is None or theme.meeting_id != meeting.id:
        raise NotFound("Dit thema bestaat niet in deze bijeenkomst.")
    return theme


def add_theme(*, session: Session, meeting: Meeting, question_set: QuestionSet, title: str, standards: str = "") -> Theme:
    theme = Theme(
        meeting_id=meeting.id or 0, title=required_line(title, what="De titel van een thema", limit=MAX_LINE), standards=_parse_standards(standards, question_set),
        position=len(themes_of(session=session, meeting=meeting)),
    )
    session.add(theme)
    session.commit()
    return theme


def rename_theme(*, session: Session, meeting: Meeting, theme_id: int, title: str) -> Theme:
    theme = get_theme(session=session, meeting=meeting, theme_id=theme_id)
    theme.title = required_line(title, what="De titel van een thema", limit=MAX_LINE)
    session.add(theme)
    session.commit()
    return theme


def join_theme(*, session: Session, meeting: Meeting, participant: Participant, theme_id: int) -> ThemeMember:
    """Put a participant in a theme group (moving them when they were in another)."""
    if participant.meeting_id != meeting.id:
        raise NotFound("Deze deelnemer hoort niet bij deze bijeenkomst.")
    get_theme(session=session, meeting=meeting, theme_id=theme_id)
    member = session.exec(select(ThemeMember).where(ThemeMember.participant_id == participant.id)).first()
    member = member or ThemeMember(meeting_id=meeting.id or 0, theme_id=theme_id, participant_id=participant.id or 0)
    member.theme_id = theme_id
    session.add(member)
    session.commit()
    return member


def participants_of(*, session: Session, meeting: Meeting) -> list[Participant]:
    return list(session.exec(select(Participant).where(Participant.meeting_id == meeting.id).order_by(col(Participant.id))))


def participant_theme(*, session: Session, participant: Participant) -> Theme | None:
    member = session.exec(select(ThemeMember).where(ThemeMember.participant_id == participant.id)).first()
    return session.get(Theme, member.theme_id) if member else None


THEME_FIELDS = {
    "knelpunten": "de knelpunten", "kansen": "de kansen", "quick_win": "de quick win", "scope": "regionaal of lokaal",
    "kosten": "de kosten", "kosten_toelichting": "de toelichting op de kosten",
}


def theme_answer(*, session: Session, theme: Theme) -> ThemeAnswer:
    answer = session.exec(select(ThemeAnswer).where(ThemeAnswer.theme_id == theme.id)).first()
    return answer or ThemeAnswer(meeting_id=theme.meeting_id, theme_id=theme.id or 0)


def update_theme_answer(*, session: Session, theme: Theme, base_version: int, changes: Mapping[str, str], now: float) -> ThemeAnswer:
    unknown = set(changes) - set(THEME_FIELDS)
    if unknown:
        raise Invalid(f"Onbekend veld: {', '.join(sorted(unknown))}.")
    cleaned = {k: v.strip() for k, v in changes.items()}
    if cleaned.get("scope", "") not in ("", "regionaal", "lokaal"):
        raise Invalid("Kies regionaal of lokaal.")
    if cleaned.get("kosten", "") not in ("", "ja", "nee"):
        raise Invalid("Kies bij kosten ja of nee.")
    for k, v in cleaned.items():
        if len(v) > MAX_TEXT:
            raise Invalid(f"{THEME_FIELDS[k].capitalize()} is hoogstens {MAX_TEXT} tekens.")
    return _apply_versioned(session, theme_answer(session=session, theme=theme), cleaned, base_version, THEME_FIELDS, now)


@dataclass
class ThemeGroup:
    theme: Theme
    answer: ThemeAnswer
    members: list[tuple[Participant, str]]  # participant, municipality name
    municipalities: set[str] = field(default_factory=set)

    @property
    def one_municipality(self) -> bool:
        """A theme group should be mixed: warn when all its members come from one municipality."""
        return len(self.members) > 1 and len(self.municipalities) == 1


def theme_board(*, session: Session, meeting: Meeting) -> list[ThemeGroup]:
    names = {m.id: m.name for m in meeting_service.municipalities_of(session=session, meeting=meeting)}
    members = list(session.exec(select(ThemeMember).where(ThemeMember.meeting_id == meeting.id)))
    people = {p.id: p for p in session.exec(select(Participant).where(Participant.meeting_id == meeting.id))}
    board = []
    for theme in themes_of(session=session, meeting=meeting):
        group = ThemeGroup(theme, theme_answer(session=session, theme=theme), [])
        for m in members:
            if m.theme_id == theme.id and m.participant_id in people:
                person = people[m.participant_id]
                group.members.append((person, names.get(person.municipality_id, "")))
                group.municipalities.add(names.get(person.municipality_id, ""))
        board.append(group)
    return board


# ---------------------------------------------------------------- plan van aanpak (Bijlage 5)

PLAN_FIELDS = {
    "maatregel": "de maatregel", "huidige_stand": "de huidige stand van zaken", "verbeteractie": "de verbeteractie",
    "beoogd_resultaat": "het beoogde resultaat", "wie": "wie het gaat doen", "planning": "de planning", "kosten": "de kosten",
    "prioriteit": "de prioriteit", "scope": "lokaal of regionaal",
}


def plan_rows(*, session: Session, meeting: Meeting, municipality_id: int) -> list[PlanRow]:
    query = select(PlanRow).where(PlanRow.meeting_id == meeting.id, PlanRow.municipality_id == municipality_id).order_by(col(PlanRow.position), col(PlanRow.id))
    return list(session.exec(query))


def start_plan(*, session: Session, meeting: Meeting, municipality_id: int, question_set: QuestionSet) -> list[PlanRow]:
    """The plan's rows, started (once) from the municipality's niet op orde answers in the linked scan."""
    municipality = _municipality(session, meeting, municipality_id)
    rows = plan_rows(session=session, meeting=meeting, municipality_id=municipality_id)
    if rows:
        return rows
    source = results_source(session=session, meeting=meeting)
    same = next((m for m in meeting_service.municipalities_of(session=session, meeting=source) if m.name.lower() == municipality.name.lower()), None)
    if same is None:
        return []
    answers = result_service.answers_by_municipality(session, source.id or 0).get(same.id or 0, {})
    for position, (number, answer) in enumerate(sorted((q, a) for q, a in answers.items() if a.status == scoring.NIET_OP_ORDE)):
        question = question_set.question(number)
        session.add(PlanRow(
            meeting_id=meeting.id or 0, municipality_id=municipality_id, group=theme_domain.plan_group(question.standard),
            maatregel=f"Vraag {number}: {question.text}"[:MAX_TEXT], huidige_stand=answer.toelichting, source_question=number, position=position,
        ))
    session.commit()
    return plan_rows(session=session, meeting=meeting, municipality_id=municipality_id)


def _plan_row(session: Session, meeting: Meeting, municipality_id: int, row_id: int) -> PlanRow:
    row = session.get(PlanRow, row_id)
    if row is None or row.meeting_id != meeting.id or row.municipality_id != municipality_id:
        raise NotFound("Deze regel staat niet in het plan van aanpak van deze gemeente.")
    return row


def _clean_plan(changes: Mapping[str, str]) -> dict[str, str]:
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise Invalid(f"Onbekend veld: {', '.join(sorted(unknown))}.")
    cleaned = {k: v.strip() for k, v in changes.items()}
    if "maatregel" in cleaned and not cleaned["maatregel"]:
        raise Invalid("Vul de maatregel of het verbeterpunt in: een regel zonder maatregel kan niet.")
    if cleaned.get("scope", "lokaal") not in ("lokaal", "regionaal"):
        raise Invalid("Kies lokaal of regionaal.")
    for k, v in cleaned.items():
        if len(v) > MAX_TEXT:
            raise Invalid(f"{PLAN_FIELDS[k].capitalize()} is hoogstens {MAX_TEXT} tekens.")
    return cleaned


def add_plan_row(*, session: Session, meeting: Meeting, municipality_id: int, group: str, values: Mapping[str, str], now: float) -> PlanRow:
    _municipality(session, meeting, municipality_id)
    if group not in theme_domain.PLAN_GROUPS:
        raise Invalid("Kies een groep standaarden: 1-2, 3-6, 4-5-7-8, 9 of 10.")
    cleaned = _clean_plan(values)
    if not cleaned.get("maatregel"):
        raise Invalid("Vul de maatregel of het verbeterpunt in: een regel zonder maatregel kan niet.")
    position = len(plan_rows(session=session, meeting=meeting, municipality_id=municipality_id))
    row = PlanRow(meeting_id=meeting.id or 0, municipality_id=municipality_id, group=group, position=position, maatregel="")
    return _apply_versioned(session, row, cleaned, 0, PLAN_FIELDS, now)


def update_plan_row(*, session: Session, meeting: Meeting, municipality_id: int, row_id: int, base_version: int, changes: Mapping[str, str], now: float) -> PlanRow:
    row = _plan_row(session, meeting, municipality_id, row_id)
    return _apply_versioned(session, row, _clean_plan(changes), base_version, PLAN_FIELDS, now)


def as_dict(row: SQLModel) -> dict[str, Any]:
    data = row.model_dump()
    data.pop("field_versions_json", None)
    return data
