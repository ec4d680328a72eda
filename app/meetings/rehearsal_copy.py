"""Proefdraaien: a meeting's oefenversie (rehearsal copy), where the team practises with simulated participants.

The rule that keeps rehearsal data out of results and documents: it never shares a meeting with
real data. Proefdraaien makes (once) a copy of the meeting — programme and speakers,
municipalities, the wheel's questions, the links to other scans — with its own join code and
links. Simulated participants (`Participant.simulated`) join the copy, and the facilitator
practises the whole day on the copy's screens, clock and results included. Results, the API and
every document are built per meeting, so nothing written in the copy can reach the real
meeting's; and the copy itself is never listed, never linked to, and has no organiser pages or
exports (`app.meetings.service.get_meeting`, `check_links`).

Proefdraaien is possible only before the real programme starts. "Oefengegevens verwijderen"
deletes the copy with everything in it (app.meetings.removal); starting the real programme does so
too, and so does deleting the meeting.
"""

from __future__ import annotations

import secrets
import time

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.core.errors import Conflict
from app.meetings import participants, removal
from app.meetings.models import Meeting, MeetingBlock, Municipality, Participant
from app.meetings.schemas import JoinRequest
from app.meetings.service import blocks_of, municipalities_of, new_join_code
from app.wheel.models import WheelQuestion

# What a copy takes from the real meeting; the clock, the day's data and the links are its own.
MEETING_FIELDS = (
    "agenda_key",
    "question_set_key",
    "question_set_version",
    "region",
    "date",
    "start_time",
    "timezone",
    "video_link",
    "privacy_mode",
    "hidden_terms",
    "scan_kind",
    "scan_source_id",
    "earlier_scan_id",
    "organiser_id",
)
BLOCK_FIELDS = {
    "position",
    "kind",
    "title",
    "description",
    "speaker",
    "planned_start",
    "planned_seconds",
    "groups",
    "work",
    "first_question",
    "last_question",
    "results",
    "wheel",
}


def find(*, session: Session, meeting: Meeting) -> Meeting | None:
    """The meeting's oefenversie, if proefdraaien has started."""
    return session.exec(select(Meeting).where(Meeting.rehearsal_of == meeting.id)).first()


def simulated_count(*, session: Session, rehearsal: Meeting) -> int:
    return len(
        session.exec(select(Participant.id).where(Participant.meeting_id == rehearsal.id, Participant.simulated)).all()
    )


def open_rehearsal(*, session: Session, meeting: Meeting, now: float | None = None) -> Meeting:
    """The meeting's oefenversie, made now if there is none; refused once the real programme has started."""
    if meeting.rehearsal_of is not None:
        raise Conflict("Dit is al een oefenversie.")
    if meeting.current_block is not None or meeting.finished:
        raise Conflict(
            "Proefdraaien kan alleen voordat het programma begint: deze bijeenkomst is al gestart. Oefenen met "
            "echte gegevens erbij zou ze door elkaar halen."
        )
    existing = find(session=session, meeting=meeting)
    if existing is not None:
        return existing
    copy = Meeting(
        **{name: getattr(meeting, name) for name in MEETING_FIELDS},
        join_code=new_join_code(session),
        facilitator_token=secrets.token_urlsafe(16),
        gespreksleider_token=secrets.token_urlsafe(16),
        display_token=secrets.token_urlsafe(16),
        rehearsal_of=meeting.id,
        created_at=now or time.time(),
    )
    try:
        session.add(copy)
        session.flush()
        for block in blocks_of(session=session, meeting=meeting):
            session.add(MeetingBlock(**block.model_dump(include=BLOCK_FIELDS), meeting_id=copy.id or 0))
        for municipality in municipalities_of(session=session, meeting=meeting):
            session.add(Municipality(meeting_id=copy.id or 0, name=municipality.name, position=municipality.position))
        for question in session.exec(select(WheelQuestion).where(WheelQuestion.meeting_id == meeting.id)):
            session.add(
                WheelQuestion(
                    meeting_id=copy.id or 0, text=question.text, position=question.position, removed=question.removed
                )
            )
        session.commit()
    except IntegrityError:  # another click made the copy first (one per meeting: a unique rehearsal_of)
        session.rollback()
        made = find(session=session, meeting=meeting)
        if made is None:
            raise
        return made
    session.refresh(copy)
    return copy


def add_simulated_participant(
    *, session: Session, rehearsal: Meeting, municipality_id: int, name: str, role: str
) -> Participant:
    """A simulated participant in the oefenversie (never in a real meeting)."""
    if rehearsal.rehearsal_of is None:
        raise Conflict("Gesimuleerde deelnemers horen alleen in een oefenversie.")
    data = JoinRequest.model_validate({"municipality_id": municipality_id, "name": name, "role": role})
    return participants.join(session=session, meeting=rehearsal, data=data, simulated=True)


def remove_rehearsal(*, session: Session, meeting: Meeting) -> int | None:
    """Oefengegevens verwijderen: delete the oefenversie with everything in it; its id, or None when there was none."""
    copy = find(session=session, meeting=meeting)
    if copy is None:
        return None
    copy_id = copy.id or 0
    removal.delete_meeting(session=session, meeting_id=copy_id)
    return copy_id
