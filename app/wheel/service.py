"""The Rad van Fortuin of a meeting: its questions (Bijlage 2's, put on at creation), spins and notes.

Reading never writes: a meeting gets its questions when it is created, and an older meeting that
has none gets them only when someone asks (`load_bijlage_2`). Positions are unique per meeting, so
two simultaneous additions cannot both take the same place.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from app.catalog.loader import Catalog
from app.core.db import begin_write
from app.core.errors import Conflict, Invalid, NotFound, required_line
from app.followup.models import MAX_LINE, MAX_TEXT
from app.meetings.models import Meeting
from app.wheel import rules as wheel_domain
from app.wheel.models import WheelNote, WheelQuestion, WheelSpin

ATTEMPTS = 5


def questions_of(*, session: Session, meeting: Meeting) -> list[WheelQuestion]:
    """All questions of the meeting's wheel (removed ones too), in order."""
    query = select(WheelQuestion).where(WheelQuestion.meeting_id == meeting.id).order_by(col(WheelQuestion.position))
    return list(session.exec(query))


def bijlage_2_questions(*, meeting: Meeting, catalog: Catalog) -> list[WheelQuestion]:
    """The wheel's questions from the data file (Bijlage 2), not yet stored."""
    return [
        WheelQuestion(meeting_id=meeting.id or 0, text=text, position=position)
        for position, text in enumerate(catalog.wheel.questions)
    ]


def load_bijlage_2(*, session: Session, meeting: Meeting, catalog: Catalog) -> int:
    """Put Bijlage 2's questions on a wheel that has none (an older meeting); the number added."""
    if questions_of(session=session, meeting=meeting):
        return 0
    session.add_all(bijlage_2_questions(meeting=meeting, catalog=catalog))
    try:
        session.commit()
    except IntegrityError:  # someone loaded them at the same moment: they are there now
        session.rollback()
        return 0
    return len(catalog.wheel.questions)


def _question(session: Session, meeting: Meeting, question_id: int) -> WheelQuestion:
    question = session.get(WheelQuestion, question_id)
    if question is None or question.meeting_id != meeting.id:
        raise NotFound("Deze vraag staat niet op het rad van deze bijeenkomst.")
    return question


def add_question(*, session: Session, meeting: Meeting, text: str) -> WheelQuestion:
    """Add a question at the end of the wheel (after a simultaneous addition when there was one)."""
    cleaned = required_line(text, what="Een vraag op het rad", limit=MAX_LINE)
    for _attempt in range(ATTEMPTS):
        last = session.exec(
            select(func.max(WheelQuestion.position)).where(WheelQuestion.meeting_id == meeting.id)
        ).one()
        question = WheelQuestion(
            meeting_id=meeting.id or 0, text=cleaned, position=(last if last is not None else -1) + 1
        )
        session.add(question)
        try:
            session.commit()
        except IntegrityError:  # another question took this place at the same moment: take the next
            session.rollback()
            continue
        return question
    raise Conflict("Er worden nu veel vragen tegelijk toegevoegd. Probeer het zo nog eens.")


def edit_question(*, session: Session, meeting: Meeting, question_id: int, text: str) -> WheelQuestion:
    question = _question(session, meeting, question_id)
    question.text = required_line(text, what="Een vraag op het rad", limit=MAX_LINE)
    session.add(question)
    session.commit()
    return question


def set_removed(*, session: Session, meeting: Meeting, question_id: int, removed: bool = True) -> WheelQuestion:
    """Take a question off the wheel (or put it back); its spins and notes stay for the minutes."""
    question = _question(session, meeting, question_id)
    question.removed = removed
    session.add(question)
    session.commit()
    return question


def spin(*, session: Session, meeting: Meeting, rng: wheel_domain.RandomSource, now: float, by: str) -> WheelSpin:
    """Draw a question still on the wheel and store the spin; Conflict when it is empty or still turns."""
    begin_write(session)  # two spins at once: the second sees the first one turning
    last = last_spin(session=session, meeting=meeting)
    if last is not None and not wheel_domain.has_landed(last.drawn_at, now):
        session.rollback()
        raise Conflict("Het rad draait nog. Draai opnieuw als het stilstaat.")
    questions = questions_of(session=session, meeting=meeting)
    try:
        drawn = wheel_domain.draw(questions, rng)
    except wheel_domain.EmptyWheel:
        raise Conflict("Het rad is leeg: er staan geen vragen meer op.") from None
    block = None if meeting.finished else meeting.current_block
    record = WheelSpin(meeting_id=meeting.id or 0, question_id=drawn.id or 0, block_position=block, drawn_at=now, by=by)
    session.add(record)
    session.commit()
    return record


