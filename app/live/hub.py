"""Live updates: one hub, channels of per-connection bounded queues, a pluggable backend.

Modelled on encode/broadcaster. `publish()` is called after a commit, from any thread; the
backend carries the event (in memory here; Redis pub/sub or PostgreSQL LISTEN/NOTIFY can
implement the same `Backend` interface for several workers) and the hub fans it out to the
local subscribers of the channel. Each subscriber has a bounded queue: a slow phone whose
queue is full is not waited for; its queue is emptied and it is told to resync the full state.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, Protocol

Event = dict[str, Any]
RESYNC: Event = {"type": "resync"}


class Backend(Protocol):
    async def connect(self, deliver: Callable[[str, Event], None]) -> None: ...
    async def disconnect(self) -> None: ...
    async def publish(self, channel: str, event: Event) -> None: ...


class MemoryBackend:
    """Single-process backend: a publish is delivered straight to this process's subscribers."""

    def __init__(self) -> None:
        self._deliver: Callable[[str, Event], None] | None = None

    async def connect(self, deliver: Callable[[str, Event], None]) -> None:
        self._deliver = deliver

    async def disconnect(self) -> None:
        self._deliver = None

    async def publish(self, channel: str, event: Event) -> None:
        if self._deliver is None:
            raise RuntimeError("MemoryBackend.publish() called before connect()")
        self._deliver(channel, event)


class Subscription:
    def __init__(self, queue_size: int) -> None:
        self.queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=queue_size)

    def offer(self, event: Event) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            # Too slow to keep up: drop what is queued and ask for a full resync instead.
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(RESYNC)

    async def get(self) -> Event:
        return await self.queue.get()

    def drain(self) -> list[Event]:
        """Everything already queued, without waiting (for coalescing renders)."""
        events = []
        while not self.queue.empty():
            events.append(self.queue.get_nowait())
        return events


class Hub:
    def __init__(self, backend: Backend | None = None, queue_size: int = 64) -> None:
        self.backend: Backend = backend or MemoryBackend()
        self.queue_size = queue_size
        self._channels: dict[str, set[Subscription]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        await self.backend.connect(self._deliver)

    async def stop(self) -> None:
        await self.backend.disconnect()
        self._loop = None

    def publish(self, channel: str, event: Event) -> None:
        """Send `event` to every subscriber of `channel`. Safe to call from any thread."""
        loop = self._loop
        if loop is None:
            return  # not serving (e.g. a script using the services): nobody to tell
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            loop.create_task(self.backend.publish(channel, event))
        else:
            asyncio.run_coroutine_threadsafe(self.backend.publish(channel, event), loop)

    def publish_later(self, delay: float, channel: str, event: Event) -> None:
        """Publish `event` after `delay` seconds (e.g. when a spin of the wheel stops). Safe from any thread."""
        loop = self._loop
        if loop is None:
            return

        def send() -> None:
            loop.create_task(self.backend.publish(channel, event))

        loop.call_soon_threadsafe(loop.call_later, max(delay, 0.0), send)

    def _deliver(self, channel: str, event: Event) -> None:
        for subscription in tuple(self._channels.get(channel, ())):
            subscription.offer(event)

    @asynccontextmanager
    async def subscribe(self, *channels: str) -> AsyncIterator[Subscription]:
        subscription = Subscription(self.queue_size)
        for channel in channels:
            self._channels.setdefault(channel, set()).add(subscription)
        try:
            yield subscription
        finally:
            for channel in channels:
                members = self._channels.get(channel)
                if members is not None:
                    members.discard(subscription)
                    if not members:
                        del self._channels[channel]

    def subscriber_count(self, channel: str) -> int:
        return len(self._channels.get(channel, ()))


def meeting_channel(meeting_id: int) -> str:
    """Clock, programme, municipalities, who joined, visibility of results."""
    return f"meeting:{meeting_id}"


def progress_channel(meeting_id: int) -> str:
    """Every answer in every room: for the dashboards only."""
    return f"meeting:{meeting_id}:progress"


def room_channel(meeting_id: int, municipality_id: int) -> str:
    """Answers within one municipality's room."""
    return f"room:{meeting_id}:{municipality_id}"


def followup_channel(meeting_id: int) -> str:
    """Theme answers, plan rows and agreements: the theme, plan and follow-up pages listen here."""
    return f"meeting:{meeting_id}:followup"
