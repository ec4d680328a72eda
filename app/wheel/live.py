"""The wheel's live screen: the gespreksleider's page (status bar, wheel and its editor)."""

from __future__ import annotations

from sqlmodel import Session

from app.clock import screens as clock_screens
from app.live.hub import Event, meeting_channel
from app.live.screen import Audience, Connection, Screen, fresh_meeting
from app.meetings import service as meetings
from app.wheel import screens as wheel_screens


def gespreksleider_screen(session: Session, connection: Connection) -> Screen:
    """/ws/g/{token}: everything on the gespreksleider's page, re-rendered once per change for every socket."""
    meeting = meetings.by_gespreksleider_token(session=session, token=connection.link)
    engine, meeting_id = connection.engine, meeting.id or 0
    base = f"/g/{meeting.gespreksleider_token}/rad"

    def render(batch: list[Event]) -> str:
        with Session(engine, expire_on_commit=False) as session:
            fresh = fresh_meeting(session, meeting_id)
            return (
                clock_screens.status_html(session=session, meeting=fresh)
                + wheel_screens.wheel_html(session=session, meeting=fresh, spin_url=f"{base}/draaien")
                + wheel_screens.wheel_admin_html(session=session, meeting=fresh, base=base)
            )

    # Every socket on this page shows the same: one render per change for all of them.
    return Screen((meeting_channel(meeting_id),), render, Audience(("gespreksleider", meeting_id), render))
