"""The hub and its backend: per-channel subscriptions, publish retries, resync when the broker returns."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from app.live import hub as hub_module
from app.live.hub import Deliver, Event, Hub


class FlakyBackend:
    """Records what the hub asks of it; refuses the first `failures` publishes, as a broker that is away."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.calls: list[tuple[str, str]] = []
        self.deliver: Deliver | None = None
        self.resync: Callable[[], None] | None = None

    async def connect(self, deliver: Deliver, resync: Callable[[], None]) -> None:
        self.deliver, self.resync = deliver, resync

    async def disconnect(self) -> None:
        return None

    async def publish(self, channel: str, event: Event) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("broker away")
        assert self.deliver is not None
        self.deliver(channel, event)

    async def subscribe(self, channel: str) -> None:
        self.calls.append(("subscribe", channel))

    async def unsubscribe(self, channel: str) -> None:
        self.calls.append(("unsubscribe", channel))


def test_the_backend_carries_a_channel_from_its_first_local_subscriber_to_its_last() -> None:
    async def scenario() -> list[tuple[str, str]]:
        backend = FlakyBackend()
        hub = Hub(backend)
        await hub.start()
        async with hub.subscribe("room:1"), hub.subscribe("room:1", "meeting:1"):
            pass
        await hub.stop()
        return backend.calls

    assert asyncio.run(scenario()) == [
        ("subscribe", "room:1"),
        ("subscribe", "meeting:1"),
        ("unsubscribe", "meeting:1"),  # the inner screen leaves first; room:1 still has the outer one
        ("unsubscribe", "room:1"),
    ]


def test_a_refused_publish_is_tried_again_and_a_lost_one_resyncs_the_local_screens(monkeypatch) -> None:
    monkeypatch.setattr(hub_module, "PUBLISH_BACKOFF", 0)

    async def scenario(failures: int) -> Event:
        hub = Hub(FlakyBackend(failures))
        await hub.start()
        async with hub.subscribe("room:1") as subscription:
            hub.publish("room:1", {"type": "answer", "question": 3})
            event = await asyncio.wait_for(subscription.get(), 10)
        await hub.stop()
        return event

    assert asyncio.run(scenario(hub_module.PUBLISH_ATTEMPTS - 1)) == {"type": "answer", "question": 3}
    assert asyncio.run(scenario(hub_module.PUBLISH_ATTEMPTS)) == {"type": "resync"}


def test_the_broker_coming_back_resyncs_every_local_screen_with_a_new_event() -> None:
    async def scenario() -> tuple[Event, Event, bool]:
        backend = FlakyBackend()
        hub = Hub(backend)
        await hub.start()
        async with hub.subscribe("room:1") as phone, hub.subscribe("meeting:1:progress") as dashboard:
            assert backend.resync is not None
            backend.resync()
            first, second = await phone.get(), await dashboard.get()
            backend.resync()
            third = await phone.get()
        await hub.stop()
        return first, second, third is not first  # app.live.frames reads once per event object

    first, second, fresh = asyncio.run(scenario())
    assert first == second == {"type": "resync"}
    assert fresh
