"""Websockets: every screen gets its partials pushed after each change, and a full resync on connect.

Writes go over plain HTTP (so an answer is acknowledged only once committed); these sockets only
carry the re-rendered partials. Events that queue up while a render runs are coalesced into one.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.clock import screens as clock_screens
from app.core.deps import participant_cookie
from app.core.errors import ServiceError
from app.live.hub import Event, meeting_channel, progress_channel, room_channel
from app.meetings import participants
from app.meetings import service as meetings
from app.meetings.models import Meeting, Participant
from app.zelfscan import screens

router = APIRouter()
CLOSE_FORBIDDEN = 4403
T = TypeVar("T")


async def _pump(websocket: WebSocket, channels: tuple[str, ...], render: Callable[[list[Event]], str]) -> None:
    """Send the full state, then one render per batch of events, until the socket closes."""
    hub = websocket.app.state.hub
    async with hub.subscribe(*channels) as subscription:
        await websocket.send_text(await run_in_threadpool(render, [{"type": "resync"}]))

        async def reader() -> None:
            while True:
                message = await websocket.receive()
                if message["type"] == "websocket.disconnect":
                    return

        async def writer() -> None:
            while True:
                batch = [await subscription.get(), *subscription.drain()]
                html = await run_in_threadpool(render, batch)
                if html:
                    await websocket.send_text(html)

        tasks = [asyncio.create_task(reader()), asyncio.create_task(writer())]
        try:
            _, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
                    await task


async def open_screen(websocket: WebSocket, identify: Callable[[Session], T]) -> T | None:
    """Check who connects (a link's token or a participant's cookie) and accept; else close with 4403."""

    def check() -> T:
        with Session(websocket.app.state.engine) as session:
            return identify(session)

    try:
        who = await run_in_threadpool(check)
    except ServiceError:
        await websocket.close(code=CLOSE_FORBIDDEN)
        return None
    await websocket.accept()
    return who


def fresh_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise RuntimeError(f"meeting {meeting_id} disappeared while screens were connected")
    return meeting


def identify_participant(session: Session, code: str, cookies: dict[str, str]) -> tuple[Meeting, Participant]:
    meeting = meetings.by_join_code(session=session, code=code)
    return meeting, participants.by_token(
        session=session, meeting=meeting, token=cookies.get(participant_cookie(meeting))
    )


def _full(batch: list[Event]) -> bool:
    return any(event["type"] not in ("answer", "view", "join") for event in batch)


@dataclasses.dataclass
class _Shared:
    """The frame last read for an event, shared by every socket that was sent that same event.

    The hub hands every subscriber the same event object, so the first socket whose batch ends
    with event E reads the state (after E's commit) and the others reuse that read. A socket whose
    batch ends elsewhere reads afresh; a newer commit always brings a newer event, so no screen is
    left behind. The stamp holds the event and whatever else the read was based on (a room's read
    is only reused with the very meeting frame it was read for).
    """

    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    stamp: tuple[object, ...] = ()
    value: Any = None


def _once(websocket: WebSocket, key: tuple[object, ...], stamp: tuple[object, ...], read: Callable[[], T]) -> T:
    frames: dict[tuple[object, ...], _Shared] = websocket.app.state.live_frames
    shared = frames.setdefault(key, _Shared())
    with shared.lock:
        same = len(shared.stamp) == len(stamp) and all(a is b for a, b in zip(shared.stamp, stamp, strict=False))
        if not same:
            shared.value, shared.stamp = read(), stamp
        return shared.value  # type: ignore[no-any-return]


@router.websocket("/ws/j/{code}")
async def participant_socket(websocket: WebSocket, code: str) -> None:
    engine = websocket.app.state.engine
    catalog = websocket.app.state.catalog

    identified = await open_screen(websocket, lambda session: identify_participant(session, code, websocket.cookies))
    if identified is None:
        return
    meeting, participant = identified
    question_set = catalog.question_set(meeting.question_set_key)
    meeting_id, municipality_id = meeting.id or 0, participant.municipality_id

    def read_frame() -> screens.MeetingFrame:
        with Session(engine, expire_on_commit=False) as session:
            return screens.meeting_frame(session=session, meeting_id=meeting_id, question_set=question_set)

    def read_room(frame: screens.MeetingFrame) -> screens.RoomFrame:
        with Session(engine, expire_on_commit=False) as session:
            return screens.room_frame(
                session=session, frame=frame, question_set=question_set, municipality_id=municipality_id
            )

    def render(batch: list[Event]) -> str:
        last = batch[-1]
        if _full(batch):  # programme, settings or a resync: the whole screen, read once per meeting and room
            frame = _once(websocket, ("meeting", meeting_id), (last,), read_frame)
            room = _once(websocket, ("room", meeting_id, municipality_id), (last, frame), lambda: read_room(frame))
            return frame.status + screens.room_main_from_frames(frame=frame, room=room, participant=participant)
        # Only answers or views in this room: the changed questions, read once per room.
        room = _once(websocket, ("room", meeting_id, municipality_id), (last,), lambda: read_room(read_frame()))
        answered = {e["question"] for e in batch if e["type"] == "answer" and e["question"] in room.states}
        viewed = {e["question"] for e in batch if e["type"] == "view" and e["question"] in room.states} - answered
        parts = [room.card(n, participant) for n in sorted(answered)] + [room.views(n) for n in sorted(viewed)]
        if answered:
            parts.append(room.progress)
        return "".join(parts)

    channels = (meeting_channel(meeting_id), room_channel(meeting_id, municipality_id))
    await _pump(websocket, channels, render)


async def _dashboard_socket(websocket: WebSocket, token: str, kind: str) -> None:
    engine = websocket.app.state.engine
    catalog = websocket.app.state.catalog
    public_url = websocket.app.state.settings.public_url
    finder = meetings.by_facilitator_token if kind == "facilitator" else meetings.by_display_token

    meeting = await open_screen(websocket, lambda session: finder(session=session, token=token))
    if meeting is None:
        return

    def render(batch: list[Event]) -> str:
        with Session(engine, expire_on_commit=False) as session:
            fresh = fresh_meeting(session, meeting.id or 0)
            changes = [e["change"] for e in batch if e.get("change")]
            main = screens.dashboard_main_html(
                session=session,
                meeting=fresh,
                catalog=catalog,
                kind=kind,
                public_url=public_url,
                last_change=max(changes) if changes else None,
            )
            if not _full(batch):
                return main
            html = clock_screens.status_html(session=session, meeting=fresh) + main
            if kind == "facilitator":
                html += clock_screens.facilitator_controls_html(session=session, meeting=fresh)
            return html

    channels = (meeting_channel(meeting.id or 0), progress_channel(meeting.id or 0))
    await _pump(websocket, channels, render)


@router.websocket("/ws/f/{token}")
async def facilitator_socket(websocket: WebSocket, token: str) -> None:
    await _dashboard_socket(websocket, token, "facilitator")


@router.websocket("/ws/d/{token}")
async def display_socket(websocket: WebSocket, token: str) -> None:
    await _dashboard_socket(websocket, token, "display")
