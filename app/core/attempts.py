"""Limits on guessing: failed attempts per client address, refused with 429 and Retry-After when spent.

Only failures count (a wrong join code, a wrong organiser secret), so people who type the right
code are never slowed down by their own use of the app. The check comes before the lookup, so a
limited address learns nothing about whether its next guess was right.

A `TokenBuckets` instance lives in one process (enough for the single worker of the default
set-up); several workers or hosts share limits by giving the app another `AttemptLimiter` (e.g.
one on Redis) with the same two methods.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from fastapi import Request

from app.core.errors import TooManyAttempts


@dataclass(frozen=True)
class Budget:
    """`burst` failures at once, then one more every `refill_seconds`."""

    burst: int
    refill_seconds: float


# A room of 30 phones behind one municipal NAT may mistype a code a few times; a guesser gets 30 a
# minute from one address, against 25^6 (244 million) codes that close a week after their meeting.
JOIN_CODES = Budget(burst=30, refill_seconds=2.0)
# The secret is 18 random bytes (or at least 12 characters from the environment): 10 tries, then 2 a minute.
ORGANISER_SECRET = Budget(burst=10, refill_seconds=30.0)


class AttemptLimiter(Protocol):
    def wait_seconds(self, key: str) -> float:
        """Seconds before `key` may try again; 0 when it may now."""
        ...

    def failed(self, key: str) -> None:
        """Count one failed attempt of `key`."""
        ...


class TokenBuckets:
    """One token bucket per key, in this process; `clock` is injectable (tests advance it by hand)."""

    def __init__(self, budget: Budget, *, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000):
        self.budget = budget
        self.clock = clock
        self.max_keys = max_keys
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, when last counted)

    def _tokens(self, key: str, now: float) -> float:
        tokens, since = self._buckets.get(key, (float(self.budget.burst), now))
        return min(float(self.budget.burst), tokens + max(0.0, now - since) / self.budget.refill_seconds)

    def wait_seconds(self, key: str) -> float:
        with self._lock:
            tokens = self._tokens(key, self.clock())
        return 0.0 if tokens >= 1 else (1 - tokens) * self.budget.refill_seconds

    def failed(self, key: str) -> None:
        with self._lock:
            now = self.clock()
            self._buckets[key] = (max(0.0, self._tokens(key, now) - 1), now)
            if len(self._buckets) > self.max_keys:
                self._forget_full(now)

    def _forget_full(self, now: float) -> None:
        """Drop buckets that have refilled (the same as never seen); if that is not enough, the oldest half."""
        for key in [key for key in self._buckets if self._tokens(key, now) >= self.budget.burst]:
            del self._buckets[key]
        if len(self._buckets) > self.max_keys:
            for key in list(self._buckets)[: len(self._buckets) // 2]:
                del self._buckets[key]


def client_key(request: Request) -> str:
    """The address attempts are counted by: the client's IPv4 address, or its IPv6 /64 (one household or host).

    Behind a reverse proxy this is the address the proxy forwarded: uvicorn takes it from
    X-Forwarded-For when the proxy's address is in FORWARDED_ALLOW_IPS (127.0.0.1 by default).
    """
    host = request.client.host if request.client else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host or "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def refuse_if_spent(limiter: AttemptLimiter, key: str, message: str) -> None:
    """Raise TooManyAttempts (429, Retry-After) when `key` has no attempts left."""
    wait = limiter.wait_seconds(key)
    if wait > 0:
        raise TooManyAttempts(message, retry_after=max(1, math.ceil(wait)))
