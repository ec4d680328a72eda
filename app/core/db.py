"""Database engine, sessions and schema. SQLite by default, tuned so an acknowledged write survives a crash;
PostgreSQL (psycopg 3, `postgresql://…` in ZELFSCAN_DATABASE_URL) for several workers, with the same code
and migrations.

The schema moves by migration (alembic, `migrations/` beside `app/`): `prepare_database` brings a
database to the code's schema before the app serves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, Engine, MetaData, event, inspect
from sqlalchemy.pool import NullPool
from sqlmodel import Session, SQLModel, create_engine, select

from app.core.writers import writers_in_turn

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
BASELINE_REVISION = "0001"  # the schema as `create_all` made it before there were migrations
# How strictly models and migrations must agree: autogenerate, `alembic check` and the start use these.
COMPARE_OPTIONS: dict[str, Any] = {"compare_type": True, "compare_server_default": True}


class DatabaseNotReady(RuntimeError):
    """The database cannot be brought to the code's schema; the app must not start on it."""


# PostgreSQL: connections per worker. As for SQLite (below), a request can hold a connection while it
# waits for a worker thread (40 of them), so a worker may need as many connections as threads; the
# server's max_connections must cover workers × POOL_SIZE + POOL_OVERFLOW (compose.yaml sets it).
POOL_SIZE = 10
POOL_OVERFLOW = 30
MIGRATION_LOCK = 7_352_001  # pg_advisory_xact_lock key: one worker migrates, the others wait and find it done


def postgres_url(url: str) -> str:
    """`postgresql://` and `postgres://` URLs use psycopg 3 (SQLAlchemy's default would be psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def make_engine(url: str) -> Engine:
    url = postgres_url(url)
    is_sqlite = url.startswith("sqlite")
    # SQLite: never let a checkout wait for a free pooled connection. A request's session takes its
    # connection in a sync dependency (a worker thread) and keeps it while it waits for a worker
    # thread for its next dependency or the endpoint; with the default pool (5 + 10 overflow) and 40
    # worker threads, ~55 requests at once (300 phones joining) left every thread waiting in the pool
    # for connections held by requests that were waiting for a thread: a deadlock until pool_timeout.
    # A SQLite connection is only a file handle, so the overflow is unbounded (-1); writers take turns
    # (app.core.writers), and SQLite's own lock stays underneath (busy_timeout).
    pool: dict[str, Any] = {"pool_size": 40, "max_overflow": -1} if is_sqlite and not _in_memory(url) else {}
    if url.startswith("postgresql"):
        pool = {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW, "pool_timeout": 30}
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

        if not _in_memory(url):
            writers_in_turn(engine, str(Path(engine.url.database or "").resolve()))
    return engine


def make_migration_engine(url: str | URL) -> Engine:
    """An engine for schema changes: every migration run is one real transaction, DDL included.

    SQLite: pysqlite leaves DDL outside transactions, so the driver's transaction handling is off
    and the engine begins its own (`BEGIN IMMEDIATE`, taking the write lock up front); foreign keys
    are off because batch mode rebuilds a table by copy, drop and rename (migrations/env.py checks
    them before the commit). WAL and `synchronous=FULL` as for the app.
    """
    engine = create_engine(postgres_url(str(url)) if isinstance(url, str) else url, poolclass=NullPool)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=OFF")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection):  # type: ignore[no-untyped-def]
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def create_schema(engine: Engine) -> None:
    """Tables straight from the models, without migrations (for throwaway databases)."""
    from app.models import register_tables

    register_tables()

    SQLModel.metadata.create_all(engine)


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the app's own start: the scripts in `migrations/`, on `connection`."""
    if not (MIGRATIONS_DIR / "env.py").is_file():
        raise DatabaseNotReady(
            f"De migraties ontbreken ({MIGRATIONS_DIR}): start de app vanuit de map met app/ en migrations/ "
            "(of installeer met pip install -e .).\n"
            f"The migrations are missing ({MIGRATIONS_DIR}): run the app from the folder holding app/ and "
            "migrations/ (or install with pip install -e .)."
        )
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def prepare_database(engine: Engine) -> str:
    """Bring the database to the code's schema before serving; returns what was done, in Dutch.

    Empty: tables from the models, stamped at head (fast, so every test gets a fresh database).
    Tables but no alembic_version (made by `create_all` before migrations): stamped at the baseline,
    upgraded to head and checked against the models. An older revision: upgraded to head. A revision
    this code does not know (the database belongs to a newer version): refused. All in one
    transaction: a failed upgrade leaves the database as it was. Idempotent.
    """
    from app.models import register_tables

    metadata = register_tables().metadata
    script = ScriptDirectory.from_config(alembic_config())
    heads = script.get_heads()
    if len(heads) != 1:
        raise DatabaseNotReady(
            f"De migraties hebben {len(heads)} eindpunten ({', '.join(heads)}) in plaats van één.\n"
            f"The migrations have {len(heads)} heads ({', '.join(heads)}) instead of one: "
            "join them with `alembic merge heads`."
        )
    head = heads[0]
    with _migration_connection(engine) as connection:
        context = MigrationContext.configure(connection)
        current = set(context.get_current_heads())
        if not current and not set(inspect(connection).get_table_names()) - {"alembic_version"}:
            metadata.create_all(connection)
            context.stamp(script, head)
            return f"Database aangemaakt (schema {head})."
        if not current:
            command.stamp(alembic_config(connection), BASELINE_REVISION)
            command.upgrade(alembic_config(connection), head)
            _refuse_differences(connection, metadata)
            return f"Database van vóór de migraties bijgewerkt naar schema {head}."
        if unknown := ", ".join(sorted(current - {revision.revision for revision in script.walk_revisions()})):
            raise DatabaseNotReady(
                f"De database heeft schema {unknown}, nieuwer dan deze versie van Zelfscan Live kent (tot {head}). "
                "Start de nieuwere versie van de app, of zet een back-up van de database terug.\n"
                f"The database is at schema {unknown}, newer than this version of Zelfscan Live knows (up to "
                f"{head}). Start the newer version of the app, or restore a backup of the database."
            )
        if current == {head}:
            return f"Database is actueel (schema {head})."
        command.upgrade(alembic_config(connection), head)
        return f"Database bijgewerkt van schema {', '.join(sorted(current))} naar {head}."


