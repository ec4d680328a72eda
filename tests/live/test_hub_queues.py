"""The hub on its own: bounded queues per connection, a resync for a slow one, unsubscribe on exit."""

from __future__ import annotations

import asyncio

from app.live.frames import Frames, once
from app.live.hub import RESYNC, Hub


async def settle() -> None:
    """Let the loop run the publish tasks that were scheduled (no sleeping on the clock)."""
    for _ in range(10):
        await asyncio.sleep(0)


def answer(number: int) -> dict[str, object]:
    return {"type": "answer", "question": number}


def test_subscriber_receives_what_is_published_on_its_channel_only():
    async def scenario():
        hub = Hub(queue_size=8)
        await hub.start()
        async with hub.subscribe("room:1:1") as mine, hub.subscribe("room:1:2") as other:
            hub.publish("room:1:1", answer(3))
            await settle()
            assert await asyncio.wait_for(mine.get(), timeout=5) == answer(3)
            assert other.drain() == []
        await hub.stop()

    asyncio.run(scenario())


def test_slow_subscriber_whose_queue_overflows_gets_a_single_resync_and_the_others_get_everything():
    async def scenario():
        hub = Hub(queue_size=3)
        await hub.start()
        received_by_quick = []
        async with hub.subscribe("meeting:1") as slow, hub.subscribe("meeting:1") as quick:
            for number in range(1, 11):
                hub.publish("meeting:1", answer(number))  # returns at once: nobody is waited for
                await settle()
                received_by_quick += quick.drain()
            assert slow.drain() == [RESYNC]
            assert received_by_quick == [answer(n) for n in range(1, 11)]

            hub.publish("meeting:1", answer(11))
            await settle()
            assert slow.drain() == [answer(11)], "after the resync the slow one gets new events again"
        await hub.stop()

    asyncio.run(scenario())


def test_overflow_by_one_replaces_the_queue_with_a_resync():
    async def scenario():
        hub = Hub(queue_size=3)
        await hub.start()
        async with hub.subscribe("meeting:1") as slow:
            for number in range(1, 5):
                hub.publish("meeting:1", answer(number))
            await settle()
            assert slow.drain() == [RESYNC]
        await hub.stop()

    asyncio.run(scenario())


def test_each_overflow_resyncs_with_a_new_event_so_shared_reads_are_made_afresh():
    """app.live.frames shares a read per event object: a reused resync object would hand out the old read."""

    async def scenario():
        hub = Hub(queue_size=1)
        await hub.start()
        frames, reads = Frames(), []
        async with hub.subscribe("meeting:1") as slow:
            seen = []
            for round_ in range(2):
                for number in range(1, 3):
                    hub.publish("meeting:1", answer(number))
                await settle()
                (event,) = slow.drain()
                seen.append(event)
                once(frames, ("meeting", 1), (event,), lambda round_=round_: reads.append(round_) or round_)
            assert seen == [RESYNC, RESYNC]
            assert reads == [0, 1], "the second resync read the state again"
        await hub.stop()

    asyncio.run(scenario())


def test_publish_from_a_worker_thread_reaches_the_subscriber():
    """Sync routes run in a thread pool and publish from there after their commit."""

    async def scenario():
        hub = Hub(queue_size=8)
        await hub.start()
        async with hub.subscribe("room:1:1") as mine:
            await asyncio.to_thread(hub.publish, "room:1:1", answer(3))
            assert await asyncio.wait_for(mine.get(), timeout=5) == answer(3)
        await hub.stop()

    asyncio.run(scenario())


def test_leaving_the_subscription_unsubscribes_from_every_channel():
    async def scenario():
        hub = Hub(queue_size=8)
        await hub.start()
        async with hub.subscribe("meeting:1", "room:1:1") as subscription:
            assert hub.subscriber_count("meeting:1") == hub.subscriber_count("room:1:1") == 1
        assert hub.subscriber_count("meeting:1") == hub.subscriber_count("room:1:1") == 0
        hub.publish("meeting:1", answer(3))
        await settle()
        assert subscription.drain() == []
        await hub.stop()

    asyncio.run(scenario())


def test_unsubscribe_also_happens_when_the_connection_fails():
    async def scenario():
        hub = Hub(queue_size=8)
        await hub.start()
        try:
            async with hub.subscribe("meeting:1"):
                raise ConnectionResetError("phone went away")
        except ConnectionResetError:
            pass
        assert hub.subscriber_count("meeting:1") == 0
        await hub.stop()

    asyncio.run(scenario())


def test_publish_when_the_hub_is_not_serving_is_a_quiet_no_op():
    hub = Hub()

    hub.publish("meeting:1", answer(3))  # e.g. a script using the services

    assert hub.subscriber_count("meeting:1") == 0
