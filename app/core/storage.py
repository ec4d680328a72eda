"""Bad days on the disk: can the data directory and the database take writes, and what a failed write means.

At start, `check_storage` refuses a data directory that cannot be written or has too little free
space, and a database that refuses a write, with one message in Dutch and English (no traceback).
While serving, a write the database cannot store (disk full, read-only, I/O error, locked too long)
is a `storage failure`: the request answers 503 "Niet opgeslagen — probeer het opnieuw." (one
handler in app.core.web), nothing is acknowledged, and the same write succeeds once space returns.
`/healthz` asks `probe_writes`, which proves a write without keeping one.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from sqlalchemy import Engine, make_url
from sqlalchemy.exc import DBAPIError

from app.core.config import Settings
from app.core.db import DatabaseNotReady, prepare_database
from app.core.writers import WAIT_OPTION

NOT_STORED = "Niet opgeslagen — probeer het opnieuw."
NOT_READ = "De gegevens zijn nu niet te lezen — probeer het zo opnieuw."  # the same failure on a read
PROBE_TABLE = "zs_write_probe"  # created and rolled back inside the probe's transaction: never kept
PROBE_BUSY_MS = 5000  # how long the probe waits for another writer before it calls the database busy

# SQLite's primary result codes that mean "this write could not be stored now" (not a bug in the SQL).
SQLITE_STORAGE_CODES = (
    "SQLITE_FULL",
    "SQLITE_IOERR",
    "SQLITE_READONLY",
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_CANTOPEN",
)
# PostgreSQL SQLSTATEs (prefixes) of the same kind: insufficient resources, connection lost,
# operator intervention, read-only transaction.
POSTGRES_STORAGE_STATES = ("53", "08", "57P", "25006")
STORAGE_WORDS = (
    "database or disk is full",
    "disk i/o error",
    "readonly database",
    "read-only",
    "database is locked",
    "unable to open database file",
    "no space left on device",
    "disk full",
)


class StorageNotReady(DatabaseNotReady):
    """The data directory or the database cannot take writes; the app must not start on it."""


def is_storage_failure(exc: BaseException) -> bool:
    """Whether a database error means the write could not be stored now (full, read-only, I/O, busy).

    Follows the chain of errors: on a full disk SQLite rolls the whole transaction back itself, so
    the savepoint's rollback that follows fails ("no such savepoint") while handling the real cause.
    """
    return storage_cause(exc) is not None


def storage_cause(exc: BaseException) -> DBAPIError | None:
    """The database error in `exc`'s chain that says the disk refused the write, if there is one."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DBAPIError) and _names_storage(current):
            return current
        current = current.__cause__ or current.__context__
    return None


def _names_storage(exc: DBAPIError) -> bool:
    if exc.connection_invalidated:
        return True
    original = exc.orig
    name = str(getattr(original, "sqlite_errorname", "") or "")
    if name.startswith(SQLITE_STORAGE_CODES):
        return True
    state = str(getattr(original, "sqlstate", None) or getattr(original, "pgcode", None) or "")
    if state.startswith(POSTGRES_STORAGE_STATES):
        return True
    text = str(original).lower()
    return any(word in text for word in STORAGE_WORDS)


def data_dirs(*, data_dir: Path, database_url: str, organiser_secret: str) -> list[Path]:
    """The directories the app writes to: the data directory when it holds the database or the
    secret, and the folder of a SQLite database file set elsewhere."""
    dirs: list[Path] = []
    if not database_url or not organiser_secret:
        dirs.append(data_dir)
    if database_url:
        url = make_url(database_url)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            dirs.append(Path(url.database).parent)
    return dirs


