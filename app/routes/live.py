"""Websockets: every screen gets its partials pushed after each change, and a full resync on connect.

Writes go over plain HTTP (so an answer is acknowledged only once committed); these sockets only
carry the re-rendered partials. Events that queue up while a render runs are coalesced into one.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from collections.abc import Callable

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app import screens
from app.deps import participant_cookie
from app.hub import Event, meeting_channel, progress_channel, room_channel
from app.models import Meeting, Participant
from app.services import answers, meetings, participants
from app.services.errors import ServiceError

router = APIRouter()
CLOSE_FORBIDDEN = 4403


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
            _, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                try:
                    await task
                except (asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
                    pass


def _full(batch: list[Event]) -> bool:
    return any(event["type"] not in ("answer", "join") for event in batch)


@dataclasses.dataclass
class _RoomSnapshot:
    """A room's questions as read once after an answer event, shared by every phone in the room.

    Every member of a room gets the same event objects from the hub, so the first member whose
    batch ends with event E reads the room (after E's commit) and the others reuse that read and
    its rendered cards (one per own view). A member whose batch ends elsewhere reads afresh; a
    newer commit always brings a newer event, so no screen is left behind.
    """

    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    event: Event | None = None
    states: dict[int, answers.QuestionState] = dataclasses.field(default_factory=dict)
    progress: str = ""
    cards: dict[tuple[int, str], str] = dataclasses.field(default_factory=dict)


def _room_snapshot(websocket: WebSocket, meeting_id: int, municipality_id: int) -> _RoomSnapshot:
    rooms: dict[tuple[int, int], _RoomSnapshot] = websocket.app.state.room_snapshots
    return rooms.setdefault((meeting_id, municipality_id), _RoomSnapshot())


@router.websocket("/ws/j/{code}")
async def participant_socket(websocket: WebSocket, code: str) -> None:
    engine = websocket.app.state.engine
    catalog = websocket.app.state.catalog

    def identify() -> tuple[Meeting, Participant]:
        with Session(engine) as session:
            meeting = meetings.by_join_code(session=session, code=code)
            participant = participants.by_token(session=session, meeting=meeting, token=websocket.cookies.get(participant_cookie(meeting)))
            return meeting, participant

    try:
        meeting, participant = await run_in_threadpool(identify)
    except ServiceError:
        await websocket.close(code=CLOSE_FORBIDDEN)
        return
    question_set = catalog.question_set(meeting.question_set_key)
    room = _room_snapshot(websocket, meeting.id or 0, participant.municipality_id)
    await websocket.accept()

    def render(batch: list[Event]) -> str:
        if _full(batch):
            with Session(engine, expire_on_commit=False) as session:
                fresh = session.get(Meeting, meeting.id)
                assert fresh is not None
                return screens.status_html(session=session, meeting=fresh) + screens.room_main_html(
                    session=session, meeting=fresh, question_set=question_set, participant=participant
                )
        with room.lock:  # answers only: one read per room and event, see _RoomSnapshot
            if room.event is not batch[-1]:
                with Session(engine, expire_on_commit=False) as session:
                    fresh = session.get(Meeting, meeting.id)
                    assert fresh is not None
                    numbers = screens.room_questions(session, fresh, question_set)
                    states = answers.room_state(session=session, meeting=fresh, municipality_id=participant.municipality_id, participant=None, numbers=numbers)
                room.event, room.states, room.cards = batch[-1], {s.number: s for s in states}, {}
                room.progress = screens.room_progress_from_states(states)
            questions = sorted({e["question"] for e in batch if e.get("question") in room.states})
            parts = []
            for number in questions:
                state = room.states[number]
                own_view = state.views.get(participant.id or 0, "open")
                card = room.cards.get((number, own_view))
                if card is None:
                    card = room.cards[(number, own_view)] = screens.question_state_html(
                        meeting=meeting, question_set=question_set, state=dataclasses.replace(state, own_view=own_view)
                    )
                parts.append(card)
            if parts:
                parts.append(room.progress)
            return "".join(parts)

    channels = (meeting_channel(meeting.id or 0), room_channel(meeting.id or 0, participant.municipality_id))
    await _pump(websocket, channels, render)


async def _dashboard_socket(websocket: WebSocket, token: str, kind: str) -> None:
    engine = websocket.app.state.engine
    catalog = websocket.app.state.catalog
    public_url = websocket.app.state.settings.public_url
    finder = meetings.by_facilitator_token if kind == "facilitator" else meetings.by_display_token

    def identify() -> Meeting:
        with Session(engine) as session:
            return finder(session=session, token=token)

    try:
        meeting = await run_in_threadpool(identify)
    except ServiceError:
        await websocket.close(code=CLOSE_FORBIDDEN)
        return
    await websocket.accept()

    def render(batch: list[Event]) -> str:
        with Session(engine, expire_on_commit=False) as session:
            fresh = session.get(Meeting, meeting.id)
            assert fresh is not None
            changes = [e["change"] for e in batch if e.get("change")]
            main = screens.dashboard_main_html(session=session, meeting=fresh, catalog=catalog, kind=kind, public_url=public_url, last_change=max(changes) if changes else None)
            if not _full(batch):
                return main
            html = screens.status_html(session=session, meeting=fresh) + main
            if kind == "facilitator":
                html += screens.facilitator_controls_html(session=session, meeting=fresh)
            return html

    channels = (meeting_channel(meeting.id or 0), progress_channel(meeting.id or 0))
    await _pump(websocket, channels, render)


@router.websocket("/ws/f/{token}")
async def facilitator_socket(websocket: WebSocket, token: str) -> None:
    await _dashboard_socket(websocket, token, "facilitator")


@router.websocket("/ws/d/{token}")
async def display_socket(websocket: WebSocket, token: str) -> None:
    await _dashboard_socket(websocket, token, "display")
