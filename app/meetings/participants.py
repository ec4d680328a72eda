"""Participants: joining a meeting's municipality room and finding them again by their cookie."""

from __future__ import annotations

import secrets
import time

from sqlmodel import Session, select

from app.core.errors import Forbidden, NotFound
from app.meetings.models import Meeting, Participant
from app.meetings.schemas import JoinRequest
from app.meetings.service import get_municipality


def join(
    *, session: Session, meeting: Meeting, data: JoinRequest, simulated: bool = False, now: float | None = None
) -> Participant:
    municipality = get_municipality(session=session, meeting=meeting, municipality_id=data.municipality_id)
    participant = Participant(
        meeting_id=meeting.id or 0,
        municipality_id=municipality.id or 0,
        token=secrets.token_urlsafe(18),
        name=data.name,
        role=data.role,
        simulated=simulated,
        joined_at=now or time.time(),
    )
    session.add(participant)
    session.commit()
    session.refresh(participant)
    return participant


def by_token(*, session: Session, meeting: Meeting, token: str | None) -> Participant:
    """The participant behind a device's cookie; only within this meeting."""
    if not token:
        raise Forbidden("Je bent nog niet aangemeld bij deze bijeenkomst. Kies eerst je gemeente.")
    participant = session.exec(select(Participant).where(Participant.token == token)).first()
    if participant is None:
        raise Forbidden("Je aanmelding is niet (meer) bekend. Meld je opnieuw aan met de code.")
    if participant.meeting_id != meeting.id:
        raise Forbidden("Je bent aangemeld bij een andere bijeenkomst.")
    return participant


def find_by_token(*, session: Session, meeting: Meeting, token: str | None) -> Participant | None:
    """The participant behind a cookie, or None when the device has not joined this meeting."""
    if not token:
        return None
    participant = session.exec(select(Participant).where(Participant.token == token)).first()
    return participant if participant is not None and participant.meeting_id == meeting.id else None


def get_participant(*, session: Session, participant_id: int) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None:
        raise NotFound("Deze deelnemer bestaat niet.")
    return participant
