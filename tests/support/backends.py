"""Which database and live-update backend the suite runs on (pytest plugin, listed in tests/conftest.py).

By default SQLite (a file per test, made by the app) with the in-memory hub. With
ZELFSCAN_TEST_BACKEND=postgres (`make test` does both runs) one PostgreSQL 15 and one Redis are
started for the run, every test gets its own database (a copy of a migrated template: fast) and
its own channel prefix on Redis, through ZELFSCAN_DATABASE_URL, ZELFSCAN_BROKER_URL and
ZELFSCAN_BROKER_PREFIX, which every `Settings()` the tests make reads.

Markers: `sqlite_only` (about the SQLite file itself: PRAGMAs, the file on disk) is skipped on
PostgreSQL; `postgres_only` (several workers, the broker) is skipped on SQLite.
"""

from __future__ import annotations

import itertools
import os
import weakref
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.pool import Pool

from app.core.db import make_engine, prepare_database
from tests.support.services import Postgres, RedisServer, interrupt_on_termination, postgres, redis_server

BACKEND = os.environ.get("ZELFSCAN_TEST_BACKEND", "sqlite")
ON_POSTGRES = BACKEND == "postgres"
TEMPLATE = "zs_template"
_numbers = itertools.count(1)
# Every connection the test's engines opened: closed at the test's end, before its database is dropped
# (the tests' apps keep their engines; closing here keeps psycopg from warning about open connections).
_opened: weakref.WeakSet[Any] = weakref.WeakSet()
# Connections a thread of the test's app was still using when the test ended: closed at a later test's end.
_busy: list[Any] = []


@event.listens_for(Pool, "connect")
def _remember(dbapi_connection: Any, _record: Any) -> None:
    if ON_POSTGRES and isinstance(dbapi_connection, psycopg.Connection):  # not a test's own SQLite file
        _opened.add(dbapi_connection)


def _close_opened(*, wait: float = 0) -> None:
    """Close the connections the test's engines opened, each only while no thread is using it.

    psycopg's `close()` does not wait for a query under way in another thread (a server thread of the
    test's app still answering): it frees the socket while that thread still polls it, the next
    connection (the next test's CREATE DATABASE) gets the same socket number, and the old thread reads
    its reply: the run hung there. A connection in use is closed at a later test's end instead.
    """
    pending = [*_busy, *_opened]
    _busy.clear()
    _opened.clear()
    for connection in pending:
        if connection.closed:
            continue
        if not (connection.lock.acquire(timeout=wait) if wait else connection.lock.acquire(blocking=False)):
            _busy.append(connection)
            continue
        try:
            with suppress(Exception):
                connection.close()
        finally:
            connection.lock.release()


@dataclass
class Services:
    postgres: Postgres
    redis: RedisServer

    def create_database(self, name: str, *, template: str | None = TEMPLATE) -> str:
        """A new database (a copy of the migrated template, or empty); its URL."""
        with psycopg.connect(self.postgres.admin_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.postgres.url(name)

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.postgres.admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pytest_report_header() -> str:
    if ON_POSTGRES:
        return "backend: PostgreSQL 15 + Redis broker, throw-away servers (ZELFSCAN_TEST_BACKEND=postgres)"
    return "backend: SQLite + in-memory hub (ZELFSCAN_TEST_BACKEND=postgres for PostgreSQL 15 + Redis)"


def pytest_sessionstart(session: pytest.Session) -> None:
    interrupt_on_termination(session)  # a SIGTERM or SIGHUP tears the fixtures down (the servers too), as Ctrl-C does


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = "sqlite_only" if ON_POSTGRES else "postgres_only"
    reason = "SQLite only" if ON_POSTGRES else "needs PostgreSQL and Redis (ZELFSCAN_TEST_BACKEND=postgres)"
    for item in items:
        if item.get_closest_marker(skip):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def services() -> Iterator[Services]:
    """PostgreSQL and Redis for this run (only with ZELFSCAN_TEST_BACKEND=postgres), stopped at the end."""
    if not ON_POSTGRES:
        pytest.skip("needs PostgreSQL and Redis (ZELFSCAN_TEST_BACKEND=postgres)")
    with postgres() as pg, redis_server() as redis:
        found = Services(pg, redis)
        engine = make_engine(found.create_database(TEMPLATE, template=None))
        try:
            prepare_database(engine)
        finally:
            engine.dispose()
        yield found
        _close_opened(wait=5.0)  # what the last tests' threads still used, before the servers stop


@pytest.fixture(autouse=True)
def _backend_per_test(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """On PostgreSQL: a fresh database and broker prefix for every test, dropped afterwards."""
    if not ON_POSTGRES:
        yield
        return
    found: Services = request.getfixturevalue("services")
    name = f"t{next(_numbers)}"
    monkeypatch.setenv("ZELFSCAN_DATABASE_URL", found.create_database(name))
    monkeypatch.setenv("ZELFSCAN_BROKER_URL", found.redis.url)
    monkeypatch.setenv("ZELFSCAN_BROKER_PREFIX", f"{name}:")
    yield
    _close_opened()
    found.drop_database(name)


@pytest.fixture
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: os.PathLike[str]) -> str:
    """An empty database of the run's kind (no tables): SQLite file or PostgreSQL database."""
    if not ON_POSTGRES:
        return f"sqlite:///{os.path.join(tmp_path, 'empty.db')}"
    found: Services = request.getfixturevalue("services")
    name = f"e{next(_numbers)}"
    request.addfinalizer(lambda: found.drop_database(name))
    return found.create_database(name, template=None)
