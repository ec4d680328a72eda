"""Partials of the programme clock: the status bar every screen shows and the facilitator's controls."""

from __future__ import annotations

import time

from sqlmodel import Session

from app.clock import service as clock_service
from app.core.privacy import SCREEN
from app.core.web import render_fragment
from app.meetings import service as meeting_service
from app.meetings.models import Meeting, MeetingBlock
from app.zelfscan.results import privacy_policy


def status_html(
    *, session: Session, meeting: Meeting, now: float | None = None, view: clock_service.ClockView | None = None
) -> str:
    """The status bar every screen shows; the speaker's name as the privacy policy allows on a projected screen."""
    view = view or clock_service.clock_view(session=session, meeting=meeting, now=now or time.time())
    policy = privacy_policy(session=session, meeting=meeting, medium=SCREEN)
    return render_fragment("clock/status.html", meeting=meeting, clock=view, text=policy.text)


def current_block(session: Session, meeting: Meeting, blocks: list[MeetingBlock] | None = None) -> MeetingBlock | None:
    if meeting.current_block is None or meeting.finished:
        return None
    if blocks is None:
        return meeting_service.block_at(session=session, meeting=meeting, index=meeting.current_block)
    return blocks[meeting.current_block]


def facilitator_controls_html(*, session: Session, meeting: Meeting, asking: str = "") -> str:
    """The facilitator's controls; `asking`: the privacy mode the facilitator must confirm first."""
    view = clock_service.clock_view(session=session, meeting=meeting, now=time.time())
    return render_fragment("clock/facilitator_controls.html", meeting=meeting, clock=view, asking=asking)
