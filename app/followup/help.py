"""Help calls from the rooms and the facilitator's messages to all rooms or one room."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.core.errors import Invalid, NotFound
from app.followup.models import (
    MAX_MESSAGE,
    HelpCall,
    RoomMessage,
)
from app.meetings import service as meeting_service
from app.meetings.models import Meeting


def call_for_help(*, session: Session, meeting: Meeting, municipality_id: int, now: float) -> HelpCall:
    """A room asks for the facilitator; calling again while a call is open keeps the first time.

    Two members tapping at the same moment make one call: the open call is unique per room.
    """
    query = select(HelpCall).where(
        HelpCall.meeting_id == meeting.id,
        HelpCall.municipality_id == municipality_id,
        col(HelpCall.cleared_at).is_(None),
    )
    open_call = session.exec(query).first()
    if open_call:
        return open_call
    call = HelpCall(meeting_id=meeting.id or 0, municipality_id=municipality_id, at=now)
    session.add(call)
    try:
        session.commit()
    except IntegrityError:  # the other tap came first: theirs is the room's call
        session.rollback()
        return session.exec(query).one()
    return call


def open_help_calls(*, session: Session, meeting: Meeting) -> list[HelpCall]:
    return list(
        session.exec(
            select(HelpCall)
            .where(HelpCall.meeting_id == meeting.id, col(HelpCall.cleared_at).is_(None))
            .order_by(col(HelpCall.at))
        )
    )


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


def send_message(
    *, session: Session, meeting: Meeting, text: str, municipality_id: int | None, now: float
) -> RoomMessage:
    """A short message to every room (municipality_id None) or one room."""
    cleaned = text.strip()
    if not cleaned:
        raise Invalid("Een bericht mag niet leeg zijn.")
    if len(cleaned) > MAX_MESSAGE:
        raise Invalid(f"Een bericht is hoogstens {MAX_MESSAGE} tekens.")
    if municipality_id is not None:
        meeting_service.get_municipality(session=session, meeting=meeting, municipality_id=municipality_id)
    message = RoomMessage(meeting_id=meeting.id or 0, municipality_id=municipality_id, text=cleaned, at=now)
    session.add(message)
    session.commit()
    return message


def messages_for(*, session: Session, meeting: Meeting, municipality_id: int, limit: int = 3) -> list[RoomMessage]:
    """The newest messages a room sees: to all rooms or to this one."""
    query = (
        select(RoomMessage)
        .where(
            RoomMessage.meeting_id == meeting.id,
            (col(RoomMessage.municipality_id).is_(None)) | (RoomMessage.municipality_id == municipality_id),
        )
        .order_by(col(RoomMessage.id).desc())
        .limit(limit)
    )
    return list(session.exec(query))