@contextmanager
def _migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction for schema changes (see make_migration_engine); committed on success."""
    if engine.dialect.name == "sqlite" and _in_memory(str(engine.url)):
        with engine.begin() as connection:  # a new in-memory database: nothing to migrate, only to create
            yield connection
        return
    migration_engine = make_migration_engine(engine.url)
    try:
        with migration_engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Workers starting together: the first migrates, the others wait here and then find it done.
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            yield connection
    finally:
        migration_engine.dispose()


def schema_differences(connection: Connection, metadata: MetaData) -> list[Any]:
    """What separates the database's schema from the models (empty: they agree), as `alembic check` sees it."""
    context = MigrationContext.configure(connection, opts=COMPARE_OPTIONS)
    return list(compare_metadata(context, metadata))


def _refuse_differences(connection: Connection, metadata: MetaData) -> None:
    if differences := schema_differences(connection, metadata):
        listed = "\n".join(f"  {difference}" for difference in differences)
        raise DatabaseNotReady(
            "De database komt na bijwerken niet overeen met deze versie van Zelfscan Live; er is niets "
            f"veranderd.\nThe database does not match this version of Zelfscan Live after upgrading; nothing "
            f"was changed.\n{listed}"
        )


def _in_memory(url: str) -> bool:
    return ":memory:" in url or url in {"sqlite://", "sqlite+pysqlite://"}


def session_scope(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


def begin_write(session: Session) -> None:
    """Start the session's write transaction now (no-op when one runs), so a SAVEPOINT nests inside it.

    pysqlite begins a transaction only at the first INSERT/UPDATE/DELETE; a SAVEPOINT issued before
    that opens one itself and its RELEASE commits it, half a unit of work. BEGIN IMMEDIATE also takes
    SQLite's write lock at once, so what is read next is what the write will be judged against.

    PostgreSQL: the session's transaction has begun with its first statement, and SAVEPOINTs nest in
    it. Writers are not serialised up front; each write judges what it read with a row-level check
    instead: the versioned writer's compare-and-set (`UPDATE … WHERE version = read`, which waits for
    a concurrent writer of the row and then finds the version moved on) and unique constraints for
    first writes (the second insert waits for the first and fails, and is judged again on its row).
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.dbapi_connection
    if raw is not None and not raw.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def write_in_turn(session: Session, owner: Any) -> None:
    """Writers of what hangs on `owner` (a row, e.g. a municipality's plan) one at a time, until the commit.

    SQLite: the write lock at once (`begin_write`). PostgreSQL: a row lock on the owner (SELECT … FOR
    UPDATE), so e.g. two additions at once read the plan one after the other and get distinct places.
    """
    begin_write(session)
    if session.connection().dialect.name != "sqlite":
        table = type(owner)
        session.execute(select(table).where(table.id == owner.id).with_for_update())