def last_spin(*, session: Session, meeting: Meeting) -> WheelSpin | None:
    return session.exec(
        select(WheelSpin).where(WheelSpin.meeting_id == meeting.id).order_by(col(WheelSpin.id).desc())
    ).first()


def spin_count(*, session: Session, meeting: Meeting) -> int:
    return int(
        session.exec(select(func.count()).select_from(WheelSpin).where(WheelSpin.meeting_id == meeting.id)).one()
    )


def save_note(*, session: Session, meeting: Meeting, question_id: int, text: str, now: float) -> WheelNote:
    """The gespreksleider's notes on a drawn question (only drawn questions have notes)."""
    question = _question(session, meeting, question_id)
    if len(text) > MAX_TEXT:
        raise Invalid(f"Een notitie is hoogstens {MAX_TEXT} tekens.")
    drawn = session.exec(select(WheelSpin).where(WheelSpin.question_id == question.id)).first()
    if drawn is None:
        raise Invalid("Je kunt alleen notities maken bij een vraag die op het rad is gevallen.")
    note = session.exec(select(WheelNote).where(WheelNote.question_id == question.id)).first()
    note = note or WheelNote(meeting_id=meeting.id or 0, question_id=question.id or 0)
    note.text = text.strip()
    note.updated_at = now
    session.add(note)
    session.commit()
    return note


@dataclass
class DrawnQuestion:
    question: WheelQuestion
    note: str
    drawn_at: float


@dataclass
class WheelView:
    """What every screen showing the wheel needs; the landing is computed from stored data only."""

    segments: list[WheelQuestion]
    spin: WheelSpin | None
    landed: WheelQuestion | None  # None while the last spin still turns
    rotation: float  # degrees clockwise where the last spin lands (0 before any spin)
    segment_angle: float
    drawn: list[DrawnQuestion]
    all_questions: list[WheelQuestion]
    spinning: bool = False  # the last spin still turns at the moment of reading
    lands_at: float = 0.0  # server time at which the last spin stops
    now: float = 0.0

    @property
    def empty(self) -> bool:
        return not self.segments


def wheel_view(*, session: Session, meeting: Meeting, now: float | None = None) -> WheelView:
    """What every screen showing the wheel needs, read only.

    With `now` (a screen), a spin that still turns keeps its question hidden, from the drawn list too;
    without (the minutes, the organiser's API) every spin counts as landed.
    """
    questions = questions_of(session=session, meeting=meeting)
    segments = wheel_domain.on_wheel(questions)
    by_id = {q.id: q for q in questions}
    spin_row = last_spin(session=session, meeting=meeting)
    landed = by_id.get(spin_row.question_id) if spin_row else None
    spinning = spin_row is not None and now is not None and not wheel_domain.has_landed(spin_row.drawn_at, now)
    turning_id = spin_row.id if spin_row is not None and spinning else None
    rotation = 0.0
    if spin_row and landed in segments:
        rotation = wheel_domain.landing_rotation(segments.index(landed), len(segments), spin_row.id or 0)
    notes = {n.question_id: n.text for n in session.exec(select(WheelNote).where(WheelNote.meeting_id == meeting.id))}
    drawn: list[DrawnQuestion] = []
    seen: set[int] = set()
    for s in session.exec(select(WheelSpin).where(WheelSpin.meeting_id == meeting.id).order_by(col(WheelSpin.id))):
        if s.question_id in seen or s.question_id not in by_id or s.id == turning_id:
            continue
        seen.add(s.question_id)
        drawn.append(DrawnQuestion(by_id[s.question_id], notes.get(s.question_id, ""), s.drawn_at))
    return WheelView(
        segments=segments,
        spin=spin_row,
        landed=None if spinning else landed,
        rotation=rotation,
        segment_angle=wheel_domain.segment_angle(len(segments)) if segments else 0.0,
        drawn=drawn,
        all_questions=questions,
        spinning=spinning,
        lands_at=wheel_domain.lands_at(spin_row.drawn_at) if spin_row else 0.0,
        now=now or 0.0,
    )


def shows_on_dashboard(
    *, session: Session, meeting: Meeting, block_position: int | None, block_has_wheel: bool
) -> bool:
    """The dashboard shows the wheel when the block has one, or someone spun during this block."""
    if block_has_wheel:
        return True
    if block_position is None:
        return False
    return (
        session.exec(
            select(WheelSpin.id).where(WheelSpin.meeting_id == meeting.id, WheelSpin.block_position == block_position)
        ).first()
        is not None
    )
