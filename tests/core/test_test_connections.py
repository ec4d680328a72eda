"""The PostgreSQL run closes a test's connections without pulling one from under a thread still using it.

A test's app may still be answering in a server thread when the test ends. Closing that thread's
connection then freed its socket while the thread was in the middle of a query; the next test's
`CREATE DATABASE` got the same socket and never saw its reply, and the whole run hung.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from app.core.db import make_engine
from tests.support import backends

pytestmark = pytest.mark.postgres_only  # about the PostgreSQL run's own connections


def test_a_query_under_way_in_another_thread_finishes_and_its_connection_is_closed_later(
    services: backends.Services,
) -> None:
    engine = make_engine(services.create_database("tc_busy"))
    outcome: dict[str, object] = {}
    try:
        with engine.connect() as warm:  # the pool's connection, remembered as the test's own
            warm.execute(text("SELECT 1"))
        raw = next(iter(backends._opened))

        def slow_query() -> None:
            try:
                with engine.connect() as connection:
                    outcome["result"] = connection.execute(text("SELECT 7 FROM pg_sleep(1)")).scalar()
            except Exception as error:  # what the test reports
                outcome["error"] = error

        thread = threading.Thread(target=slow_query)
        thread.start()
        deadline = time.monotonic() + 30
        while not raw.lock.locked() and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)  # until the thread is inside its query
        assert raw.lock.locked(), "the thread's query did not start"

        backends._close_opened()  # what every test's end does
        assert not raw.closed, "closed while another thread was inside a query on it"

        thread.join(30)
        assert outcome == {"result": 7}
        backends._close_opened()  # the next test's end closes it
        assert raw.closed
    finally:
        engine.dispose()
        services.drop_database("tc_busy")
