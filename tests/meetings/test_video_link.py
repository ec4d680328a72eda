"""The video link is an http(s) link or nothing: a `javascript:` link is refused and never rendered as a link."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.conftest import sign_in

HOSTILE_LINKS = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/call",
    "zoom.us/j/123",
    "https://",
]
NEW_MEETING = {"region": "Regio Amstelland", "date": "2026-12-01", "municipalities": ["Amstelveen"]}


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_a_link_that_is_not_http_is_refused_in_dutch(
    client: TestClient, organiser_headers: dict[str, str], link: str
) -> None:
    response = client.post("/api/meetings", json={**NEW_MEETING, "video_link": link}, headers=organiser_headers)

    assert response.status_code == 422
    assert response.json()["detail"] == "De invoer klopt niet."
    assert response.json()["errors"] == [
        "video_link: moet een link zijn die begint met https:// of http:// (bijvoorbeeld https://zoom.us/j/123)"
    ]


@pytest.mark.parametrize("link", ["https://zoom.us/j/123?pwd=abc", "http://teams.example/meet", ""])
def test_http_links_are_kept_as_typed(client: TestClient, organiser_headers: dict[str, str], link: str) -> None:
    response = client.post("/api/meetings", json={**NEW_MEETING, "video_link": link}, headers=organiser_headers)

    assert response.status_code == 201


def test_the_organiser_forms_refuse_it_too(client: TestClient, make_meeting: Any) -> None:
    meeting = make_meeting()
    sign_in(client)
    headers = {"accept": "application/json"}
    created = client.post(
        "/organisator/bijeenkomsten",
        data={"region": "Regio", "date": "2027-02-01", "municipalities": "Amstelveen", "video_link": "javascript:x"},
        headers=headers,
    )
    changed = client.post(
        f"/organisator/bijeenkomsten/{meeting.id}/gegevens",
        data={
            "region": "Regio",
            "date": "2027-02-01",
            "start_time": "09:00",
            "privacy_mode": "named",
            "video_link": "javascript:x",
        },
        headers=headers,
    )

    for response in (created, changed):
        assert response.status_code == 422
        assert response.json()["errors"][0].startswith("video_link: moet een link zijn die begint met https://")


def test_a_hostile_link_stored_before_is_not_rendered_as_a_link(
    client: TestClient, session: Session, make_meeting: Any, phone: Any, go_to_block: Any
) -> None:
    meeting = make_meeting(video_link="https://zoom.us/j/1")
    anna = phone(meeting, "Amstelveen")
    go_to_block(meeting, 0)  # a plenary block: the room points to the video call
    assert 'href="https://zoom.us/j/1"' in anna.get(f"/j/{meeting.join_code}/kamer").text

    meeting.video_link = "javascript:alert(1)"  # as an older version could have stored it
    session.add(meeting)
    session.commit()

    room = anna.get(f"/j/{meeting.join_code}/kamer").text
    assert "javascript:" not in room and "de videoverbinding" not in room
