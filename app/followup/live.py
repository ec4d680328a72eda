"""The follow-up's live screens: the facilitator's follow-up page and a participant's theme and plan pages."""

from __future__ import annotations

from sqlmodel import Session

from app.clock import screens as clock_screens
from app.followup import screens as screens_followup
from app.live.hub import Event, followup_channel, meeting_channel
from app.live.screen import Audience, Connection, Screen, fresh_meeting, identify_participant
from app.meetings import service as meetings


def facilitator_screen(session: Session, connection: Connection) -> Screen:
    """/ws/fv/{token}: the facilitator's follow-up panel."""
    meeting = meetings.by_facilitator_token(session=session, token=connection.link)
    engine, catalog, meeting_id = connection.engine, connection.catalog, meeting.id or 0

    def render(batch: list[Event]) -> str:
        with Session(engine, expire_on_commit=False) as session:
            fresh = fresh_meeting(session, meeting_id)
            return screens_followup.facilitator_panel_html(session=session, meeting=fresh, catalog=catalog)

    channels = (meeting_channel(meeting_id), followup_channel(meeting_id))
    return Screen(channels, render, Audience(("followup-facilitator", meeting_id), render))


def theme_screen(session: Session, connection: Connection) -> Screen:
    """/ws/j/{code}/thema: a participant's theme group."""
    return _participant_work(session, connection, "thema")


def plan_screen(session: Session, connection: Connection) -> Screen:
    """/ws/j/{code}/plan: a participant's plan van aanpak."""
    return _participant_work(session, connection, "plan")


def _participant_work(session: Session, connection: Connection, page: str) -> Screen:
    """A theme page differs per member (their own group); a plan page is the same for the municipality's members."""
    meeting, participant = identify_participant(session, connection)
    engine, catalog, meeting_id = connection.engine, connection.catalog, meeting.id or 0

    def render(batch: list[Event]) -> str:
        with Session(engine, expire_on_commit=False) as session:
            fresh = fresh_meeting(session, meeting_id)
            status = clock_screens.status_html(session=session, meeting=fresh)
            if page == "thema":
                return status + screens_followup.theme_page_html(
                    session=session, meeting=fresh, participant=participant
                )
            return status + screens_followup.plan_html(
                session=session, meeting=fresh, participant=participant, catalog=catalog
            )

    channels = (meeting_channel(meeting_id), followup_channel(meeting_id))
    if page == "thema":
        return Screen(channels, render)
    return Screen(channels, render, Audience(("plan", meeting_id, participant.municipality_id), render))
