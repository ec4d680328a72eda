"""Websockets: every screen gets its partials pushed after each change, and a full resync on connect.

Writes go over plain HTTP (so an answer is acknowledged only once committed); these sockets only
carry the re-rendered partials. Events that queue up while a render runs are coalesced into one.
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
from app.live.hub import Event
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
        if screen is not None:
            await _pump(websocket, screen.channels, screen.render)

    return endpoint


def _router() -> APIRouter:
    router = APIRouter()
    for path, factory in SCREENS.items():
        if path.count("{") != 1:
            raise RuntimeError(f"live screen {path!r} must have exactly one parameter: the link or join code")
        router.add_api_websocket_route(path, _endpoint(factory), name=f"{factory.__module__}.{factory.__name__}")
    return router


router = _router()
