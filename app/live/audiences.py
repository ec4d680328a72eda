"""Render once, send to all: the screens of one audience share a subscription and one render per change.

A room's phones, or a meeting's projector dashboards, show the same thing after a change. Per process
there is one `Room` per audience key: it subscribes to the hub once, renders each batch of events
once (one thread-pool hop, whatever the number of sockets) and hands every member the same string.
Each member has a small bounded outbox; a member too slow to keep up has its outbox emptied and
renders a full resync of its own (a rare, per-socket cost). A push with a small piece of each
member's own (`Personal`: a phone's own views after a block change) is rendered once too; each member's
piece is made from what that render read, in the same thread-pool hop. With several workers, each worker
keeps its own `Room`s: a change is rendered once per audience per worker, for that worker's sockets.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool

from app.live.hub import RESYNC, Event, Hub
from app.live.screen import Audience, Personal, Screen

logger = logging.getLogger(__name__)
OUTBOX_SIZE = 16


@dataclass(frozen=True)
class _OwnRender:
    """Each member renders this batch itself: in a theme or plan block (each member's own work), and after a
    failed render.

    Each in its own thread-pool hop, as before audiences: the phones of a room switch in parallel,
    and their reads are still shared (app/live/frames.py).
    """

    batch: list[Event]


_RESYNC_MARK = _OwnRender([])  # a member whose outbox overflowed: its own full screen


@dataclass(eq=False)
class Member:
    """One socket of an audience: its own screen (for resyncs) and its outbox of rendered strings."""

    screen: Screen
    resyncing: bool = False
    outbox: asyncio.Queue[object] = field(default_factory=lambda: asyncio.Queue(maxsize=OUTBOX_SIZE))

    def offer(self, html: object) -> None:
        try:
            self.outbox.put_nowait(html)
        except asyncio.QueueFull:
            while not self.outbox.empty():
                self.outbox.get_nowait()
            self.outbox.put_nowait(_RESYNC_MARK)

    async def next_html(self) -> str:
        """The next string to send: pushed by the audience, or this screen's own full render after an overflow."""
        item = await self.outbox.get()
        if item is _RESYNC_MARK:
            self.resyncing = True
            return await run_in_threadpool(self.screen.render, [dict(RESYNC)])
        if isinstance(item, _OwnRender):
            return await run_in_threadpool(self.screen.render, item.batch)
        return str(item)


_Rendered = str | list[str] | _OwnRender | dict[Member, str]
"""A rendered push: for every member (one string, several), each member's own render, or a string per member."""


class Room:
    """The per-process render loop of one audience."""

    def __init__(self, hub: Hub, channels: tuple[str, ...], audience: Audience) -> None:
        self.hub, self.channels, self.audience = hub, channels, audience
        self.members: set[Member] = set()
        self.ready = asyncio.Event()
        self.full_next = False
        self.renders = 0  # batches rendered (for tests and the benchmark)
        self.task: asyncio.Task[None] | None = None

    async def run(self) -> None:
        async with self.hub.subscribe(*self.channels) as subscription:
            self.ready.set()
            last = 0.0
            while True:
                batch = [await subscription.get()]
                wait = self.audience.interval - (time.monotonic() - last)
                if wait > 0:  # coalesce: whatever arrives meanwhile goes into this one push
                    await asyncio.sleep(wait)
                # A fresh resync object each time: shared reads (app/live/frames.py) are keyed by event identity.
                batch = [dict(e) if e is RESYNC else e for e in [*batch, *subscription.drain()]]
                if self.full_next:
                    self.full_next = False
                    batch.insert(0, dict(RESYNC))
                members = tuple(self.members)
                if not members:
                    continue
                try:
                    rendered: _Rendered = await run_in_threadpool(self._render, batch, members)
                except Exception:  # one bad render must not silence the audience: everyone resyncs alone
                    logger.exception("live render for %r failed", self.audience.key)
                    rendered = _OwnRender([dict(RESYNC)])
                last = time.monotonic()
                self.renders += 1
                if isinstance(rendered, dict):
                    for member, own in rendered.items():
                        member.offer(own)
                    continue
                messages: list[str | _OwnRender] = [rendered] if isinstance(rendered, str | _OwnRender) else [*rendered]
                for member in members:
                    for html in messages:
                        if html:
                            member.offer(html)

    def _render(self, batch: list[Event], members: tuple[Member, ...]) -> _Rendered:
        shared = self.audience.push(batch)
        if isinstance(shared, Personal):  # the same string for all, and each member's own small piece after it
            return {m: shared.html + (m.screen.own(shared.context) if m.screen.own else "") for m in members}
        return _OwnRender(batch) if shared is None else shared

    def resynced(self) -> None:
        """A member rendered its own full screen: a diffing audience sends everything next time."""
        if self.audience.diffs:
            self.full_next = True


def _report_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("live audience stopped", exc_info=task.exception())


Rooms = dict[tuple[object, ...], Room]
"""The app's audiences in this process (`app.state.live_rooms`), by audience key."""


@asynccontextmanager
async def join(rooms: Rooms, hub: Hub, screen: Screen) -> AsyncIterator[tuple[Room, Member]]:
    """Become a member of the screen's audience (its loop starts with the first member, stops with the last)."""
    audience = screen.audience
    if audience is None:
        raise ValueError("join() needs a screen with an audience")
    room = rooms.get(audience.key)
    if room is None:
        room = rooms[audience.key] = Room(hub, screen.channels, audience)
        room.task = asyncio.create_task(room.run())
        room.task.add_done_callback(_report_failure)
    await room.ready.wait()  # subscribed before the member's first render: no change falls in between
    member = Member(screen)
    room.members.add(member)
    room.resynced()
    try:
        yield room, member
    finally:
        room.members.discard(member)
        if not room.members and rooms.get(audience.key) is room:
            del rooms[audience.key]
            if room.task is not None:
                room.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await room.task
