"""/healthz tells a proxy or container orchestrator whether this worker can serve: the database takes
writes and the broker (Redis, with several workers) answers; 503 with a Dutch reason when either is down.

Runs on both backends: the broker here is a redis-server of the test's own (stopped and started again),
the database one that stops answering (the app's engine pointed at a port nobody listens on).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.core.db import make_engine
from app.main import create_app
from tests.conftest import SECRET
from tests.support.services import RedisServer, free_port, redis_server


@pytest.fixture
def broker() -> Iterator[RedisServer]:
    with redis_server() as server:
        yield server


def test_healthz_reports_a_broker_that_stops_answering_and_recovers(tmp_path: Path, broker: RedisServer) -> None:
    settings = Settings(data_dir=tmp_path, organiser_secret=SECRET, broker_url=broker.url, broker_prefix="health:")
    with TestClient(create_app(settings)) as client:
        healthy = client.get("/healthz")
        assert healthy.status_code == 200
        assert healthy.json() == {"status": "ok", "database_writable": True, "broker": "ok"}

        broker.stop()
        down = client.get("/healthz")
        assert down.status_code == 503
        assert down.json()["status"] == "unavailable" and down.json()["broker"] == "unavailable"
        assert down.json()["database_writable"] is True
        assert "De berichtendienst (Redis) antwoordt niet" in down.json()["detail"]

        broker.start()  # the same port: the worker's connection comes back by itself
        assert client.get("/healthz").status_code == 200


def test_healthz_reports_a_database_that_stops_answering(client: TestClient) -> None:
    assert client.get("/healthz").status_code == 200
    app = client.app
    working = app.state.engine  # type: ignore[attr-defined]
    app.state.engine = make_engine(f"postgresql://nobody@127.0.0.1:{free_port()}/gone")  # type: ignore[attr-defined]
    try:
        down = client.get("/healthz")
    finally:
        app.state.engine.dispose()  # type: ignore[attr-defined]
        app.state.engine = working  # type: ignore[attr-defined]

    assert down.status_code == 503
    assert down.json()["status"] == "unavailable" and down.json()["database_writable"] is False
    assert down.json()["broker"] == "ok"
    assert "De database neemt geen wijzigingen aan" in down.json()["detail"]
    assert client.get("/healthz").status_code == 200
