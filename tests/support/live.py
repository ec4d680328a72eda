"""Helpers for tests against the real server (`live_server`): its factory and a phone per person."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from sqlmodel import Session, SQLModel, func, select

from app.meetings.models import Meeting, Participant
from tests.conftest import SECRET, LiveServer, MeetingFactory
from tests.support.pages import as_pages_do, browser_cookies

# Seconds a test client waits for an answer: a first render on a busy machine (up to 6 s seen with the load at
# 15 on two cores) must not fail a test; only reached when something hangs.
REQUEST_TIMEOUT = 30.0


@contextmanager
def factory_on(server: LiveServer) -> Iterator[MeetingFactory]:
    """The meeting factory, writing into the live server's database."""
    with Session(server.app.state.engine, expire_on_commit=False) as session:
        yield MeetingFactory(session, server.app.state.catalog)


@contextmanager
def phone_on(server: LiveServer, meeting: Meeting, person: Participant) -> Iterator[httpx.Client]:
    """A participant's own phone: their own client and cookie, so their own request thread and session."""
    cookies = browser_cookies({f"zs_p_{meeting.join_code}": person.token})
    with httpx.Client(base_url=server.url, cookies=cookies, timeout=REQUEST_TIMEOUT) as client:
        yield as_pages_do(client)


@contextmanager
def browser_on(server: LiveServer, *, organiser: bool = False) -> Iterator[httpx.Client]:
    """Someone's own client without a participant cookie (a link holder, or the organiser)."""
    headers = {"Authorization": f"Bearer {SECRET}"} if organiser else {}
    with httpx.Client(base_url=server.url, headers=headers, timeout=REQUEST_TIMEOUT) as client:
        yield as_pages_do(client)


def count(server: LiveServer, model: type[SQLModel], *where: object) -> int:
    """How many rows of `model` the live server's database holds (matching `where`)."""
    with Session(server.app.state.engine) as session:
        return int(session.exec(select(func.count()).select_from(model).where(*where)).one())  # type: ignore[arg-type]
