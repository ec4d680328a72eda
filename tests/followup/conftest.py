"""Helpers for the follow-up tests: a phone is the shared client with one participant's cookie."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Meeting, Participant


class Phone:
    def __init__(self, client: TestClient, meeting: Meeting, participant: Participant) -> None:
        self.client = client
        self.meeting = meeting
        self.participant = participant

    def post(self, path: str, **kwargs: Any) -> Any:
        self.client.cookies.clear()
        self.client.cookies.set(f"zs_p_{self.meeting.join_code}", self.participant.token)
        return self.client.post(path, **kwargs)

    def websocket(self, path: str | None = None) -> Any:
        self.client.cookies.clear()
        self.client.cookies.set(f"zs_p_{self.meeting.join_code}", self.participant.token)
        return self.client.websocket_connect(path or f"/ws/j/{self.meeting.join_code}")

    def get(self, path: str, **kwargs: Any) -> Any:
        self.client.cookies.clear()
        self.client.cookies.set(f"zs_p_{self.meeting.join_code}", self.participant.token)
        return self.client.get(path, **kwargs)


@pytest.fixture
def phone(client: TestClient, make_meeting: Any) -> Any:
    def _phone(meeting: Meeting, municipality: str, name: str = "") -> Phone:
        return Phone(client, meeting, make_meeting.participant(meeting, municipality, name=name))

    return _phone


@pytest.fixture
def go_to_block(session: Session) -> Any:
    """Put the meeting's programme at block `position` (as the facilitator's "volgende" would)."""

    def _go(meeting: Meeting, position: int) -> None:
        meeting.current_block = position
        session.add(meeting)
        session.commit()

    return _go
