"""A join code closes `ZELFSCAN_JOIN_CODE_DAYS` (default 7) after its meeting's date: the meeting is over."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session
from starlette.websockets import WebSocketDisconnect

from app.catalog.loader import load_catalog
from app.core.config import Settings
from app.core.errors import Gone
from app.core.times import today_local
from app.main import create_app
from app.meetings import service as meetings
from app.meetings.models import Meeting
from tests.conftest import SECRET, MeetingFactory, sign_in
from tests.support.pages import as_pages_do
from tests.support.phones import phone_of


@pytest.fixture
def week_app(tmp_path: Path) -> FastAPI:
    return create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET, join_code_days=7))


@pytest.fixture
def week_client(week_app: FastAPI) -> Iterator[TestClient]:
    with as_pages_do(TestClient(week_app)) as client:
        yield client


@pytest.fixture
def factory(week_app: FastAPI) -> Iterator[MeetingFactory]:
    with Session(week_app.state.engine, expire_on_commit=False) as session:
        yield MeetingFactory(session, load_catalog())


def days_ago(days: int) -> dt.date:
    return today_local() - dt.timedelta(days=days)


def test_default_is_seven_days(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ZELFSCAN_JOIN_CODE_DAYS")
    assert Settings(data_dir=tmp_path).join_code_days == 7


def test_an_expired_code_is_refused_in_dutch_at_every_door(week_client: TestClient, factory: MeetingFactory) -> None:
    meeting = factory(date=days_ago(8))
    code = meeting.join_code

    page = week_client.get(f"/meedoen?code={code}")
    assert page.status_code == 410 and "Deze bijeenkomst is voorbij" in page.text
    assert f"gold tot en met {days_ago(1):%d-%m-%Y}" in page.text
    assert week_client.get(f"/j/{code}").status_code == 410
    joined = week_client.post(f"/api/j/{code}/join", json={"municipality_id": 1})
    assert joined.status_code == 410 and joined.json()["detail"].startswith("Deze bijeenkomst is voorbij")
    assert week_client.get(f"/qr/{code}.svg").status_code == 410


def test_people_already_in_are_out_too_once_the_code_closes(week_client: TestClient, factory: MeetingFactory) -> None:
    meeting = factory(date=days_ago(8))
    anna = phone_of(week_client, meeting, factory.participant(meeting, "Amstelveen", name="Anna"))

    assert anna.get(f"/j/{meeting.join_code}/kamer").status_code == 410
    assert anna.answer(1, status="op_orde").status_code == 410


def test_the_code_works_through_its_last_day(week_client: TestClient, factory: MeetingFactory) -> None:
    meeting = factory(date=days_ago(7))
    assert week_client.get(f"/j/{meeting.join_code}").status_code == 200


def test_moving_the_date_reopens_the_code(week_client: TestClient, factory: MeetingFactory) -> None:
    meeting = factory(date=days_ago(30))
    assert week_client.get(f"/j/{meeting.join_code}").status_code == 410

    sign_in(week_client)
    form = {"region": meeting.region, "date": today_local().isoformat(), "start_time": "09:00", "privacy_mode": "named"}
    saved = week_client.post(f"/organisator/bijeenkomsten/{meeting.id}/gegevens", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    week_client.cookies.clear()
    assert week_client.get(f"/j/{meeting.join_code}").status_code == 200


def test_an_expired_code_is_no_wrong_guess(week_client: TestClient, factory: MeetingFactory) -> None:
    meeting = factory(date=days_ago(8))
    statuses = {week_client.get(f"/j/{meeting.join_code}").status_code for _ in range(40)}
    assert statuses == {410}


@pytest.mark.parametrize(
    ("days", "today", "open_"),
    [
        (7, dt.date(2026, 12, 1), True),
        (7, dt.date(2026, 12, 8), True),
        (7, dt.date(2026, 12, 9), False),
        (0, dt.date(2026, 12, 1), True),
        (0, dt.date(2026, 12, 2), False),
        (7, dt.date(2026, 11, 1), True),  # long before the meeting
    ],
)
def test_the_rule(days: int, today: dt.date, open_: bool) -> None:
    meeting = Meeting(date=dt.date(2026, 12, 1), join_code="ACDEFG")  # type: ignore[call-arg]
    if open_:
        meetings.check_join_code_open(meeting=meeting, days=days, today=today)
    else:
        with pytest.raises(Gone):
            meetings.check_join_code_open(meeting=meeting, days=days, today=today)


def test_a_phone_socket_of_an_expired_code_is_closed(week_client: TestClient, factory: MeetingFactory) -> None:
    meeting = factory(date=days_ago(8))
    anna = factory.participant(meeting, "Bussum", name="Anna")
    phone = phone_of(week_client, meeting, anna)
    for path in (None, f"/ws/j/{meeting.join_code}/thema", f"/ws/j/{meeting.join_code}/plan"):
        with pytest.raises(WebSocketDisconnect) as closed, phone.websocket(path) as socket:
            socket.receive_text()
        assert closed.value.code == 4403


def test_a_phone_socket_of_an_open_code_still_connects(week_client: TestClient, factory: MeetingFactory) -> None:
    meeting = factory(date=days_ago(7))  # the last day the code is open
    anna = factory.participant(meeting, "Bussum", name="Anna")
    with phone_of(week_client, meeting, anna).websocket() as socket:
        assert 'id="block-status"' in socket.receive_text()
