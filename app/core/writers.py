"""SQLite: the writers of one process wait for their turn in a queue, not in SQLite's busy handler.

SQLite has one writer at a time. The others are told "busy" and SQLite's busy handler puts them to
sleep and lets them try again, sleeping longer each time (up to 100 ms a sleep). Under load the
write lock then sits free between their tries: with 1,000 phones, 30 of the 40 worker threads were
asleep in that handler at once, and reads waited for a free thread behind them.

Here a connection takes a lock of this process (one per database file) before the first statement
that writes, and gives it back the moment its transaction ends (commit, rollback, a RELEASE that
ends it, or the connection closing), so the next writer starts as soon as the last one is done.
A turn not had within SQLite's own wait is left to SQLite, as before; so is a write made on the event
loop's thread (it must never block there), and other processes on the file still meet SQLite's lock.
Reads never wait here (WAL: they read beside the writer). A thread holding the turn that writes through
a second connection waits for its own turn (then SQLite's): as before, when it waited for its own lock.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from typing import Any

from sqlalchemy import Engine, event

WAIT_SECONDS = 30.0  # as the connections' busy_timeout: a turn not had by then is left to SQLite
WAIT_OPTION = "writer_wait"  # an execution option for a shorter wait (the health probe's)
# Statements that begin a write transaction when none is open (pysqlite begins one before DML itself).
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN", "SAVEPOINT")

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def lock_for(path: str) -> threading.Lock:
    """The one lock of a database file in this process (engines on the same file share it)."""
    with _locks_guard:
        return _locks.setdefault(path, threading.Lock())


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _raw(connection: Any) -> Any:
    """The sqlite3 connection behind a pool's proxy (SQLAlchemy passes either)."""
    return getattr(connection, "dbapi_connection", None) or connection


def writers_in_turn(engine: Engine, path: str) -> None:
    """Let `engine`'s connections write one at a time within this process (see the module's text)."""
    lock = lock_for(path)
    holders: set[int] = set()  # the sqlite3 connections holding the turn, by id

    def give_back(connection: Any) -> None:
        key = id(_raw(connection))
        if key in holders:
            holders.discard(key)
            lock.release()

    def give_back_when_done(connection: Any) -> None:
        raw = _raw(connection)
        try:
            done = not raw.in_transaction
        except sqlite3.ProgrammingError:  # closed: its transaction is over
            done = True
        if done:
            give_back(raw)

    @event.listens_for(engine, "before_cursor_execute")
    def _take_turn(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        raw = cursor.connection
        if raw.in_transaction or id(raw) in holders or not statement.lstrip()[:9].upper().startswith(_WRITES):
            return
        if _on_event_loop():  # never block the loop here: the turn may be due from its own teardown; SQLite decides
            return
        if lock.acquire(timeout=conn.get_execution_options().get(WAIT_OPTION, WAIT_SECONDS)):
            holders.add(id(raw))

    @event.listens_for(engine, "after_cursor_execute")
    def _ended(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        give_back_when_done(cursor.connection)  # e.g. the RELEASE of a SAVEPOINT that began the transaction

    @event.listens_for(engine, "handle_error")
    def _failed(context):  # type: ignore[no-untyped-def]
        execution = context.execution_context  # a write that failed before its transaction began
        if execution is not None and execution.cursor is not None:
            give_back_when_done(execution.cursor.connection)

    dialect = engine.dialect
    commit, rollback, close = dialect.do_commit, dialect.do_rollback, dialect.do_close

    def do_commit(connection: Any) -> None:
        try:
            commit(connection)
        finally:
            give_back_when_done(connection)

    def do_rollback(connection: Any) -> None:
        try:
            rollback(connection)
        finally:
            give_back_when_done(connection)

    def do_close(connection: Any) -> None:
        try:
            close(connection)
        finally:
            give_back(connection)

    # The dialect's own commit, rollback and close, each followed by giving the turn back.
    setattr(dialect, "do_commit", do_commit)  # noqa: B010
    setattr(dialect, "do_rollback", do_rollback)  # noqa: B010
    setattr(dialect, "do_close", do_close)  # noqa: B010
