"""The dashboard's "Weergave": switching to named while the results are on the room's screen is asked first."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.meetings.models import Meeting

RESULTS = 6  # "Eerste resultaten van de zelfscan" in the startbijeenkomst


def _meeting(session: Session, make_meeting: Any, *, results_visible: bool) -> Meeting:
    meeting: Meeting = make_meeting(privacy_mode="anonymised")
    meeting.current_block, meeting.results_visible = RESULTS, results_visible
    session.add(meeting)
    session.commit()
    return meeting


def _mode(session: Session, meeting: Meeting) -> str:
    session.refresh(meeting)
    return meeting.privacy_mode


def test_named_while_results_are_shown_returns_the_question_and_changes_nothing(
    client: TestClient, session: Session, make_meeting: Any
) -> None:
    meeting = _meeting(session, make_meeting, results_visible=True)

    response = client.post(f"/f/{meeting.facilitator_token}/privacy", data={"mode": "named"})

    assert response.status_code == 200
    assert "De resultaten staan op het scherm van de zaal" in response.text
    assert "Ja, namen tonen" in response.text
    assert _mode(session, meeting) == "anonymised"


def test_named_while_results_are_shown_switches_once_confirmed(
    client: TestClient, session: Session, make_meeting: Any
) -> None:
    meeting = _meeting(session, make_meeting, results_visible=True)

    response = client.post(f"/f/{meeting.facilitator_token}/privacy", data={"mode": "named", "bevestigd": "1"})

    assert response.status_code == 200
    assert "Ja, namen tonen" not in response.text
    assert _mode(session, meeting) == "named"


def test_named_while_results_are_hidden_and_any_other_mode_switch_at_once(
    client: TestClient, session: Session, make_meeting: Any
) -> None:
    hidden = _meeting(session, make_meeting, results_visible=False)
    shown = _meeting(session, make_meeting, results_visible=True)

    assert client.post(f"/f/{hidden.facilitator_token}/privacy", data={"mode": "named"}).status_code == 200
    assert client.post(f"/f/{shown.facilitator_token}/privacy", data={"mode": "regional"}).status_code == 200

    assert (_mode(session, hidden), _mode(session, shown)) == ("named", "regional")
