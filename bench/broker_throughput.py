"""Benchmark: how many live updates a second Redis carries through the app's broker backend.

`python -m bench.broker_throughput [--events 20000] [--workers 2] [--batch 100]` starts a throw-away
redis-server (tests/support/services.py), connects `--workers` RedisBackend instances (as that many
worker processes would, here in one process) subscribed to one channel, publishes `--events` events
of the hub's usual size from one of them (`--batch` at a time, as concurrent requests would) and
reports publishes a second and deliveries a second (every worker receives every event). Bounded:
a delivery that does not arrive within `--timeout` seconds is reported as missing. No thresholds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import time

from app.live.broker import RedisBackend
from app.live.hub import Event
from tests.support.services import redis_server

EVENT: Event = {"type": "answer", "meeting": 123, "room": 4567, "change": 0, "question": 12}  # as app.live.events


async def measure(url: str, *, events: int, workers: int, batch: int, timeout: float) -> dict[str, float]:
    received = [0] * workers
    done = asyncio.Event()

    def counter(index: int):  # type: ignore[no-untyped-def]
        def deliver(_channel: str, _event: Event) -> None:
            received[index] += 1
            if sum(received) >= events * workers:
                done.set()

        return deliver

    backends = [RedisBackend(url, prefix="bench:") for _ in range(workers)]
    for index, backend in enumerate(backends):
        await backend.connect(counter(index), lambda: None)
        await backend.subscribe("meeting:123:progress")
    start = time.perf_counter()
    for first in range(0, events, batch):
        await asyncio.gather(
            *(backends[0].publish("meeting:123:progress", {**EVENT, "change": n}) for n in range(first, first + batch))
        )
    published = time.perf_counter() - start
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done.wait(), timeout)
    delivered = time.perf_counter() - start
    for backend in backends:
        await backend.disconnect()
    return {
        "published_per_s": events / published,
        "delivered_per_s": sum(received) / delivered,
        "missing": events * workers - sum(received),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.broker_throughput", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2, help="subscribed backends (worker processes)")
    parser.add_argument("--batch", type=int, default=100, help="publishes under way at once")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    with redis_server() as server:
        found = asyncio.run(
            measure(server.url, events=args.events, workers=args.workers, batch=args.batch, timeout=args.timeout)
        )
    print(
        f"{args.events} events, {args.workers} subscribed workers, {args.batch} at once"
        f" (load {os.getloadavg()[0]:.1f}):"
        f" {found['published_per_s']:,.0f} publishes/s, {found['delivered_per_s']:,.0f} deliveries/s,"
        f" {found['missing']:.0f} missing"
    )


if __name__ == "__main__":
    main()
