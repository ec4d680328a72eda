"""Answers in a municipality's room: each member's own view and the room's agreed answer.

Every change is kept (AnswerChange) with who and when. Two people changing the same field of the
same answer at once never silently lose a change: a write names the version it was based on, and
when that field changed since, the write is refused with 409 and the newer text is shown next to
theirs. Changes to different fields of one answer merge.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.catalog.loader import QuestionSet
from app.core.errors import Conflict, Invalid, NotFound
from app.meetings.models import Meeting, Participant
from app.zelfscan.models import AnswerChange, ParticipantView, RoomAnswer
from app.zelfscan.schemas import AnswerChangeRequest

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


def room_answer(session: Session, meeting_id: int, municipality_id: int, question: int) -> RoomAnswer:
    answer = session.exec(
        select(RoomAnswer).where(RoomAnswer.municipality_id == municipality_id, RoomAnswer.question == question)
    ).first()
    return answer or RoomAnswer(meeting_id=meeting_id, municipality_id=municipality_id, question=question)


def set_view(
    *,
    session: Session,
    participant: Participant,
    question_set: QuestionSet,
    question: int,
    status: str,
    now: float | None = None,
) -> ParticipantView:
    """A room member's own view on a question."""
    _check_question(question_set, question)
    now = now or time.time()
    view = session.exec(
        select(ParticipantView).where(
            ParticipantView.participant_id == participant.id, ParticipantView.question == question
        )
    ).first()
    old = view.status if view else "open"
    if view is None:
        view = ParticipantView(
            meeting_id=participant.meeting_id,
            municipality_id=participant.municipality_id,
            participant_id=participant.id or 0,
            question=question,
        )
    view.status = status
    view.updated_at = now
    session.add(view)
    if old != status:
        session.add(
            AnswerChange(
                meeting_id=participant.meeting_id,
                municipality_id=participant.municipality_id,
                question=question,
                participant_id=participant.id,
                field="view",
                old=old,
                new=status,
                at=now,
            )
        )
    session.commit()
    return view


@dataclass
class ConflictInfo:
    fields: list[str]
    answer: RoomAnswer
    attempted: dict[str, object] = field(default_factory=dict)


class AnswerConflict(Conflict):
    def __init__(self, info: ConflictInfo) -> None:
        names = " en ".join(FIELD_LABELS[f] for f in info.fields)
        super().__init__(
            f"Iemand anders in jouw kamer heeft {names} net aangepast. Bekijk de nieuwe versie; jouw tekst is niet verloren en staat hieronder. Pas aan en sla opnieuw op.",
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
    for _attempt in range(5):
        answer = room_answer(session, participant.meeting_id, participant.municipality_id, question)
        changed = {k: v for k, v in requested.items() if getattr(answer, k) != v}
        if not changed:
            session.rollback()
            return answer, None
        stale = [f for f in changed if answer.field_versions.get(f, 0) > change.base_version]
        if stale:
            session.rollback()
            raise AnswerConflict(ConflictInfo(fields=stale, answer=answer, attempted=requested))
        if _write(session, answer, changed, participant, now):
            last_id = _log_changes(session, answer, changed, participant, now)
            session.commit()
            session.expire_all()
            return room_answer(session, participant.meeting_id, participant.municipality_id, question), last_id
        session.rollback()  # someone else wrote in between: read again and re-check
    raise Conflict("Het antwoord wordt nu door meerdere mensen tegelijk gewijzigd. Probeer het zo nog eens.")


def _write(
    session: Session, answer: RoomAnswer, changed: dict[str, object], participant: Participant, now: float
) -> bool:
    """Compare-and-set on the answer's version; False when another write came first."""
    versions = dict(answer.field_versions)
    new_version = answer.version + 1
    for name in changed:
        versions[name] = new_version
    values: dict[str, object] = {
        **changed,
        "version": new_version,
        "field_versions": versions,
        "updated_at": now,
        "updated_by": participant.id,
    }
    if answer.id is None:
        try:
            with session.begin_nested():
                session.execute(
                    insert(RoomAnswer).values(
                        meeting_id=answer.meeting_id,
                        municipality_id=answer.municipality_id,
                        question=answer.question,
                        **{"status": "open", "toelichting": "", "nuancering": "", "checklist": []} | values,
                    )
                )
        except IntegrityError:
            return False
        return True
    result = session.execute(
        # synchronize_session=False: keep `answer` as read, so the change log records the old values.
        update(RoomAnswer)
        .where(RoomAnswer.id == answer.id, RoomAnswer.version == answer.version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def _log_changes(
    session: Session, answer: RoomAnswer, changed: dict[str, object], participant: Participant, now: float
) -> int | None:
    entries = [
        AnswerChange(
            meeting_id=participant.meeting_id,
            municipality_id=participant.municipality_id,
            question=answer.question,
            participant_id=participant.id,
            field=name,
            old=getattr(answer, name),
            new=value,
            at=now,
        )
        for name, value in changed.items()
    ]
    session.add_all(entries)
    session.flush()
    return entries[-1].id


@dataclass
class QuestionState:
    number: int
    answer: RoomAnswer
    views: dict[int, str]  # participant id -> status
    own_view: str
    updated_by_name: str


def room_state(
    *, session: Session, meeting: Meeting, municipality_id: int, participant: Participant | None, numbers: list[int]
) -> list[QuestionState]:
    """Everything a room page shows for the given questions, in two queries."""
    answers = {
        a.question: a
        for a in session.exec(
            select(RoomAnswer).where(
                RoomAnswer.municipality_id == municipality_id, col(RoomAnswer.question).in_(numbers)
            )
        )
    }
    views: dict[int, dict[int, str]] = {}
    for view in session.exec(
        select(ParticipantView).where(
            ParticipantView.municipality_id == municipality_id, col(ParticipantView.question).in_(numbers)
        )
    ):
        views.setdefault(view.question, {})[view.participant_id] = view.status
    people = {p.id: p for p in session.exec(select(Participant).where(Participant.municipality_id == municipality_id))}
    states = []
    for number in numbers:
        answer = answers.get(number) or RoomAnswer(
            meeting_id=meeting.id or 0, municipality_id=municipality_id, question=number
        )
        by = people.get(answer.updated_by) if answer.updated_by else None
        question_views = views.get(number, {})
        states.append(
            QuestionState(
                number=number,
                answer=answer,
                views=question_views,
                own_view=question_views.get(participant.id or 0, "open") if participant else "open",
                updated_by_name=(by.name or "een deelnemer") if by else "",
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
