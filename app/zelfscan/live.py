"""The zelfscan's live screens: a participant's room and the two dashboards (facilitator, projector).

Both are audiences (app/live/audiences.py): a change is rendered once per room or per kind of
dashboard, and every socket listening is sent the same string.
"""

from __future__ import annotations

from typing import cast

from sqlmodel import Session

from app.clock import screens as clock_screens
from app.followup import screens as screens_followup
from app.live.deltas import Screenful
from app.live.frames import once
from app.live.hub import Event, followup_channel, meeting_channel, progress_channel, room_channel
from app.live.screen import Audience, Connection, Personal, Push, Screen, fresh_meeting, identify_participant
from app.meetings import service as meetings
from app.meetings.models import Meeting
from app.zelfscan import answers, dashboard_frame, screens

DASHBOARD_INTERVAL = {"display": 0.1, "facilitator": 0.25}
"""Seconds between two pushes to a dashboard at least: a burst of answers arrives as one delta. The
facilitator's copy also recomputes and renders every result (spinnenwebben, grid, remarks): a few a second."""


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

    def _shared_work(frame: screens.MeetingFrame) -> str:
        """The block's follow-up work that every phone shows alike (the wheel), read once per meeting."""
        block = frame.block
        if block is None or frame.numbers:
            return ""

        def read() -> str:
            with Session(engine, expire_on_commit=False) as session:
                return screens_followup.shared_work_html(session=session, meeting=frame.meeting, block=block)

        return once(frames, ("shared work", meeting_id), (frame,), read)

    def own(context: object) -> str:
        frame, room = cast(tuple[screens.MeetingFrame, screens.RoomFrame], context)
        return screens.own_piece(frame=frame, room=room, participant=participant)

    def render(batch: list[Event]) -> str:
        """This phone's whole screen (first render, resync, block change): reads shared per meeting and room."""
        last = batch[-1]
        frame = once(frames, ("meeting", meeting_id), (last,), read_frame)
        room = once(frames, ("room", meeting_id, municipality_id), (last, frame), lambda: read_room(frame))
        work = _work(frame)
        return frame.status + screens.room_main_from_frames(
            frame=frame, room=room, participant=participant, work_html=work
        )

    known: list[screens.MeetingFrame] = []  # the meeting as of the last full batch (blocks, questions)

    def push(batch: list[Event]) -> Push:
        """Answers or views in this room: the changed cards (without anyone's own view) for every phone.

        Only what changed is read: the changed questions of this room and, after an answer, its count of
        answered questions. Anything else (the programme, a help call or message) renders the room's whole
        screen once, without anyone's name or own views; each member gets their own small piece with it
        (`own`). Only in a theme or plan block (each member's own theme group or plan) does every member
        render its own screen."""
        if _full(batch):
            known.clear()
            last = batch[-1]
            frame = once(frames, ("meeting", meeting_id), (last,), read_frame)
            if frame.block is not None and not frame.numbers and frame.block.work in screens_followup.OWN_WORK:
                return None
            room = once(frames, ("room", meeting_id, municipality_id), (last, frame), lambda: read_room(frame))
            known.append(frame)
            main = screens.room_main_from_frames(
                frame=frame, room=room, participant=None, work_html=_shared_work(frame)
            )
            return Personal(frame.status + main, (frame, room))
        if not known:
            known.append(read_frame())
        frame = known[0]
        answered = sorted({e["question"] for e in batch if e["type"] == "answer" and e["question"] in frame.numbers})
        viewed = sorted({e["question"] for e in batch if e["type"] == "view" and e["question"] in frame.numbers})
        viewed = [n for n in viewed if n not in answered]
        if not answered and not viewed:
            return ""
        with Session(engine, expire_on_commit=False) as session:
            changed = screens.room_changes(
                session=session,
                frame=frame,
                question_set=question_set,
                municipality_id=municipality_id,
                answered=answered,
                viewed=viewed,
            )
        return changed

    return Screen(
        (meeting_channel(meeting_id), room_channel(meeting_id, municipality_id), followup_channel(meeting_id)),
        render,
        Audience(("room", meeting_id, municipality_id), push),
        own,
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
    kept: list[dashboard_frame.DashboardFrame] = []  # the audience's frame, refreshed room by room

    def read(session: Session) -> tuple[dashboard_frame.DashboardFrame, int]:
        """The whole frame, and the newest change it shows (read first: the frame holds at least that one)."""
        newest = answers.newest_change_id(session=session, meeting_id=meeting_id) or 0
        fresh = fresh_meeting(session, meeting_id)
        frame = dashboard_frame.read_frame(
            session=session, meeting=fresh, catalog=catalog, kind=kind, public_url=public_url
        )
        return frame, newest

    def whole(session: Session, frame: dashboard_frame.DashboardFrame, main: str) -> str:
        """The status bar, the main part and the facilitator's controls."""
        status = clock_screens.status_html(session=session, meeting=frame.meeting)
        if kind != "facilitator":
            return status + main
        return status + main + clock_screens.facilitator_controls_html(session=session, meeting=frame.meeting)

    def render(batch: list[Event]) -> str:
        """This screen's own full render (first render, resync)."""
        with Session(engine, expire_on_commit=False) as session:
            frame, newest = read(session)
            return whole(session, frame, dashboard_frame.main_html(frame, newest or None))

    def push(batch: list[Event]) -> str | list[str]:
        """Once per kind of dashboard: only the pieces that changed, or everything after a block change.

        Answers and views in a breakout read only the rooms they came from; the frame keeps the rest."""
        full = _full(batch)
        changes = [e["change"] for e in batch if e.get("change")]
        with Session(engine, expire_on_commit=False) as session:
            if full or not kept or not kept[0].refresh(session, batch):
                frame, newest = read(session)
                kept[:] = [frame]
                if full:  # a resync shows every change so far: it says so
                    changes.append(newest)
            frame = kept[0]
            if not full and frame.unchanged_by(batch):
                return []
            main = dashboard_frame.main_html(frame, max(changes, default=0) or None)
            delta = screenful.delta(main)
            if full:
                return whole(session, frame, main)
            return main if delta is None else delta

    return Screen(
        (meeting_channel(meeting_id), progress_channel(meeting_id)),
        render,
        Audience(("dashboard", meeting_id, kind), push, interval=DASHBOARD_INTERVAL[kind], diffs=True),
    )
