"""Shared fixtures: a fresh SQLite database per test, the app, clients and factories."""

from __future__ import annotations

import datetime as dt
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.catalog.loader import Catalog, load_catalog
from app.core.config import Settings
from app.main import create_app
from app.meetings import participants
from app.meetings import service as meetings
from app.meetings.models import Meeting, Participant
from app.meetings.schemas import JoinRequest, MeetingCreate
from app.signin.models import FIRST_ADMINISTRATOR
from tests.support.pages import as_pages_do

pytest_plugins = [
    "tests.support.phones",
    "tests.support.workshop",
    "tests.support.browser",
    "tests.support.backends",  # SQLite, or PostgreSQL + Redis with ZELFSCAN_TEST_BACKEND=postgres
]

SECRET = "test-organiser-secret"


@pytest.fixture(autouse=True, scope="session")
def _join_codes_stay_open() -> Iterator[None]:
    """The tests' meetings have fixed dates (1 December 2026): keep their codes open whatever day the suite runs.

    Tests of the expiry pass `join_code_days` themselves.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ZELFSCAN_JOIN_CODE_DAYS", "36500")
        yield


def sign_in(client: Any, secret: str = SECRET) -> None:
    """Sign the organiser in as a browser does: open the page, post the secret with the page's form token."""
    page = client.get("/organisator")
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    data = {"sleutel": secret, **({"csrf_token": form_token.group(1)} if form_token else {})}
    response = client.post("/organisator/inloggen", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, organiser_secret=SECRET)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield as_pages_do(test_client)


@pytest.fixture
def organiser_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {SECRET}"}


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def session(app: FastAPI) -> Iterator[Session]:
    with Session(app.state.engine, expire_on_commit=False) as db:
        yield db


@dataclass
class MeetingFactory:
    session: Session
    catalog: Catalog

    def __call__(
        self, municipalities: tuple[str, ...] = ("Amstelveen", "Bussum", "Castricum"), **fields: Any
    ) -> Meeting:
        organiser_id = fields.pop("organiser_id", FIRST_ADMINISTRATOR)  # the instance key's account (SECRET)
        data = MeetingCreate(
            region=fields.pop("region", "Regio Testland"),
            date=fields.pop("date", dt.date(2026, 12, 1)),
            municipalities=list(municipalities),
            **fields,
        )
        return meetings.create_meeting(session=self.session, catalog=self.catalog, data=data, organiser_id=organiser_id)

    def participant(self, meeting: Meeting, municipality: str, name: str = "", role: str = "") -> Participant:
        by_name = {m.name: m for m in meetings.municipalities_of(session=self.session, meeting=meeting)}
        return participants.join(
            session=self.session,
            meeting=meeting,
            data=JoinRequest(municipality_id=by_name[municipality].id or 0, name=name, role=role),
        )  # type: ignore[arg-type]


@pytest.fixture
def make_meeting(session: Session, catalog: Catalog) -> MeetingFactory:
    return MeetingFactory(session, catalog)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    app: FastAPI
    server: uvicorn.Server


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    """The real app on a real port (uvicorn in a thread), for browsers and websocket clients."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    application = create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET, public_url=url))
    server = uvicorn.Server(
        uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning", ws="websockets-sansio")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("live server did not start within 15 s")
        time.sleep(0.02)
    yield LiveServer(url, application, server)
    server.should_exit = True
    thread.join(timeout=10)
