"""No key in the logs: uvicorn's lines show neither the organiser secret nor links' tokens nor join codes."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from websockets.sync.client import connect

from app.core.config import Settings
from app.core.logmask import MaskSecrets, mask_path, uvicorn_log_config
from app.main import create_app
from tests.conftest import SECRET, free_port
from tests.support.live import REQUEST_TIMEOUT


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/f/Zx3_-abc/klok/start", "/f/***/klok/start"),
        ("/d/Zx3_-abc", "/d/***"),
        ("/g/Zx3_-abc/rad/draaien", "/g/***/rad/draaien"),
        ("/j/ACDEFG/kamer", "/j/***/kamer"),
        ("/api/j/ACDEFG/questions/3/answer", "/api/j/***/questions/3/answer"),
        ("/api/f/Zx3_-abc/themes/proposal", "/api/f/***/themes/proposal"),
        ("/ws/fv/Zx3_-abc", "/ws/fv/***"),
        ("/ws/j/ACDEFG/thema", "/ws/j/***/thema"),
        ("/qr/ACDEFG.svg", "/qr/***.svg"),
        ("/meedoen?code=ACDEFG", "/meedoen?code=***"),
        ("/organisator?sleutel=geheim&melding=x", "/organisator?sleutel=***&melding=***"),
        ("/organisator/bijeenkomsten/3/export/plan/12.docx", "/organisator/bijeenkomsten/3/export/plan/12.docx"),
        ("/static/app.css", "/static/app.css"),
    ],
)
def test_paths_are_masked(path: str, logged: str) -> None:
    assert mask_path(path) == logged


def test_the_filter_rewrites_only_path_arguments() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        "",
        0,
        '%s - "%s %s HTTP/%s" %d',
        ("1.2.3.4:5", "GET", "/j/ACDEFG", "1.1", 200),
        None,
    )
    assert MaskSecrets().filter(record)
    assert record.getMessage() == '1.2.3.4:5 - "GET /j/*** HTTP/1.1" 200'


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def logged_server(tmp_path: Path) -> Iterator[tuple[str, Lines]]:
    """The app under uvicorn as `python -m app` runs it with ZELFSCAN_ACCESS_LOG on; every log line collected."""
    port = free_port()
    app = create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET, public_url=f"http://127.0.0.1:{port}"))
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_config=uvicorn_log_config(), log_level="info", access_log=True
    )
    server = uvicorn.Server(config)
    collected = Lines()
    loggers = [logging.getLogger(name) for name in ("uvicorn.access", "uvicorn.error")]
    for logger in loggers:
        logger.addHandler(collected)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", collected
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        for logger in loggers:
            logger.removeHandler(collected)


def test_no_secret_token_or_code_reaches_the_log(logged_server: tuple[str, Lines]) -> None:
    url, log = logged_server
    with httpx.Client(base_url=url, timeout=REQUEST_TIMEOUT) as browser:
        links = browser.post(
            "/api/meetings",
            json={"region": "Regio", "date": "2026-12-01", "municipalities": ["Amstelveen"]},
            headers={"Authorization": f"Bearer {SECRET}"},
        ).json()
        code = links["join_code"]
        tokens = [links[name].rsplit("/", 1)[1] for name in ("facilitator_url", "display_url", "gespreksleider_url")]
        browser.get("/organisator", params={"sleutel": SECRET})  # an old bookmark
        browser.post("/organisator/inloggen", data={"sleutel": SECRET})
        browser.post("/organisator/uitloggen")
        browser.get("/meedoen", params={"code": code})
        browser.post(f"/api/j/{code}/join", json={"municipality_id": 1})
        browser.get(f"/j/{code}/kamer")
        browser.get(f"/qr/{code}.svg")
        for name in ("facilitator_url", "display_url", "gespreksleider_url"):
            assert browser.get(httpx.URL(links[name]).path).status_code == 200
    for path in (f"/ws/d/{tokens[1]}", f"/ws/j/{code}"):
        with contextlib.suppress(Exception), connect(f"{url.replace('http', 'ws')}{path}", open_timeout=5):
            pass
    # (uvicorn writes each line before it sends the response or the handshake's answer: nothing to wait for)

    lines = "\n".join(log.lines)
    assert "/organisator?sleutel=***" in lines and "/meedoen?code=***" in lines
    assert "/j/***/kamer" in lines and "/qr/***.svg" in lines and "/f/***" in lines
    assert '"WebSocket /ws/d/***"' in lines and '"WebSocket /ws/j/***"' in lines
    for key in (SECRET, code, *tokens):
        assert key not in lines, key
