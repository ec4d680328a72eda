"""The zelfscan's live screens: a participant's room and the two dashboards (facilitator, projector).

Both are audiences (app/live/audiences.py): a change is rendered once per room or per kind of
dashboard, and every socket listening is sent the same string.
"""

from __future__ import annotations

from sqlmodel import Session

from app.clock import screens as clock_screens
from app.followup import screens as screens_followup
from app.live.deltas import Screenful
from app.live.frames import once
from app.live.hub import Event, followup_channel, meeting_channel, progress_channel, room_channel
from app.live.screen import Audience, Connection, Screen, fresh_meeting, identify_participant
from app.meetings import service as meetings
from app.meetings.models import Meeting
from app.zelfscan import answers, screens

DASHBOARD_INTERVAL = 0.1
"""Seconds between two pushes to a dashboard at least: a burst of answers arrives as one delta."""


def _full(batch: list[Event]) -> bool:
    return any(event["type"] not in ("answer", "view", "join") for event in batch)


def room_screen(session: Session, connection: Connection) -> Screen:
    """/ws/j/{code}: the participant's room; the room's phones share one render per change."""
    meeting, participant = identify_participant(session, connection)
    engine, frames, catalog = connection.engine, connection.frames, connection.catalog
    question_set = connection.catalog.question_set(meeting.question_set_key)
    meeting_id, municipality_id = meeting.id or 0, participant.municipality_id

    def read_frame() -> screens.MeetingFrame:
        with Session(engine, expire_on_commit=False) as session:
            return screens.meeting_frame(session=session, meeting_id=meeting_id, question_set=question_set)

    def read_room(frame: screens.MeetingFrame) -> screens.RoomFrame:
        with Session(engine, expire_on_commit=False) as session:
            return screens.room_frame(
                session=session, frame=frame, question_set=question_set, municipality_id=municipality_id
            )

    def _work(frame: screens.MeetingFrame) -> str:
        """This participant's follow-up work in the block (their theme group, their plan, the wheel)."""
        if frame.block is None or frame.numbers:
            return ""
        with Session(engine, expire_on_commit=False) as session:
            return screens_followup.room_work_html(
                session=session, meeting=frame.meeting, block=frame.block, participant=participant, catalog=catalog
            )

    def render(batch: list[Event]) -> str:
        """This phone's whole screen (first render, resync, block change): reads shared per meeting and room."""
        last = batch[-1]
        frame = once(frames, ("meeting", meeting_id), (last,), read_frame)
        room = once(frames, ("room", meeting_id, municipality_id), (last, frame), lambda: read_room(frame))
        work = _work(frame)
        return frame.status + screens.room_main_from_frames(
            frame=frame, room=room, participant=participant, work_html=work
        )

    def push(batch: list[Event]) -> str | None:
        """Answers or views in this room: the changed cards (without anyone's own view) for every phone.

        Anything else (the programme, a follow-up change: each member's own theme group or plan) makes
        every member render its own screen."""
        if _full(batch):
            return None
        room = read_room(read_frame())
        answered = {e["question"] for e in batch if e["type"] == "answer" and e["question"] in room.states}
        viewed = {e["question"] for e in batch if e["type"] == "view" and e["question"] in room.states} - answered
        parts = [room.shared_card(n) for n in sorted(answered)] + [room.views(n) for n in sorted(viewed)]
        if answered:
            parts.append(room.progress)
        return "".join(parts)

    return Screen(
        (meeting_channel(meeting_id), room_channel(meeting_id, municipality_id), followup_channel(meeting_id)),
        render,
        Audience(("room", meeting_id, municipality_id), push),
    )


def facilitator_screen(session: Session, connection: Connection) -> Screen:
    """/ws/f/{token}: the facilitator's dashboard, with the clock's controls."""
    return _dashboard(meetings.by_facilitator_token(session=session, token=connection.link), connection, "facilitator")


def display_screen(session: Session, connection: Connection) -> Screen:
    """/ws/d/{token}: the projector's read-only dashboard."""
    return _dashboard(meetings.by_display_token(session=session, token=connection.link), connection, "display")


def _dashboard(meeting: Meeting, connection: Connection, kind: str) -> Screen:
    engine, catalog, public_url = connection.engine, connection.catalog, connection.settings.public_url
    meeting_id = meeting.id or 0
    screenful = Screenful()

    def parts(batch: list[Event]) -> tuple[str, str, str]:
        """The status bar (block changes only), the main part, and the facilitator's controls (idem)."""
        with Session(engine, expire_on_commit=False) as session:
            fresh = fresh_meeting(session, meeting_id)
            changes = [e["change"] for e in batch if e.get("change")]
            if _full(batch):  # a resync shows every change so far: it says so (read before the progress)
                changes.append(answers.newest_change_id(session=session, meeting_id=meeting_id) or 0)
            main = screens.dashboard_main_html(
                session=session,
                meeting=fresh,
                catalog=catalog,
                kind=kind,
                public_url=public_url,
                last_change=max(changes, default=0) or None,
            )
            if not _full(batch):
                return "", main, ""
            controls = ""
            if kind == "facilitator":
                controls = clock_screens.facilitator_controls_html(session=session, meeting=fresh)
            return clock_screens.status_html(session=session, meeting=fresh), main, controls

    def render(batch: list[Event]) -> str:
        return "".join(parts(batch))

    def push(batch: list[Event]) -> str | list[str]:
        """Once per kind of dashboard: only the pieces that changed, or everything after a block change."""
        status, main, controls = parts(batch)
        delta = screenful.delta(main)
        if _full(batch) or delta is None:
            return status + main + controls
        return delta

    return Screen(
        (meeting_channel(meeting_id), progress_channel(meeting_id)),
        render,
        Audience(("dashboard", meeting_id, kind), push, interval=DASHBOARD_INTERVAL, diffs=True),
    )
