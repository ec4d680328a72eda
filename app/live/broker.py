"""Redis pub/sub as the hub's backend: with several workers, every worker's screens hear every publish.

One pub/sub connection per worker, subscribed to the channels that have local subscribers (the hub
says when), read by one task that hands each message to the hub. When the connection drops, redis-py
reconnects and subscribes again to the same channels; every screen of this worker is then resynced,
since whatever was published meanwhile did not reach it. Publishing goes through the client's own
connection pool; the hub logs and retries a publish that fails (app.live.hub).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.asyncio.connection import BlockingConnectionPool, Connection
from redis.exceptions import RedisError

from app.live.hub import Deliver, Event

log = logging.getLogger("zelfscan.live")
READ_TIMEOUT = 1.0  # seconds the reader waits for a message before looking again
RECONNECT_DELAYS = (0.05, 0.1, 0.2, 0.5, 1.0)  # between attempts while the broker is away (the last repeats)
PUBLISH_CONNECTIONS = 32  # per worker; more publishes at once queue for a connection
POOL_WAIT = 5.0  # seconds a publish waits for a free connection before it fails (and the hub retries)
PING_TIMEOUT = 2.0  # seconds /healthz waits for the broker's answer


class RedisBackend:
    """The hub's backend over Redis pub/sub; channel names get `prefix` so several apps can share a server."""

    def __init__(self, url: str, *, prefix: str = "zelfscan:") -> None:
        self.url = url
        self.prefix = prefix
        self._redis: Redis | None = None
        self._pubsub: PubSub | None = None
        self._reader: asyncio.Task[None] | None = None
        self._renewing: asyncio.Task[None] | None = None
        self._deliver: Deliver | None = None
        self._resync: Callable[[], None] | None = None
        self._wanted: set[str] = set()  # prefixed channels with local subscribers, kept even while the broker is away

    async def connect(self, deliver: Deliver, resync: Callable[[], None]) -> None:
        self._deliver, self._resync = deliver, resync
        # Publishes wait for one of PUBLISH_CONNECTIONS instead of failing: redis-py's default pool refuses the
        # 101st command under way ("Too many connections"), which a busy worker reaches (bench/broker_throughput.py).
        pool = BlockingConnectionPool.from_url(
            self.url,
            max_connections=PUBLISH_CONNECTIONS + 1,  # and the pub/sub connection
            timeout=POOL_WAIT,
            socket_connect_timeout=2,
            socket_keepalive=True,
        )
        self._redis = Redis.from_pool(pool)  # closing the client closes the pool
        self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        await self._pubsub.connect()  # type: ignore[no-untyped-call]  # a broker that is not there stops the start
        connection = self._pubsub.connection
        assert connection is not None
        connection.register_connect_callback(self._reconnected)  # after the first connect: reconnects only
        self._reader = asyncio.create_task(self._read(self._pubsub), name="zelfscan-broker-reader")

    async def disconnect(self) -> None:
        """Stop reading and close every connection (the pub/sub one and the publishing pool)."""
        for task in (self._reader, self._renewing):
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        self._reader = self._renewing = None
        if self._pubsub is not None:
            await self._pubsub.aclose()
            self._pubsub = None
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None

    async def publish(self, channel: str, event: Event) -> None:
        if self._redis is None:
            raise RuntimeError("RedisBackend.publish() called before connect()")
        await self._redis.publish(self.prefix + channel, json.dumps(event))

    async def ping(self) -> str | None:
        """None when Redis answers a PING and this worker's reader runs, else the problem."""
        if self._redis is None or self._reader is None or self._reader.done():
            return "not connected"
        try:
            await asyncio.wait_for(self._redis.ping(), PING_TIMEOUT)
        except (RedisError, OSError, TimeoutError) as exc:
            return str(exc).strip() or type(exc).__name__
        return None

    async def subscribe(self, channel: str) -> None:
        assert self._pubsub is not None, "subscribe() before connect()"
        self._wanted.add(self.prefix + channel)
        await self._pubsub.subscribe(self.prefix + channel)

    async def unsubscribe(self, channel: str) -> None:
        assert self._pubsub is not None, "unsubscribe() before connect()"
        self._wanted.discard(self.prefix + channel)
        await self._pubsub.unsubscribe(self.prefix + channel)

    async def _read(self, pubsub: PubSub) -> None:
        """Hand on each message of `pubsub` (the one this reader was started for: never another's)."""
        attempt = 0
        while self._pubsub is pubsub:
            try:
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=READ_TIMEOUT)
                attempt = 0
            except (RedisError, OSError, RuntimeError) as exc:  # RuntimeError: redis-py reading a reconnect twice
                if attempt == 0:
                    log.warning("broker connection lost (%r); reconnecting", exc)
                await asyncio.sleep(RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)])
                attempt += 1
                continue
            if message is not None and message.get("type") == "message":
                self._hand_over(message)

    def _hand_over(self, message: dict[str, Any]) -> None:
        channel = _text(message["channel"]).removeprefix(self.prefix)
        try:
            event = json.loads(_text(message["data"]))
        except ValueError:
            log.error("broker message on %s is not JSON; ignored", channel)
            return
        if self._deliver is not None and isinstance(event, dict):
            self._deliver(channel, event)

    async def _reconnected(self, connection: Connection) -> None:
        """The pub/sub connection is back (redis-py subscribed it again): resync every local screen."""
        log.warning("broker connection restored; every screen of this worker is resynced")
        if self._resync is not None:
            self._resync()
        # A subscription asked for while the broker was away is added (not here: this runs inside the connect).
        self._renewing = asyncio.create_task(self._subscribe_missing())

    async def _subscribe_missing(self) -> None:
        pubsub = self._pubsub
        missing = self._wanted - {_text(channel) for channel in pubsub.channels} if pubsub is not None else set()
        if pubsub is not None and missing:
            try:
                await pubsub.subscribe(*sorted(missing))
            except (RedisError, OSError) as exc:
                log.warning("broker subscription of %s failed: %r", sorted(missing), exc)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