def check_directory(path: Path, *, min_free_mb: int) -> None:
    """Create `path` if needed and prove a file can be written and removed there; refuse too little space."""
    shown = path.resolve() if path.exists() else path.absolute()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise StorageNotReady(
            f"De gegevensmap {shown} is geen map maar een bestand. Kies een andere map met ZELFSCAN_DATA_DIR.\n"
            f"The data directory {shown} is a file, not a directory. Choose another one with ZELFSCAN_DATA_DIR."
        ) from None
    except OSError as exc:
        raise StorageNotReady(
            f"De gegevensmap {shown} kan niet worden aangemaakt ({exc.strerror}). Kies een map waarin de app mag "
            "schrijven met ZELFSCAN_DATA_DIR.\n"
            f"The data directory {shown} cannot be created ({exc.strerror}). Choose a directory the app may write "
            "to with ZELFSCAN_DATA_DIR."
        ) from None
    if not path.is_dir():
        raise StorageNotReady(
            f"De gegevensmap {shown} is geen map. Kies een andere map met ZELFSCAN_DATA_DIR.\n"
            f"The data directory {shown} is not a directory. Choose another one with ZELFSCAN_DATA_DIR."
        )
    probe = path / f".schrijftest-{uuid.uuid4().hex}"
    try:
        with probe.open("wb") as file:
            file.write(b"zelfscan")
            file.flush()
            os.fsync(file.fileno())
    except OSError as exc:
        raise StorageNotReady(
            f"In de gegevensmap {shown} kan niet worden geschreven ({exc.strerror}): is de schijf vol of alleen-lezen? "
            "Maak ruimte, geef de app schrijfrechten, of kies een andere map met ZELFSCAN_DATA_DIR.\n"
            f"The data directory {shown} cannot be written ({exc.strerror}): is the disk full or read-only? "
            "Free some space, let the app write there, or choose another directory with ZELFSCAN_DATA_DIR."
        ) from None
    finally:
        probe.unlink(missing_ok=True)
    free_mb = shutil.disk_usage(path).free // (1024 * 1024)
    if free_mb < min_free_mb:
        raise StorageNotReady(
            f"Er is te weinig vrije schijfruimte bij de gegevensmap {shown}: {free_mb} MB vrij, minstens "
            f"{min_free_mb} MB nodig (ZELFSCAN_MIN_FREE_MB). Maak ruimte vrij en start opnieuw.\n"
            f"Too little free disk space for the data directory {shown}: {free_mb} MB free, at least "
            f"{min_free_mb} MB needed (ZELFSCAN_MIN_FREE_MB). Free some space and start again."
        )


def probe_writes(engine: Engine) -> str | None:
    """Prove the database takes a write without keeping one; None when it does, else the problem.

    Inside one transaction: take the write lock, create a table (which needs a new page) and insert
    a row, then roll everything back. A read-only, full (no page to spare), locked or failing
    database refuses this just as it would refuse a real write.
    """
    try:
        with engine.connect() as connection:
            connection.execution_options(**{WAIT_OPTION: PROBE_BUSY_MS / 1000})  # as long for the writers' turn
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                busy = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
                connection.exec_driver_sql(f"PRAGMA busy_timeout={PROBE_BUSY_MS}")
            try:
                if sqlite:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                connection.exec_driver_sql(f"CREATE TABLE {PROBE_TABLE} (probe INTEGER)")
                connection.exec_driver_sql(f"INSERT INTO {PROBE_TABLE} (probe) VALUES (1)")
            finally:
                connection.rollback()
                if sqlite:
                    connection.exec_driver_sql(f"PRAGMA busy_timeout={int(busy or 0)}")
    except DBAPIError as exc:
        return str(exc.orig).strip() or type(exc.orig).__name__
    return None


def check_database(engine: Engine) -> None:
    """Refuse to start on a database that does not take writes (read-only, full, failing)."""
    if problem := probe_writes(engine):
        raise StorageNotReady(
            f"De database neemt geen wijzigingen aan ({problem}): is de schijf vol of het bestand alleen-lezen? "
            "Maak ruimte of herstel de schrijfrechten en start opnieuw.\n"
            f"The database does not accept writes ({problem}): is the disk full or the file read-only? "
            "Free some space or restore write access and start again."
        )


def check_data_dirs(settings: Settings) -> None:
    """Refuse to start when a directory the app writes to cannot be written or is (nearly) full."""
    for path in data_dirs(
        data_dir=settings.data_dir, database_url=settings.database_url, organiser_secret=settings.organiser_secret
    ):
        check_directory(path, min_free_mb=settings.min_free_mb)


def prepare_writable_database(engine: Engine) -> str:
    """`prepare_database`, then prove the database takes writes; a disk that refuses either stops the start."""
    try:
        done = prepare_database(engine)
    except DBAPIError as exc:
        if not is_storage_failure(exc):
            raise
        raise StorageNotReady(
            f"De database kan niet worden bijgewerkt of aangemaakt ({str(exc.orig).strip()}): is de schijf vol of "
            "het bestand alleen-lezen? Maak ruimte of herstel de schrijfrechten en start opnieuw.\n"
            f"The database cannot be created or upgraded ({str(exc.orig).strip()}): is the disk full or the file "
            "read-only? Free some space or restore write access and start again."
        ) from None
    check_database(engine)
    return done
