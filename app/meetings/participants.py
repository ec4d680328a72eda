"""Participants: joining a meeting's municipality room and finding them again by their cookie."""

from __future__ import annotations

import secrets
import time

from sqlalchemy import and_, bindparam
from sqlmodel import Session, col, select

from app.core.errors import Forbidden, NotFound
from app.meetings.models import Meeting, Participant
from app.meetings.schemas import JoinRequest
from app.meetings.service import UNKNOWN_CODE, get_municipality, normalise_join_code

UNKNOWN_MEMBER = "Je aanmelding is niet (meer) bekend. Meld je opnieuw aan met de code."


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
        raise Forbidden(UNKNOWN_MEMBER)
    if participant.meeting_id != meeting.id:
        raise Forbidden("Je bent aangemeld bij een andere bijeenkomst.")
    return participant


# Built once, with parameters: a participant's every request runs them, and building a statement and its
# cache key costs about as much as executing it.
_MEETING = select(Meeting).where(Meeting.join_code == bindparam("code"))
_MEETING_WITH_MEMBER = (
    select(Meeting, Participant)
    .outerjoin(
        Participant,
        and_(col(Participant.meeting_id) == Meeting.id, col(Participant.token) == bindparam("token")),
    )
    .where(Meeting.join_code == bindparam("code"))
)


def meeting_with_member(*, session: Session, code: str, token: str | None) -> tuple[Meeting, Participant | None]:
    """A join code's meeting and, in the same statement, the participant `token` belongs to in it (None when
    it is not one of its participants): a participant's every request needs both."""
    code = normalise_join_code(code)
    if not token:
        meeting = session.exec(_MEETING, params={"code": code}).first()
        if meeting is None:
            raise NotFound(UNKNOWN_CODE)
        return meeting, None
    found = session.exec(_MEETING_WITH_MEMBER, params={"code": code, "token": token}).first()
    if found is None:
        raise NotFound(UNKNOWN_CODE)
    return found[0], found[1]


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
