"""Websockets: every screen gets its partials pushed after each change, and a full resync on connect.

Writes go over plain HTTP (so an answer is acknowledged only once committed); these sockets only
carry the re-rendered partials. Events that queue up while a render runs are coalesced into one.
A screen with an audience (a room's phones, a meeting's dashboards) does not render pushes itself:
its audience renders each change once and sends every member the same string (app/live/audiences.py).
Every live screen is declared in `SCREENS`, one table of path → screen factory; each factory lives
with its concept, next to the partials it renders.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.core.errors import ServiceError
from app.followup import live as followup_live
from app.live import audiences
from app.live.hub import RESYNC, Event
from app.live.screen import Connection, Screen, ScreenFactory
from app.wheel import live as wheel_live
from app.zelfscan import live as zelfscan_live

CLOSE_FORBIDDEN = 4403

SCREENS: dict[str, ScreenFactory] = {
    "/ws/j/{code}": zelfscan_live.room_screen,
    "/ws/f/{token}": zelfscan_live.facilitator_screen,
    "/ws/d/{token}": zelfscan_live.display_screen,
    "/ws/g/{token}": wheel_live.gespreksleider_screen,
    "/ws/fv/{token}": followup_live.facilitator_screen,
    "/ws/j/{code}/thema": followup_live.theme_screen,
    "/ws/j/{code}/plan": followup_live.plan_screen,
}


MAX_INCOMING = 4096  # screens send nothing but pings; a bigger message closes the socket (1009)


async def _receive_until_closed(websocket: WebSocket) -> None:
    """Read (and ignore) what the page sends until it goes; an oversized message ends the connection."""
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        if len(message.get("text") or message.get("bytes") or b"") > MAX_INCOMING:
            await websocket.close(code=1009)
            return


async def _until_first_done(*coroutines: Awaitable[None]) -> None:
    tasks = [asyncio.ensure_future(coroutine) for coroutine in coroutines]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
                await task


async def _pump(websocket: WebSocket, channels: tuple[str, ...], render: Callable[[list[Event]], str]) -> None:
    """A screen of its own: the full state, then one render per batch of events, until the socket closes."""
    hub = websocket.app.state.hub
    async with hub.subscribe(*channels) as subscription:
        await websocket.send_text(await run_in_threadpool(render, [dict(RESYNC)]))

        async def writer() -> None:
            while True:
                batch = [await subscription.get(), *subscription.drain()]
                html = await run_in_threadpool(render, batch)
                if html:
                    await websocket.send_text(html)

        await _until_first_done(_receive_until_closed(websocket), writer())


async def _pump_audience(websocket: WebSocket, screen: Screen) -> None:
    """A member of an audience: its own first render, then the audience's shared pushes."""
    state = websocket.app.state
    async with audiences.join(state.live_rooms, state.hub, screen) as (room, member):
        await websocket.send_text(await run_in_threadpool(screen.render, [dict(RESYNC)]))

        async def writer() -> None:
            while True:
                html = await member.next_html()
                if member.resyncing:
                    member.resyncing = False
                    room.resynced()
                await websocket.send_text(html)

        await _until_first_done(_receive_until_closed(websocket), writer())


async def open_screen(websocket: WebSocket, factory: ScreenFactory) -> Screen | None:
    """Check who connects (a link's token or a participant's cookie) and accept; else close with 4403."""
    state = websocket.app.state
    (link,) = websocket.path_params.values()  # every path in SCREENS has exactly one parameter
    connection = Connection(
        link=link,
        cookies=websocket.cookies,
        engine=state.engine,
        catalog=state.catalog,
        settings=state.settings,
        frames=state.live_frames,
    )

    def identify() -> Screen:
        with Session(connection.engine) as session:
            return factory(session, connection)

    try:
        screen = await run_in_threadpool(identify)
    except ServiceError:
        await websocket.close(code=CLOSE_FORBIDDEN)
        return None
    await websocket.accept()
    return screen


def _endpoint(factory: ScreenFactory) -> Callable[[WebSocket], Awaitable[None]]:
    async def endpoint(websocket: WebSocket) -> None:
        screen = await open_screen(websocket, factory)
        if screen is None:
            return
        if screen.audience is None:
            await _pump(websocket, screen.channels, screen.render)
        else:
            await _pump_audience(websocket, screen)

    return endpoint


def _router() -> APIRouter:
    router = APIRouter()
    for path, factory in SCREENS.items():
        if path.count("{") != 1:
            raise RuntimeError(f"live screen {path!r} must have exactly one parameter: the link or join code")
        router.add_api_websocket_route(path, _endpoint(factory), name=f"{factory.__module__}.{factory.__name__}")
    return router


router = _router()
