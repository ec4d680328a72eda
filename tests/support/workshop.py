"""A workshop for the HTTP tests: a meeting made by the factory, its phones and its clock."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.meetings import service as meetings
from app.meetings.models import Meeting
from tests.support.phones import Phone, join_by_api

# Position of "Aan de slag met het invullen van de zelfscan: 1e blok" (questions 1-14) in the startbijeenkomst.
FIRST_ZELFSCAN_BLOCK = 5


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
        return self.client.post(f"/api/f/{self.meeting.facilitator_token}/clock/{action}")

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


@pytest.fixture
def go_to_block(session: Session) -> Any:
    """Put the meeting's programme at block `position` (as the facilitator's "volgende" would)."""

    def _go(meeting: Meeting, position: int) -> None:
        meeting.current_block = position
        session.add(meeting)
        session.commit()

    return _go
