"""SQLite writers of one process take turns (app.core.writers): a waiting writer is let in when the last one is done."""

from __future__ import annotations

import sqlite3
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from app.core.db import make_engine
from app.core.writers import lock_for

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'turns.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT UNIQUE)"))
    return engine


def turn(tmp_path: Path) -> threading.Lock:
    return lock_for(str((tmp_path / "turns.db").resolve()))


def test_the_turn_is_given_back_however_a_write_transaction_ends(engine: Engine, tmp_path: Path) -> None:
    lock = turn(tmp_path)
    with engine.connect() as connection:
        connection.execute(text("INSERT INTO note (body) VALUES ('a')"))
        assert lock.locked(), "a write holds the turn until its transaction ends"
        connection.commit()
        assert not lock.locked()

        connection.execute(text("UPDATE note SET body = 'b'"))
        connection.rollback()
        assert not lock.locked()

        connection.exec_driver_sql("SAVEPOINT s")  # a savepoint that begins the transaction, and its RELEASE ends it
        assert lock.locked()
        connection.exec_driver_sql("RELEASE s")
        assert not lock.locked()

        connection.execute(text("INSERT INTO note (body) VALUES ('c')"))
        with pytest.raises(IntegrityError):
            connection.execute(text("INSERT INTO note (body) VALUES ('c')"))
        connection.rollback()
        assert not lock.locked()

        connection.execute(text("SELECT body FROM note")).all()
        assert not lock.locked(), "reads never take the turn"

    connection = engine.connect()
    connection.execute(text("INSERT INTO note (body) VALUES ('d')"))
    connection.close()  # back to the pool: rolled back
    assert not lock.locked()
    engine.dispose()
    with engine.connect() as connection:
        assert [row[0] for row in connection.execute(text("SELECT body FROM note ORDER BY id"))] == ["a"]


def waits_for_turn(thread: threading.Thread, seconds: float = 10.0) -> bool:
    """Whether `thread` is seen inside the turn's wait (app.core.writers) within `seconds`; False when it is not."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and thread.is_alive():
        frame = sys._current_frames().get(thread.ident or 0)
        while frame is not None:
            if frame.f_code.co_name == "_take_turn" and frame.f_code.co_filename.endswith("writers.py"):
                return True
            frame = frame.f_back
        time.sleep(0.01)
    return False


def test_a_second_writer_waits_for_its_turn_instead_of_being_told_busy(engine: Engine) -> None:
    # The second writer's connection would give up at once on SQLite's lock (busy_timeout 0): it only
    # succeeds because it waits for the turn, which comes the moment the first writer commits.
    first = engine.connect()
    first.execute(text("INSERT INTO note (body) VALUES ('first')"))
    outcome: list[object] = []
    started = threading.Event()

    def second_writer() -> None:
        with engine.connect() as connection:
            connection.connection.dbapi_connection.execute("PRAGMA busy_timeout = 0")  # type: ignore[union-attr]
            started.set()
            try:
                connection.execute(text("INSERT INTO note (body) VALUES ('second')"))
                connection.commit()
                outcome.append("written")
            except Exception as error:
                outcome.append(error)
            finally:
                connection.connection.dbapi_connection.execute("PRAGMA busy_timeout = 30000")  # type: ignore[union-attr]

    writer = threading.Thread(target=second_writer)
    writer.start()
    assert started.wait(10)
    # Commit only once the second writer is seen waiting for its turn, so that without turns it would have met
    # SQLite's lock and failed at once: no order of the two threads lets this pass by luck.
    assert waits_for_turn(writer), "the second writer waits for the turn while the first one's transaction is open"
    assert outcome == []
    first.commit()
    first.close()
    writer.join(30)
    assert outcome == ["written"]
    with engine.connect() as connection:
        assert [row[0] for row in connection.execute(text("SELECT body FROM note ORDER BY id"))] == ["first", "second"]


def test_without_taking_turns_the_second_writer_would_have_been_told_busy(tmp_path: Path) -> None:
    # The case above without the turn: what SQLite alone does with a writer that does not wait.
    path = tmp_path / "plain.db"
    first, second = sqlite3.connect(path, timeout=0), sqlite3.connect(path, timeout=0)
    first.execute("CREATE TABLE note (body TEXT)")
    first.commit()
    first.execute("INSERT INTO note VALUES ('first')")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        second.execute("INSERT INTO note VALUES ('second')")
    first.rollback()
    first.close()
    second.close()
