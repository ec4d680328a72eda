"""Database engine and sessions. SQLite by default, tuned so an acknowledged write survives a crash."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Engine, event
from sqlmodel import Session, SQLModel, create_engine


def make_engine(url: str) -> Engine:
    is_sqlite = url.startswith("sqlite")
    # SQLite: never let a checkout wait for a free pooled connection. A request's session takes its
    # connection in a sync dependency (a worker thread) and keeps it while it waits for a worker
    # thread for its next dependency or the endpoint; with the default pool (5 + 10 overflow) and 40
    # worker threads, ~55 requests at once (300 phones joining) left every thread waiting in the pool
    # for connections held by requests that were waiting for a thread: a deadlock until pool_timeout.
    # A SQLite connection is only a file handle, so the overflow is unbounded (-1); writers are still
    # serialised by SQLite itself (busy_timeout).
    pool = {"pool_size": 40, "max_overflow": -1} if is_sqlite and ":memory:" not in url and url != "sqlite://" else {}
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30} if is_sqlite else {},
        pool_pre_ping=not is_sqlite,
        **pool,
    )
    if is_sqlite:

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

    return engine


def create_schema(engine: Engine) -> None:
    from app.models import register_tables

    register_tables()

    SQLModel.metadata.create_all(engine)


def session_scope(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


def begin_write(session: Session) -> None:
    """Start the session's write transaction now (no-op when one runs), so a SAVEPOINT nests inside it.

    pysqlite begins a transaction only at the first INSERT/UPDATE/DELETE; a SAVEPOINT issued before
    that opens one itself and its RELEASE commits it, half a unit of work. BEGIN IMMEDIATE also takes
    SQLite's write lock at once, so what is read next is what the write will be judged against.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.dbapi_connection
    if raw is not None and not raw.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
