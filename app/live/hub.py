"""Live updates: one hub, channels of per-connection bounded queues, a pluggable backend.

Modelled on encode/broadcaster. `publish()` is called after a commit, from any thread; the
backend carries the event (in memory for one process; Redis pub/sub, app.live.broker, for
several workers) and the hub fans it out to the local subscribers of the channel. The hub asks
the backend to subscribe to a channel when its first local subscriber arrives and to
unsubscribe when the last one leaves. A publish that fails is logged and tried again a few
times; when it still fails, or the broker connection was lost and came back, the screens that
may have missed something are told to resync. Each subscriber has a bounded queue: a slow phone whose
queue is full is not waited for; its queue is emptied and it is told to resync the full state.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any, Protocol, TypeVar

Event = dict[str, Any]
T = TypeVar("T")
RESYNC: Event = {"type": "resync"}
PUBLISH_ATTEMPTS = 4  # a publish the backend refuses is tried this often in all (0.1 s, 0.2 s, 0.4 s apart)
PUBLISH_BACKOFF = 0.1
STOP_GRACE = 2.0  # seconds a stopping hub waits for the publishes under way
Deliver = Callable[[str, Event], None]
log = logging.getLogger("zelfscan.live")


class Backend(Protocol):
    async def connect(self, deliver: Deliver, resync: Callable[[], None]) -> None:
        """Start carrying events: `deliver` for each one; `resync` after the connection was lost and regained."""

    async def disconnect(self) -> None: ...
    async def publish(self, channel: str, event: Event) -> None: ...
    async def subscribe(self, channel: str) -> None: ...
    async def unsubscribe(self, channel: str) -> None: ...
    async def ping(self) -> str | None:
        """None when the backend carries events now, else the problem (for /healthz)."""


class MemoryBackend:
    """Single-process backend: a publish is delivered straight to this process's subscribers."""

    def __init__(self) -> None:
        self._deliver: Deliver | None = None

    async def connect(self, deliver: Deliver, resync: Callable[[], None]) -> None:
        self._deliver = deliver

    async def subscribe(self, channel: str) -> None:
        """Nothing to do: every publish reaches this process."""

    async def unsubscribe(self, channel: str) -> None:
        """Nothing to do: every publish reaches this process."""

    async def disconnect(self) -> None:
        self._deliver = None

    async def ping(self) -> str | None:
        return None if self._deliver is not None else "not started"

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
            # Too slow to keep up: drop what is queued and ask for a full resync instead (a new object:
            # app.live.frames shares reads per event object, so a reused one could hand out an old read).
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(dict(RESYNC))

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
        self._carried: set[str] = set()  # channels the backend is subscribed to
        self._lock = asyncio.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sending: set[asyncio.Task[None]] = set()  # publishes under way, finished (briefly) at stop
        self._timers: set[asyncio.TimerHandle] = set()  # publish_later's, cancelled at stop
        self._starts = 0

    async def start(self) -> None:
        """Connect the backend; a second start of the same app (a nested test client) only counts."""
        self._starts += 1
        if self._starts > 1:
            return
        self._loop = asyncio.get_running_loop()
        self._lock = asyncio.Lock()
        self._carried.clear()
        await self.backend.connect(self._deliver, self.resync_all)

    async def stop(self) -> None:
        """At the last stop: finish the publishes under way (briefly), drop later ones, disconnect the backend.

        Nothing is left running on the loop that is about to end: no pending send, no timer, no broker
        connection (a connection left open would be closed by the garbage collector, with a warning).
        """
        self._starts = max(self._starts - 1, 0)
        if self._starts or self._loop is None:
            return
        self._loop = None  # publishes from now on are dropped: nobody is served any more
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()
        pending = list(self._sending)
        if pending:
            _done, late = await asyncio.wait(pending, timeout=STOP_GRACE)
            for future in late:
                future.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        await self.backend.disconnect()

    async def ping(self) -> str | None:
        """None when the backend carries events now, else the problem (for /healthz)."""
        if self._loop is None:
            return "not started"
        return await self._on_hub_loop(self.backend.ping())

    async def _on_hub_loop(self, work: Coroutine[Any, Any, T]) -> T:
        """Await `work` on the loop the backend was connected on (its connections belong to that loop).

        The same loop unless one app runs twice at once (a nested test client has a loop of its own).
        """
        loop = self._loop
        if loop is None or loop is asyncio.get_running_loop():
            return await work
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, loop))

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
            self._track(loop.create_task(self._send(channel, event)))
        else:
            self._call_soon(loop, lambda: self._send_soon(channel, event))

    def _send_soon(self, channel: str, event: Event) -> None:
        """On the hub's loop: send, unless the hub stopped meanwhile."""
        if self._loop is not None:
            self._track(self._loop.create_task(self._send(channel, event)))

    def _track(self, task: asyncio.Task[None]) -> None:
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _send(self, channel: str, event: Event) -> None:
        """Hand the event to the backend, trying again a few times; when it still fails, resync locally."""
        delay = PUBLISH_BACKOFF
        for attempt in range(1, PUBLISH_ATTEMPTS + 1):
            try:
                await self.backend.publish(channel, event)
                return
            except Exception as exc:
                log.warning("update on %s not published (try %d of %d): %r", channel, attempt, PUBLISH_ATTEMPTS, exc)
                if attempt < PUBLISH_ATTEMPTS:
                    await asyncio.sleep(delay)
                    delay *= 2
        log.error("live update on %s lost: the screens of this worker on it are resynced", channel)
        self._deliver(channel, dict(RESYNC))  # a new object: app.live.frames shares reads per event object

    def publish_later(self, delay: float, channel: str, event: Event) -> None:
        """Publish `event` after `delay` seconds (e.g. when a spin of the wheel stops). Safe from any thread."""
        loop = self._loop
        if loop is None:
            return

        def plan() -> None:
            if self._loop is None:
                return
            timer: asyncio.TimerHandle | None = None

            def send() -> None:
                if timer is not None:
                    self._timers.discard(timer)
                self._send_soon(channel, event)

            timer = loop.call_later(max(delay, 0.0), send)
            self._timers.add(timer)

        self._call_soon(loop, plan)

    def _call_soon(self, loop: asyncio.AbstractEventLoop, callback: Callable[[], None]) -> None:
        """Run `callback` on the hub's loop, from any thread; nothing when that loop has just closed."""
        with contextlib.suppress(RuntimeError):  # the app stopped between reading the loop and calling it
            loop.call_soon_threadsafe(callback)

    def _deliver(self, channel: str, event: Event) -> None:
        for subscription in tuple(self._channels.get(channel, ())):
            subscription.offer(event)

    def resync_all(self) -> None:
        """Tell every local screen to fetch the full state (after the broker connection came back)."""
        event = dict(RESYNC)  # one new event for all: app.live.frames reads the state once per event object
        for subscription in {member for members in self._channels.values() for member in members}:
            subscription.offer(event)

    @asynccontextmanager
    async def subscribe(self, *channels: str) -> AsyncIterator[Subscription]:
        subscription = Subscription(self.queue_size)
        for channel in channels:
            self._channels.setdefault(channel, set()).add(subscription)
        try:
            for channel in channels:
                if channel not in self._carried:  # the broker carries the channel before the screen's first read
                    await self._on_hub_loop(self._sync(channel))
            yield subscription
        finally:
            for channel in channels:
                members = self._channels.get(channel)
                if members is not None:
                    members.discard(subscription)
                    if not members:
                        del self._channels[channel]
                        await self._on_hub_loop(self._sync(channel))

    async def _sync(self, channel: str) -> None:
        """Subscribe the backend to a channel with local subscribers, unsubscribe it from one without.

        One change at a time, judged on the state when it runs: a screen leaving while another arrives
        never leaves the channel unsubscribed. A broker that refuses is logged; the backend restores
        its subscriptions when it reconnects, and the screens are resynced then.
        """
        async with self._lock:
            wanted = channel in self._channels
            try:
                if wanted and channel not in self._carried:
                    self._carried.add(channel)
                    await self.backend.subscribe(channel)
                elif not wanted and channel in self._carried:
                    self._carried.discard(channel)
                    await self.backend.unsubscribe(channel)
            except Exception as exc:
                log.warning("broker (un)subscribe of %s failed: %r", channel, exc)

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
