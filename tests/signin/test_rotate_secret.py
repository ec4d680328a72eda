"""`python -m app rotate-secret`, and what `python -m app` prints: never a link holding the secret."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.__main__ import main, rotate_secret, welcome
from app.core.config import Settings
from app.main import create_app
from app.signin.models import OrganiserSession
from tests.conftest import sign_in
from tests.support.pages import as_pages_do


def test_rotation_ends_every_session_and_the_old_secret_of_a_running_server(
    file_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    app = create_app(file_settings)
    old = app.state.organiser_secret.current()
    with as_pages_do(TestClient(app)) as browser:
        cookies = []
        for _ in range(2):  # two browsers signed in
            browser.cookies.clear()
            sign_in(browser, old)
            cookies.append(browser.cookies["zs_organiser"])

        assert rotate_secret(file_settings) == 0

        new = file_settings.organiser_secret_file.read_text(encoding="utf-8")
        printed = capsys.readouterr().out
        assert new != old and new in printed and "2 sessie(s) beëindigd" in printed
        assert stat.S_IMODE(file_settings.organiser_secret_file.stat().st_mode) == 0o600
        for cookie in cookies:
            browser.cookies.clear()
            browser.cookies.set("zs_organiser", cookie)
            assert "Nieuwe bijeenkomst" not in browser.get("/organisator").text
        browser.cookies.clear()
        refused = browser.post("/organisator/inloggen", data={"sleutel": old}, follow_redirects=False)
        assert refused.status_code == 403
        assert browser.get("/api/meetings/1", headers={"Authorization": f"Bearer {old}"}).status_code == 403
        assert browser.get("/api/meetings/1", headers={"Authorization": f"Bearer {new}"}).status_code == 404
        sign_in(browser, new)
        assert "Nieuwe bijeenkomst" in browser.get("/organisator").text
    with Session(app.state.engine) as session:
        assert len(session.exec(select(OrganiserSession)).all()) == 1  # only the one opened after the rotation


def test_rotation_says_the_environment_wins_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ZELFSCAN_ORGANISER_SECRET", "sleutel-uit-de-omgeving")
    monkeypatch.setenv("ZELFSCAN_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("app.__main__.get_settings", Settings)

    with pytest.raises(SystemExit) as stopped:
        main(["rotate-secret"])

    assert stopped.value.code == 1
    message = capsys.readouterr().err
    assert "ZELFSCAN_ORGANISER_SECRET is gezet en gaat voor" in message and "set and wins" in message
    assert "sleutel-uit-de-omgeving" not in message
    assert not (tmp_path / "organiser-secret").exists()


def test_the_start_prints_the_sign_in_page_and_the_secret_apart(file_settings: Settings) -> None:
    app = create_app(file_settings)
    secret = app.state.organiser_secret.current()

    lines = welcome(file_settings, app.state.organiser_secret)

    assert f"  Organisator:  {file_settings.public_url}/organisator" in lines
    assert any(line.startswith("  Sleutel:") and secret in line for line in lines)
    assert not [line for line in lines if secret in line and ("http" in line or "?" in line)]


def test_the_start_does_not_print_a_secret_from_the_environment(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, organiser_secret="sleutel-uit-de-omgeving")

    lines = welcome(settings, create_app(settings).state.organiser_secret)

    assert not [line for line in lines if "sleutel-uit-de-omgeving" in line]
    assert "  Sleutel:      de waarde van ZELFSCAN_ORGANISER_SECRET" in lines
