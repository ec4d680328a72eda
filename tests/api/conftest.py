"""Helpers for the API tests: phones (one cookie each) over the shared test client, and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Meeting
from app.services import meetings

# Position of "Aan de slag met het invullen van de zelfscan: 1e blok" (questions 1-14) in the startbijeenkomst.
FIRST_ZELFSCAN_BLOCK = 5


@dataclass
class Phone:
    """One participant's phone: its own participant cookie, over the shared test client.

    All phones share the one TestClient (and so the app's running hub); each request swaps in this
    phone's cookie, like separate browsers would send their own.
    """

    client: TestClient
    code: str
    municipality_id: int
    cookies: dict[str, str] = field(default_factory=dict)
    participant_id: int = 0

    def _use_my_cookies(self) -> None:
        self.client.cookies.clear()
        for name, value in self.cookies.items():
            self.client.cookies.set(name, value)

    def get(self, path: str, **kwargs: Any) -> Any:
        self._use_my_cookies()
        return self.client.get(path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        self._use_my_cookies()
        return self.client.post(path, **kwargs)

    def room(self) -> dict[str, Any]:
        response = self.get(f"/api/j/{self.code}/kamer")
        assert response.status_code == 200, response.text
        return response.json()

    def answer(self, number: int, base_version: int = 0, **fields: Any) -> Any:
        return self.post(f"/api/j/{self.code}/vragen/{number}/antwoord", json={"base_version": base_version, **fields})

    def give_view(self, number: int, status: str) -> Any:
        return self.post(f"/api/j/{self.code}/vragen/{number}/mening", json={"status": status})

    def websocket(self) -> Any:
        self._use_my_cookies()
        return self.client.websocket_connect(f"/ws/j/{self.code}")


def join_by_api(client: TestClient, code: str, municipality_id: int, name: str = "") -> Phone:
    """A phone that joins through POST /api/j/{code}/join and keeps the cookie it was given."""
    client.cookies.clear()
    response = client.post(f"/api/j/{code}/join", json={"municipality_id": municipality_id, "name": name})
    assert response.status_code == 201, response.text
    cookies = {c.name: c.value for c in client.cookies.jar}
    client.cookies.clear()
    return Phone(client, code, municipality_id, cookies, response.json()["participant_id"])


@dataclass
class Workshop:
    """A meeting made by the factory, with helpers to join rooms and run the clock."""

    client: TestClient
    session: Session
    meeting: Meeting

    @property
    def code(self) -> str:
        return self.meeting.join_code

    def municipality_id(self, name: str) -> int:
        by_name = {m.name: m.id for m in meetings.municipalities_of(session=self.session, meeting=self.meeting)}
        return by_name[name] or 0

    def join(self, municipality: str, name: str = "") -> Phone:
        return join_by_api(self.client, self.code, self.municipality_id(municipality), name)

    def clock(self, action: str) -> Any:
        self.client.cookies.clear()
        return self.client.post(f"/api/f/{self.meeting.facilitator_token}/klok/{action}")

    def go_to_block(self, position: int) -> None:
        response = self.clock("start")
        assert response.status_code == 200, response.text
        while response.json()["current_block"] != position:
            response = self.clock("next")
            assert response.status_code == 200, response.text

    def start_first_zelfscan_block(self) -> None:
        """Run the programme to the first breakout, where every room works on questions 1-14."""
        self.go_to_block(FIRST_ZELFSCAN_BLOCK)

    def results(self, organiser_headers: dict[str, str], **params: str) -> dict[str, Any]:
        response = self.client.get(f"/api/meetings/{self.meeting.id}/results", headers=organiser_headers, params=params)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def workshop(client: TestClient, session: Session, make_meeting: Any) -> Workshop:
    """A startbijeenkomst for Amstelveen, Bussum and Castricum, not yet started."""
    return Workshop(client, session, make_meeting())


@pytest.fixture
def other_workshop(client: TestClient, session: Session, make_meeting: Any) -> Workshop:
    """A second meeting in another region, with its own join code and links."""
    return Workshop(client, session, make_meeting(("Diemen", "Edam"), region="Regio Elders"))

