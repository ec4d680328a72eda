"""Partials of the follow-up work: one function per piece of screen (first render and live push)."""

from __future__ import annotations

import time

from sqlmodel import Session

from app.core.web import render_fragment
from app.followup import agreements, themes
from app.followup import help as help_service
from app.meetings import service as meeting_service
from app.meetings.models import Meeting, MeetingBlock
from app.wheel import screens as wheel_screens
from app.wheel import service as wheel_service


def dashboard_extras_html(*, session: Session, meeting: Meeting, block: MeetingBlock | None, kind: str) -> str:
    """What the dashboard adds for the follow-up work: the wheel, help calls, agreements, themes."""
    parts = []
    if block is not None and wheel_service.shows_on_dashboard(
        session=session, meeting=meeting, block_position=block.position, block_has_wheel=block.wheel
    ):
        spin_url = f"/f/{meeting.facilitator_token}/rad/draaien" if kind == "facilitator" else None
        parts.append(wheel_screens.wheel_html(session=session, meeting=meeting, spin_url=spin_url))
    if kind == "facilitator":
        parts.append(help_calls_html(session=session, meeting=meeting))
    recorded = agreements.agreements_of(session=session, meeting=meeting)
    if recorded or (block is not None and block.kind == "closing"):
        parts.append(render_fragment("followup/agreements.html", agreements=recorded))
    if (block is not None and block.work == "themes") or (
        block is not None and block.kind == "feedback" and themes.themes_of(session=session, meeting=meeting)
    ):
        parts.append(themes_board_html(session=session, meeting=meeting))
    return "".join(parts)


def help_calls_html(*, session: Session, meeting: Meeting) -> str:
    calls = help_service.open_help_calls(session=session, meeting=meeting)
    names = {m.id: m.name for m in meeting_service.municipalities_of(session=session, meeting=meeting)}
    return render_fragment("followup/help_calls.html", meeting=meeting, calls=calls, names=names, now=time.time())


def themes_board_html(*, session: Session, meeting: Meeting) -> str:
    board = themes.theme_board(session=session, meeting=meeting)
    return render_fragment("followup/themes_board.html", board=board)


def room_extras_html(*, session: Session, meeting: Meeting, municipality_id: int) -> str:
    """A room's help button and the facilitator's messages to this room (the same for every member)."""
    return render_fragment(
        "followup/room_extras.html",
        meeting=meeting,
        help_open=help_service.room_has_open_call(session=session, meeting=meeting, municipality_id=municipality_id),
        messages=help_service.messages_for(session=session, meeting=meeting, municipality_id=municipality_id),
    )
