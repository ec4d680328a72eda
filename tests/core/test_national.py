"""A national service: the migrations on the run's database, and several workers only where they can share."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect

from app.__main__ import several_workers_refusal
from app.core import db
from app.core.config import Settings
from app.models import register_tables

ROOT = Path(__file__).resolve().parents[2]


def test_every_migration_runs_from_empty_to_head_and_matches_the_models(fresh_database_url: str) -> None:
    """On SQLite and (in the PostgreSQL run) on PostgreSQL: batch mode, partial index and casts included."""
    engine = db.make_engine(fresh_database_url)
    try:
        with db.make_migration_engine(engine.url).begin() as connection:
            command.upgrade(db.alembic_config(connection), "0001")
            command.upgrade(db.alembic_config(connection), "head")
            assert db.schema_differences(connection, register_tables().metadata) == []
            assert "alembic_version" in inspect(connection).get_table_names()
        assert db.prepare_database(engine).startswith("Database is actueel")
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("database_url", "broker_url", "refused"),
    [
        ("", "redis://127.0.0.1:6379/0", ["PostgreSQL"]),
        ("postgresql://zelfscan@db/zelfscan", "", ["Redis"]),
        ("", "", ["PostgreSQL", "Redis"]),
        ("postgresql://zelfscan@db/zelfscan", "redis://127.0.0.1:6379/0", []),
    ],
)
def test_several_workers_need_postgresql_and_a_broker(
    tmp_path: Path, database_url: str, broker_url: str, refused: list[str]
) -> None:
    settings = Settings(data_dir=tmp_path, database_url=database_url, broker_url=broker_url, workers=2)
    refusal = several_workers_refusal(settings)
    assert (refusal is None) == (not refused)
    for needed in refused:
        assert refusal is not None and needed in refusal
    one = Settings(data_dir=tmp_path, database_url="", broker_url="", workers=1)
    assert several_workers_refusal(one) is None


def test_starting_two_workers_on_sqlite_stops_with_a_clear_message(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "ZELFSCAN_DATA_DIR": str(tmp_path),
        "ZELFSCAN_WORKERS": "2",
        "PYTHONPATH": str(ROOT),
    }
    env |= {"ZELFSCAN_DATABASE_URL": "", "ZELFSCAN_BROKER_URL": ""}
    done = subprocess.run(
        [sys.executable, "-m", "app"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "ZELFSCAN_WORKERS=2" in done.stderr
    assert "PostgreSQL" in done.stderr and "Redis" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "zelfscan.db").exists()  # refused before anything was made
