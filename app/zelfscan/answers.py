"""Answers in a municipality's room: each member's own view and the room's agreed answer.

Every change is kept (AnswerChange) with who and when. Two people changing the same field of the
same answer at once never silently lose a change: a write names the version it was based on, and
when that field changed since, the write is refused with 409 and the newer text is shown next to
theirs. Changes to different fields of one answer merge.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, func, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from app.catalog.loader import QuestionSet
from app.core.errors import Conflict, Invalid, NotFound
from app.core.versioning import EditConflict, Written, write_versioned
from app.meetings.models import Meeting, Participant
from app.zelfscan.models import AnswerChange, ParticipantView, RoomAnswer
from app.zelfscan.schemas import AnswerChangeRequest

ATTEMPTS = 5

# The phones' hot statements, built once with parameters (building a statement and its cache key costs about
# as much as running it): their reads, and the audit row every change writes.
_OWN_VIEW = select(ParticipantView).where(
    ParticipantView.participant_id == bindparam("participant"), ParticipantView.question == bindparam("question")
)
_ROOM_VIEWS = select(ParticipantView.question, ParticipantView.participant_id, ParticipantView.status).where(
    ParticipantView.municipality_id == bindparam("room"),
    col(ParticipantView.question).in_(bindparam("numbers", expanding=True)),
)
_MEMBER_VIEWS = _ROOM_VIEWS.where(ParticipantView.participant_id == bindparam("member"))
_ROOM_ANSWERS = select(RoomAnswer).where(
    RoomAnswer.municipality_id == bindparam("room"), col(RoomAnswer.question).in_(bindparam("numbers", expanding=True))
)
_NAMES = select(Participant.id, Participant.name).where(col(Participant.id).in_(bindparam("ids", expanding=True)))
_ROOM_STATUSES = select(RoomAnswer.question, RoomAnswer.status).where(
    RoomAnswer.municipality_id == bindparam("room"), col(RoomAnswer.question).in_(bindparam("numbers", expanding=True))
)
_CHANGE = insert(AnswerChange.__table__)  # type: ignore[attr-defined]

TEXT_FIELDS = ("status", "toelichting", "nuancering", "checklist")
FIELD_LABELS = {
    "status": "het antwoord",
    "toelichting": "de toelichting",
    "nuancering": "de nuancering",
    "checklist": "de checklist",
}


def _check_question(question_set: QuestionSet, number: int) -> None:
    try:
        question_set.question(number)
    except KeyError:
        raise NotFound(f"Vraag {number} bestaat niet in deze zelfscan.") from None


def set_view(
    *,
    session: Session,
    participant: Participant,
    question_set: QuestionSet,
    question: int,
    status: str,
    now: float | None = None,
) -> ParticipantView:
    """A room member's own view on a question; a repeated or simultaneous tap changes it once."""
    _check_question(question_set, question)
    now = now or time.time()
    for _attempt in range(ATTEMPTS):
        view = session.exec(_OWN_VIEW, params={"participant": participant.id, "question": question}).first()
        old = view.status if view else "open"
        if view is not None and old == status:
            return view
        stored = _store_view(session, participant, question, view, status, now)
        if stored is not None:
            if old != status:
                _log(
                    session,
                    meeting_id=participant.meeting_id,
                    municipality_id=participant.municipality_id,
                    question=question,
                    participant_id=participant.id,
                    field="view",
                    old=old,
                    new=status,
                    at=now,
                )
            session.commit()
            return stored
        session.rollback()  # another tap of this person came first: read it and judge again
    raise Conflict("Je mening wordt nu vaak tegelijk gewijzigd. Probeer het zo nog eens.")


