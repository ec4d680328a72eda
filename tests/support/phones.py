"""The one simulated phone of the HTTP tests: a participant's own cookie over the shared test client."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.meetings.models import Meeting, Participant
from tests.support.pages import browser_cookies


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
        response = self.get(f"/api/j/{self.code}/room")
        assert response.status_code == 200, response.text
        return response.json()

    def answer(self, number: int, base_version: int = 0, **fields: Any) -> Any:
        return self.post(f"/api/j/{self.code}/questions/{number}/answer", json={"base_version": base_version, **fields})

    def give_view(self, number: int, status: str) -> Any:
        return self.post(f"/api/j/{self.code}/questions/{number}/view", json={"status": status})

    def websocket(self, path: str | None = None) -> Any:
        self._use_my_cookies()
        return self.client.websocket_connect(path or f"/ws/j/{self.code}")

    @property
    def participant(self) -> Participant:
        """The participant behind this phone (read from the app's database)."""
        engine = self.client.app.state.engine  # type: ignore[attr-defined]
        with Session(engine, expire_on_commit=False) as session:
            found = session.get(Participant, self.participant_id)
        assert found is not None
        return found


def join_by_api(client: TestClient, code: str, municipality_id: int, name: str = "") -> Phone:
    """A phone that joins through POST /api/j/{code}/join and keeps the cookie it was given."""
    client.cookies.clear()
    response = client.post(f"/api/j/{code}/join", json={"municipality_id": municipality_id, "name": name})
    assert response.status_code == 201, response.text
    cookies = {c.name: c.value for c in client.cookies.jar}
    client.cookies.clear()
    return Phone(client, code, municipality_id, cookies, response.json()["participant_id"])


def phone_of(client: TestClient, meeting: Meeting, participant: Participant) -> Phone:
    """A phone for a participant made by the factory (no HTTP join)."""
    cookies = browser_cookies({f"zs_p_{meeting.join_code}": participant.token})
    return Phone(client, meeting.join_code, participant.municipality_id, cookies, participant.id or 0)


@pytest.fixture
def phone(client: TestClient, make_meeting: Any) -> Any:
    """Factory: `phone(meeting, "Bussum", name="Anna")` joins through the factory and returns the phone."""

    def _phone(meeting: Meeting, municipality: str, name: str = "") -> Phone:
        return phone_of(client, meeting, make_meeting.participant(meeting, municipality, name=name))

    return _phone
