"""Request bodies are limited while they arrive: an oversized one is refused (413, in Dutch) before it is parsed."""

from __future__ import annotations

import asyncio
import select
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session
from sqlmodel import select as sql_select

from app.core.limits import BODY_LIMIT
from app.exports.importer import MAX_IMPORT_BYTES
from app.followup.models import PlanRow
from tests.support.server import memory_kib, server_process

CHUNK = 64 * 1024
MB = 1024 * 1024
TOO_LARGE = "Het verzoek is te groot: hier kan hoogstens 256 kB worden verstuurd."
SECRET = "test-organiser-secret"


class Upload:
    """A request body that arrives in chunks, counting how much of it the app pulled in."""

    def __init__(self, total: int, start: bytes = b"") -> None:
        self.total = total
        self.pulled = 0
        self.start = start

    def chunks(self) -> Iterator[bytes]:
        sent = 0
        while sent < self.total:
            piece = (self.start if sent == 0 else b"") + b"x" * CHUNK
            sent += len(piece)
            yield piece


def call(app: FastAPI, method: str, path: str, headers: dict[str, str], upload: Upload) -> tuple[int, str, Upload]:
    """Call the ASGI app directly with `upload` as the streamed body; (status, body text, upload)."""
    chunks = upload.chunks()
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        piece = next(chunks, None)
        if piece is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        upload.pulled += len(piece)
        return {"type": "http.request", "body": piece, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body.decode(), upload


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/api/meetings", {"content-type": "application/json"}),
        ("/api/j/BADCOD/join", {"content-type": "application/json"}),
        ("/j/BADCOD", {"content-type": "application/x-www-form-urlencoded"}),
        ("/organisator/bijeenkomsten", {"content-type": "application/x-www-form-urlencoded"}),
    ],
)
def test_a_50_mb_body_is_refused_once_the_limit_is_read_not_read_whole(
    app: FastAPI, path: str, headers: dict[str, str]
) -> None:
    status, text, upload = call(app, "POST", path, headers, Upload(50 * MB, start=b'{"name": "'))

    assert status == 413
    assert TOO_LARGE in text
    assert upload.pulled <= BODY_LIMIT + CHUNK, "the app stopped reading at the limit"


def test_a_too_large_content_length_is_refused_before_one_byte_is_read(app: FastAPI) -> None:
    headers = {"content-type": "application/json", "content-length": str(200 * MB)}

    status, text, upload = call(app, "POST", "/api/meetings", headers, Upload(200 * MB))

    assert status == 413
    assert TOO_LARGE in text
    assert upload.pulled == 0


def test_a_page_gets_the_refusal_as_a_dutch_page(app: FastAPI) -> None:
    headers = {"content-type": "application/x-www-form-urlencoded", "content-length": str(BODY_LIMIT + 1)}

    status, text, _ = call(app, "POST", "/j/BADCOD", headers, Upload(BODY_LIMIT + 1))

    assert status == 413
    assert '<html lang="nl">' in text and TOO_LARGE in text


def test_the_import_takes_a_file_up_to_its_own_limit(client: TestClient, workshop: Any) -> None:
    bearer = {"Authorization": f"Bearer {SECRET}"}
    url = f"/api/meetings/{workshop.meeting.id}/import"

    too_large = client.post(url, headers=bearer, files={"file": ("a.csv", b"x" * (MAX_IMPORT_BYTES + 100 * 1024))})
    accepted = client.post(
        url, headers=bearer, files={"file": ("a.csv", b"gemeente,vraag,antwoord\n" + b",\n" * (MB // 2))}
    )

    assert too_large.status_code == 413
    assert too_large.json()["detail"] == "Het verzoek is te groot: hier kan hoogstens 5 MB worden verstuurd."
    assert accepted.status_code == 422, "a 1 MB file reaches the importer"
    assert "er staan geen antwoorden in" in accepted.json()["detail"]


def test_the_largest_legitimate_forms_fit(
    client: TestClient, make_meeting: Any, session: Session, phone: Any, workshop: Any
) -> None:
    """A plan row with all seven texts full, and a room answer with both texts full, of accented Dutch."""
    text = "é" * 4000  # percent-encoded: 24,000 bytes each
    follow_up = make_meeting(agenda_key="follow-up")
    anna = phone(follow_up, "Bussum")
    row = {name: text for name in ("huidige_stand", "verbeteractie", "beoogd_resultaat", "wie", "planning", "kosten")}

    plan = anna.post(f"/j/{follow_up.join_code}/plan/regels", data={"group": "4-5-7-8", "maatregel": text, **row})
    answer = workshop.join("Amstelveen").post(
        f"/j/{workshop.code}/vraag/3/antwoord", data={"base_version": 0, "toelichting": text, "nuancering": text}
    )

    assert plan.status_code == 200, plan.text
    assert session.exec(sql_select(PlanRow)).one().kosten == text
    assert answer.status_code == 200, answer.text


# --- The real server: its memory stays flat while a hostile client sends 50 MB. ------------------


def post_streaming(url: str, path: str, *, total: int, headers: str = "") -> tuple[int, bytes, int]:
    """POST a chunked JSON body of `total` bytes over a raw socket, stopping as soon as the server answers.

    Returns (status, response body, bytes sent). A polite client stops sending when it is answered early.
    """
    address = urlsplit(url)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: {address.netloc}\r\nContent-Type: application/json\r\n"
            f"Transfer-Encoding: chunked\r\n{headers}\r\n".encode()
        )
        sent = 0
        first = b'{"municipality_id": 1, "name": "'
        while sent < total:
            if select.select([sock], [], [], 0)[0]:
                break  # answered before the body was complete
            piece = (first if sent == 0 else b"") + b"x" * CHUNK
            sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
        else:
            sock.sendall(b'2\r\n"}\r\n0\r\n\r\n')
        return (*read_response(sock), sent)


def read_response(sock: socket.socket) -> tuple[int, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(65536)
        if not piece:
            break
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")), 0
    )
    while len(body) < length:
        piece = sock.recv(65536)
        if not piece:
            break
        body += piece
    return int(head.split(b" ", 2)[1]), body


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_server_refuses_50_mb_bodies_with_flat_memory(tmp_path: Path) -> None:
    with server_process(tmp_path, SECRET) as (process, url):
        post_streaming(url, "/api/j/BADCOD/join", total=CHUNK)  # warm up: every code path has run once
        before = memory_kib(process.pid)

        results = [post_streaming(url, path, total=50 * MB) for path in ("/api/j/BADCOD/join", "/api/meetings")]

        after = memory_kib(process.pid)
        address = urlsplit(url)
        with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
            sock.sendall(
                f"POST /api/meetings HTTP/1.1\r\nHost: {address.netloc}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {200 * MB}\r\n\r\n".encode()
            )
            declared = read_response(sock)  # answered at once, though not one byte of the body was sent

    for status, body, sent in results:
        assert status == 413
        assert TOO_LARGE.encode() in body
        assert sent < 20 * MB, "the client was answered long before its 50 MB were sent"
    assert declared[0] == 413 and TOO_LARGE.encode() in declared[1]
    assert after - before < 20 * 1024, f"peak memory grew by {(after - before) // 1024} MB"
