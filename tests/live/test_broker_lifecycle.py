"""Starting and stopping an app on Redis leaves nothing behind: a second start of the same app (a nested
test client, or any second lifespan) shares the first one's connection, and the last stop closes every
connection the worker opened. Runs on both backends with a redis-server of the test's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from redis import Redis

from app.core.config import Settings
from app.main import create_app
from tests.conftest import SECRET
from tests.support.pages import as_pages_do
from tests.support.services import RedisServer, redis_server


@pytest.fixture
def broker() -> Iterator[RedisServer]:
    with redis_server() as server:
        yield server


def connections(broker: RedisServer) -> int:
    """Clients connected to the broker, not counting the one asking."""
    with Redis.from_url(broker.url) as redis:
        return len(redis.client_list()) - 1


def test_two_starts_of_one_app_share_the_broker_and_the_last_stop_closes_every_connection(
    tmp_path: Path, broker: RedisServer
) -> None:
    app = create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET, broker_url=broker.url, broker_prefix="n:"))
    with as_pages_do(TestClient(app)) as outer:
        assert outer.get("/healthz").status_code == 200
        opened = connections(broker)
        assert opened == 2  # the worker's pub/sub connection, and one for publishing (the PING)
        with as_pages_do(TestClient(app)) as inner:
            assert inner.get("/healthz").status_code == 200
            assert connections(broker) == opened  # the second start opened no connection of its own
        # The first client's app still carries live updates after the second one stopped.
        health = outer.get("/healthz")
        assert health.status_code == 200 and health.json()["broker"] == "ok"
    assert connections(broker) == 0
