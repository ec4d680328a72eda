"""Bad days on the disk: a write that cannot be stored answers 503 in Dutch and loses nothing; the start
refuses an unwritable or full data directory with one message in Dutch and English; /healthz tells.

A full disk is made deterministic with SQLite's `max_page_count` (the database may not grow by a
page), a read-only one with `query_only`; both are set on every connection the app checks out.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from app.core.config import Settings
from app.core.db import make_engine
from app.core.storage import NOT_STORED, StorageNotReady, prepare_writable_database, probe_writes
from app.main import create_app
from tests.conftest import SECRET

pytestmark = pytest.mark.sqlite_only  # a full, read-only or missing SQLite file and data directory

REPO = Path(__file__).resolve().parents[2]
BIG = "Één, twee, drie — één ë. " * 160  # 4,000 characters, ~5,800 bytes: more than a page can hold


@contextmanager
def disk(engine: Engine, pragma: str) -> Iterator[None]:
    """Every connection the app checks out runs `pragma` first (and the pool starts afresh after)."""

    def on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        cursor = dbapi_connection.cursor()
        if pragma == "full":
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count={pages}")
        else:
            cursor.execute(pragma)
        cursor.close()

    event.listen(engine, "checkout", on_checkout)
    try:
        yield
    finally:
        event.remove(engine, "checkout", on_checkout)
        engine.dispose()  # connections come back without the limit: "space returns"


def room_answer(phone: Any, number: int) -> dict[str, Any]:
    return next(q for q in phone.room()["questions"] if q["question"] == number)


def test_a_write_on_a_full_disk_answers_503_in_dutch_loses_nothing_and_succeeds_when_space_returns(
    client: TestClient, workshop: Any
) -> None:
    workshop.start_first_zelfscan_block()
    anna = workshop.join("Amstelveen", "Anna")
    saved = anna.answer(1, status="op_orde", toelichting="Al opgeslagen.")
    assert saved.status_code == 200
    engine = client.app.state.engine  # type: ignore[attr-defined]

    with disk(engine, "full"):
        refused = anna.answer(2, status="niet_op_orde", toelichting=BIG)
        assert refused.status_code == 503
        assert refused.json()["detail"] == NOT_STORED == "Niet opgeslagen — probeer het opnieuw."
        # The page's htmx form gets the message as a fragment it can show at the control.
        form = anna.post(
            f"/j/{workshop.code}/vraag/2/antwoord",
            data={"base_version": "0", "toelichting": BIG},
            headers={"HX-Request": "true"},
        )
        assert form.status_code == 503 and NOT_STORED in form.text and 'role="alert"' in form.text

    assert room_answer(anna, 1)["toelichting"] == "Al opgeslagen."  # nothing acknowledged is lost
    assert room_answer(anna, 2)["version"] == 0  # and nothing refused was half stored
    again = anna.answer(2, status="niet_op_orde", toelichting=BIG)
    assert again.status_code == 200, again.text
    assert room_answer(anna, 2)["toelichting"] == BIG


def test_a_read_only_database_answers_503_for_a_view_and_a_page_and_healthz_says_so(
    client: TestClient, workshop: Any
) -> None:
    workshop.start_first_zelfscan_block()
    bert = workshop.join("Bussum", "Bert")
    healthy = client.get("/healthz")
    assert healthy.status_code == 200
    assert healthy.json() == {"status": "ok", "database_writable": True, "broker": "ok"}
    engine = client.app.state.engine  # type: ignore[attr-defined]

    with disk(engine, "PRAGMA query_only=1"):
        view = bert.give_view(3, "op_orde")
        assert view.status_code == 503 and view.json()["detail"] == NOT_STORED
        page = bert.post(f"/j/{workshop.code}/vraag/3/mening", data={"status": "op_orde"}, headers={"HX-Request": "1"})
        assert page.status_code == 503 and NOT_STORED in page.text
        sick = client.get("/healthz")
        assert sick.status_code == 503
        assert sick.json()["status"] == "unavailable" and sick.json()["database_writable"] is False
        assert "readonly" in sick.json()["detail"]

    assert client.get("/healthz").status_code == 200
    assert bert.give_view(3, "op_orde").status_code == 200


def test_healthz_notices_a_database_that_cannot_grow(client: TestClient) -> None:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with disk(engine, "full"):
        response = client.get("/healthz")
        assert response.status_code == 503 and "full" in response.json()["detail"]
    assert client.get("/healthz").status_code == 200


def test_the_write_probe_keeps_nothing(client: TestClient) -> None:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        before = connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    assert probe_writes(engine) is None
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar() == before


def test_other_database_errors_stay_server_errors() -> None:
    """Only a disk that refuses a write is a 503; a broken statement is a bug, not "try again"."""
    from sqlalchemy.exc import OperationalError

    from app.core.storage import is_storage_failure

    broken = OperationalError("SELECT nope", {}, Exception("no such column: nope"))
    full = OperationalError("INSERT", {}, Exception("database or disk is full"))
    assert not is_storage_failure(broken) and is_storage_failure(full)


def test_create_app_refuses_a_data_directory_that_is_a_file(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "gegevens"
    not_a_dir.write_text("oeps", encoding="utf-8")
    with pytest.raises(StorageNotReady) as refusal:
        create_app(Settings(data_dir=not_a_dir, organiser_secret=SECRET))
    message = str(refusal.value)
    assert "geen map maar een bestand" in message and "is a file, not a directory" in message


def test_create_app_refuses_too_little_free_space(tmp_path: Path) -> None:
    with pytest.raises(StorageNotReady) as refusal:
        create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET, min_free_mb=10**12))
    assert "te weinig vrije schijfruimte" in str(refusal.value) and "Too little free disk space" in str(refusal.value)


def test_a_database_that_refuses_writes_stops_the_start(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'zelfscan.db'}")
    prepare_writable_database(engine)
    with disk(engine, "PRAGMA query_only=1"), pytest.raises(StorageNotReady) as refusal:
        prepare_writable_database(engine)
    assert "neemt geen wijzigingen aan" in str(refusal.value) and "does not accept writes" in str(refusal.value)
    engine.dispose()


def start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m app` as an operator runs it, with ZELFSCAN_* settings; it must stop by itself."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ZELFSCAN_")}
    environment.update({"ZELFSCAN_PORT": "0", **env})
    return subprocess.run(
        [sys.executable, "-m", "app"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("data_dir", "dutch", "english"),
    [
        ("a-file", "is geen map maar een bestand", "is a file, not a directory"),
        ("/proc/zelfscan-live/data", "kan niet worden aangemaakt", "cannot be created"),
    ],
)
def test_python_m_app_names_an_unwritable_data_directory_in_dutch_and_english(
    tmp_path: Path, data_dir: str, dutch: str, english: str
) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    started = start(tmp_path, ZELFSCAN_DATA_DIR=data_dir)
    assert started.returncode == 1
    assert "Zelfscan Live start niet / does not start" in started.stderr
    assert dutch in started.stderr and english in started.stderr
    assert "Traceback" not in started.stderr and len(started.stderr.strip().splitlines()) <= 6


def test_python_m_app_refuses_a_nearly_full_disk(tmp_path: Path) -> None:
    started = start(tmp_path, ZELFSCAN_DATA_DIR=str(tmp_path / "data"), ZELFSCAN_MIN_FREE_MB=str(10**12))
    assert started.returncode == 1
    assert "te weinig vrije schijfruimte" in started.stderr and "Too little free disk space" in started.stderr
    assert "Traceback" not in started.stderr
