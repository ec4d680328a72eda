"""Alembic's environment: the app's models as target, SQLite in batch mode, one transaction per run.

The app's start (app.core.db.prepare_database) passes its own connection; the `alembic` command
connects to `-x url=…`, else `sqlalchemy.url`, else the app's settings (as `make run` would).
"""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any, Literal, cast

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, String
from sqlmodel.sql.sqltypes import AutoString

from app.core.config import Settings
from app.core.db import COMPARE_OPTIONS, make_migration_engine
from app.models import register_tables

config = context.config
# Logging from alembic.ini for the command line only: the app and the tests keep their own.
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = register_tables().metadata


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write SQLModel's string type as plain `sa.String`, so a revision needs nothing but SQLAlchemy."""
    if type_ == "type" and isinstance(obj, AutoString):
        length = cast(String, obj.impl_instance).length
        return f"sa.String(length={length})" if length else "sa.String()"
    return False


def database_url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    return url or Settings().resolved_database_url()


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters a table by rebuilding it; batch mode does that for us
        transactional_ddl=True,  # one transaction per run, also on SQLite (see make_migration_engine)
        render_item=render_item,
        **COMPARE_OPTIONS,
    )
    with context.begin_transaction():
        context.run_migrations()
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"Foreign keys broken by the migration (table, rowid, parent, fk): {broken[:10]}")


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        render_item=render_item,
        **COMPARE_OPTIONS,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    engine = make_migration_engine(database_url())
    try:
        with engine.begin() as connection:
            run_migrations(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