def _store_view(
    session: Session, participant: Participant, question: int, view: ParticipantView | None, status: str, now: float
) -> ParticipantView | None:
    """Insert the view, or change it only from the status it was read with; None when another write came first.

    Returns the view as written (no read: the row updated is the one read, with the new status)."""
    if view is None:
        new = ParticipantView(
            meeting_id=participant.meeting_id,
            municipality_id=participant.municipality_id,
            participant_id=participant.id or 0,
            question=question,
            status=status,
            updated_at=now,
        )
        try:
            session.add(new)
            session.flush()
        except IntegrityError:
            return None
        return new
    result = session.execute(
        update(ParticipantView)
        .where(col(ParticipantView.id) == view.id, col(ParticipantView.status) == view.status)
        .values(status=status, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    set_committed_value(view, "status", status)
    set_committed_value(view, "updated_at", now)
    return view


@dataclass
class ConflictInfo:
    fields: list[str]
    answer: RoomAnswer
    attempted: dict[str, object] = field(default_factory=dict)


class AnswerConflict(Conflict):
    def __init__(self, info: ConflictInfo, message: str | None = None) -> None:
        names = " en ".join(FIELD_LABELS[f] for f in info.fields) or "het antwoord"
        super().__init__(
            message
            or f"Iemand anders in jouw kamer heeft {names} net aangepast. Bekijk de nieuwe versie; "
            "jouw tekst is niet verloren en staat hieronder. Pas aan en sla opnieuw op."
        )
        self.info = info


def update_answer(
    *,
    session: Session,
    participant: Participant,
    question_set: QuestionSet,
    question: int,
    change: AnswerChangeRequest,
    now: float | None = None,
) -> tuple[RoomAnswer, int | None]:
    """Change fields of the room's agreed answer. Returns the answer and the id of the last change."""
    _check_question(question_set, question)
    now = now or time.time()
    requested = change.model_dump(exclude_unset=True, exclude={"base_version"})
    requested = {k: v for k, v in requested.items() if v is not None}
    if not requested:
        raise Invalid("Er is niets om op te slaan.")
    if "checklist" in requested:
        allowed = {item.sub for item in question_set.question(question).checklist}
        if not allowed:
            raise Invalid(f"Vraag {question} heeft geen checklist.")
        unknown = sorted(set(requested["checklist"]) - allowed)
        if unknown:
            raise Invalid(f"Onbekend onderdeel van de checklist: {', '.join(unknown)}.")
        requested["checklist"] = sorted(set(requested["checklist"]))
    try:
        written = write_versioned(
            session=session,
            model=RoomAnswer,
            key={"municipality_id": participant.municipality_id, "question": question},
            create={"meeting_id": participant.meeting_id},
            changes=requested,
            base_version=change.base_version,
            labels=FIELD_LABELS,
            now=now,
            stamp={"updated_by": participant.id},
        )
    except EditConflict as conflict:
        info = ConflictInfo(fields=[c.field for c in conflict.conflicts], answer=conflict.row, attempted=requested)
        raise AnswerConflict(info, conflict.message if conflict.ahead else None) from None
    if not written.changed:
        return written.row, None
    last_id = log_changes(
        session=session, written=written, meeting_id=participant.meeting_id, participant_id=participant.id, now=now
    )
    session.commit()
    return written.row, last_id


def log_changes(
    *, session: Session, written: Written[RoomAnswer], meeting_id: int, participant_id: int | None, now: float
) -> int | None:
    """Keep every changed field of a room answer, with its real old value, in AnswerChange; no commit."""
    answer = written.row
    last = None
    for name, value in written.changed.items():
        last = _log(
            session,
            meeting_id=meeting_id,
            municipality_id=answer.municipality_id,
            question=answer.question,
            participant_id=participant_id,
            field=name,
            old=written.before[name],
            new=value,
            at=now,
        )
    return last


def _log(session: Session, **values: Any) -> int:
    """One AnswerChange row, written straight (a row a change: no object for the session to track); its id."""
    key = session.connection().execute(_CHANGE, values).inserted_primary_key
    assert key is not None, "an insert has the new row's key"
    return int(key[0])


def newest_change_id(*, session: Session, meeting_id: int) -> int | None:
    """The id of the meeting's newest answer or view change, or None before the first."""
    return session.exec(select(func.max(AnswerChange.id)).where(AnswerChange.meeting_id == meeting_id)).one()


def room_statuses(*, session: Session, municipality_id: int, numbers: list[int]) -> list[tuple[int, str]]:
    """The room's agreed answer to each of `numbers`, in that order ("open" where none was given)."""
    given = dict(session.exec(_ROOM_STATUSES, params={"room": municipality_id, "numbers": numbers}).all())
    return [(number, given.get(number, "open")) for number in numbers]


@dataclass
class QuestionState:
    number: int
    answer: RoomAnswer
    views: dict[int, str]  # participant id -> status (the participant's own alone when read without tallies)
    own_view: str
    updated_by_name: str


def room_views(
    *, session: Session, municipality_id: int, numbers: list[int], member: int | None = None
) -> dict[int, dict[int, str]]:
    """The room's own views of the given questions: question -> participant id -> status (one query).

    With `member`: that participant's views alone."""
    views: dict[int, dict[int, str]] = {number: {} for number in numbers}
    params = {"room": municipality_id, "numbers": numbers}
    rows = (
        session.exec(_ROOM_VIEWS, params=params)
        if member is None
        else session.exec(_MEMBER_VIEWS, params={**params, "member": member})
    )
    for question, participant_id, status in rows:
        views[question][participant_id] = status
    return views


@functools.lru_cache(maxsize=4096)
def unanswered(meeting_id: int, municipality_id: int, number: int) -> RoomAnswer:
    """The room's answer to a question nobody has answered yet: the defaults, never stored and never changed.

    Made once and shared: a SQLModel costs a validation per object, and a room read shows up to 14 of them."""
    # Lists given, not left to the default factories: pydantic inspects a factory's signature each call.
    return RoomAnswer(
        meeting_id=meeting_id, municipality_id=municipality_id, question=number, checklist=[], field_versions={}
    )


def room_state(
    *,
    session: Session,
    meeting: Meeting,
    municipality_id: int,
    participant: Participant | None,
    numbers: list[int],
    tallies: bool = True,
) -> list[QuestionState]:
    """What a room page shows for the given questions: their answers, views and who last changed each.

    `tallies` False: of the views only the participant's own are read (the API's room read shows no tallies;
    a room of 40 has up to 560 views)."""
    answers = {a.question: a for a in session.exec(_ROOM_ANSWERS, params={"room": municipality_id, "numbers": numbers})}
    member = None if tallies or participant is None else participant.id or 0
    views = room_views(session=session, municipality_id=municipality_id, numbers=numbers, member=member)
    editors = {a.updated_by for a in answers.values() if a.updated_by}
    names: dict[int, str | None] = (
        dict(session.exec(_NAMES, params={"ids": list(editors)}).all())  # type: ignore[arg-type]
        if editors
        else {}
    )
    states = []
    for number in numbers:
        answer = answers.get(number) or unanswered(meeting.id or 0, municipality_id, number)
        question_views = views.get(number, {})
        states.append(
            QuestionState(
                number=number,
                answer=answer,
                views=question_views,
                own_view=question_views.get(participant.id or 0, "open") if participant else "open",
                updated_by_name=(names.get(answer.updated_by) or "een deelnemer") if answer.updated_by in names else "",
            )
        )
    return states


def history(*, session: Session, municipality_id: int, question: int) -> list[AnswerChange]:
    return list(
        session.exec(
            select(AnswerChange)
            .where(AnswerChange.municipality_id == municipality_id, AnswerChange.question == question)
            .order_by(col(AnswerChange.id))
        )
    )
