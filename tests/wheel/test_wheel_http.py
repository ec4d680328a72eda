"""The Rad van Fortuin over HTTP: only the gespreksleider or facilitator link spins; all screens agree."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.wheel.models import WheelQuestion, WheelSpin
from app.wheel.rules import SPIN_SECONDS

WHEEL_BLOCK = 1  # "Welkom en korte terugblik" in the follow-up programme has `wheel: true`


def _spins(session: Session) -> list[WheelSpin]:
    session.expire_all()
    return list(session.exec(select(WheelSpin)))


def _landed(html: str) -> str:
    match = re.search(r'id="wheel-question" data-question-id="(\d+)">([^<]+)<', html)
    assert match, "no landed question on this screen"
    return match.group(2)


def test_gespreksleider_page_shows_the_eight_bijlage_2_questions(client: TestClient, make_meeting: Any) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    page = client.get(f"/g/{meeting.gespreksleider_token}")
    assert page.status_code == 200
    assert "Is het gelukt om de zelfscan waarheidsgetrouw in te vullen?" in page.text
    assert page.text.count('class="qtext"') == 8
    assert "Draaien" in page.text


def test_gespreksleider_spins_and_dashboard_and_page_show_the_same_question(
    client: TestClient, make_meeting: Any, session: Session, go_to_block: Any
) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    go_to_block(meeting, WHEEL_BLOCK)
    response = client.post(f"/g/{meeting.gespreksleider_token}/rad/draaien")
    assert response.status_code == 204
    [spin] = _spins(session)
    drawn = session.get(WheelQuestion, spin.question_id)
    assert drawn is not None and spin.by == "gespreksleider" and spin.block_position == WHEEL_BLOCK
    while_turning = [
        client.get(f"/d/{meeting.display_token}").text,
        client.get(f"/g/{meeting.gespreksleider_token}").text,
    ]
    assert all("Het rad draait" in html and 'id="wheel-question"' not in html for html in while_turning)
    spin.drawn_at -= SPIN_SECONDS  # the spin has stopped by now
    session.add(spin)
    session.commit()
    display = client.get(f"/d/{meeting.display_token}").text
    own = client.get(f"/g/{meeting.gespreksleider_token}").text
    assert _landed(display) == _landed(own) == drawn.text
    angles = {re.search(r'data-angle="([-\d.]+)"', html).group(1) for html in (display, own)}  # type: ignore[union-attr]
    assert len(angles) == 1 and float(angles.pop()) > 360


def test_facilitator_can_spin_too(client: TestClient, make_meeting: Any, session: Session) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    assert client.post(f"/f/{meeting.facilitator_token}/rad/draaien").status_code == 204
    assert [s.by for s in _spins(session)] == ["facilitator"]


def test_spinning_without_the_right_link_is_refused_and_changes_nothing(
    client: TestClient, make_meeting: Any, session: Session, phone: Any
) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    wrong = client.post("/g/niet-de-goede-link/rad/draaien", headers={"accept": "application/json"})
    assert wrong.status_code == 404
    assert "gespreksleiderslink is ongeldig" in wrong.json()["detail"]
    assert (
        client.post(f"/g/{meeting.display_token}/rad/draaien").status_code == 404
    )  # the projector link is not a spin link
    assert client.post(f"/d/{meeting.display_token}/rad/draaien").status_code in (404, 405)
    participant = phone(meeting, "Amstelveen")
    assert participant.post(f"/g/{meeting.join_code}/rad/draaien").status_code == 404
    assert client.post(f"/api/meetings/{meeting.id}/wheel/questions", data={"text": "Sneaky?"}).status_code == 403
    assert _spins(session) == []


def test_a_drawn_question_taken_off_the_wheel_is_never_drawn_again(
    client: TestClient, make_meeting: Any, session: Session
) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    base = f"/g/{meeting.gespreksleider_token}/rad"
    client.get(f"/g/{meeting.gespreksleider_token}")  # seeds the wheel
    questions = list(session.exec(select(WheelQuestion).where(WheelQuestion.meeting_id == meeting.id)))
    for q in questions[1:]:
        assert client.post(f"{base}/vragen/{q.id}/verwijderen").status_code == 204
    for _ in range(5):
        assert client.post(f"{base}/draaien").status_code == 204
        _stop_turning(session)
    assert {s.question_id for s in _spins(session)} == {questions[0].id}


def test_an_empty_wheel_says_so_instead_of_spinning(client: TestClient, make_meeting: Any, session: Session) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    base = f"/g/{meeting.gespreksleider_token}/rad"
    client.get(f"/g/{meeting.gespreksleider_token}")
    for q in session.exec(select(WheelQuestion).where(WheelQuestion.meeting_id == meeting.id)):
        client.post(f"{base}/vragen/{q.id}/verwijderen")
    response = client.post(f"{base}/draaien", headers={"accept": "application/json"})
    assert response.status_code == 409
    assert "Het rad is leeg" in response.json()["detail"]
    page = client.get(f"/g/{meeting.gespreksleider_token}").text
    assert "Het rad is leeg" in page and 'id="wheel-spin"' not in page
    assert _spins(session) == []


def test_gespreksleider_and_organiser_edit_the_questions(
    client: TestClient, make_meeting: Any, session: Session, organiser_headers: dict[str, str]
) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    base = f"/g/{meeting.gespreksleider_token}/rad"
    assert client.post(f"{base}/vragen", data={"text": "Wat neem je mee naar huis?"}).status_code == 204
    added = client.post(
        f"/api/meetings/{meeting.id}/wheel/questions", data={"text": "Wie mist er nog?"}, headers=organiser_headers
    )
    assert added.status_code == 201
    assert (
        client.post(f"{base}/vragen/{added.json()['id']}", data={"text": "Wie mist er aan tafel?"}).status_code == 204
    )
    empty = client.post(f"{base}/vragen", data={"text": "   "}, headers={"accept": "application/json"})
    assert empty.status_code == 422 and "mag niet leeg zijn" in empty.json()["detail"]
    listing = client.get(f"/api/meetings/{meeting.id}/wheel", headers=organiser_headers).json()
    texts = [q["text"] for q in listing["questions"]]
    assert len(texts) == 10 and texts[-2:] == ["Wat neem je mee naar huis?", "Wie mist er aan tafel?"]


def test_notes_are_kept_per_drawn_question(
    client: TestClient, make_meeting: Any, session: Session, organiser_headers: dict[str, str]
) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    base = f"/g/{meeting.gespreksleider_token}/rad"
    client.post(f"{base}/draaien")
    [spin] = _spins(session)
    assert (
        client.post(
            f"{base}/vragen/{spin.question_id}/notitie", data={"text": "Veilig Thuis ontbrak bij twee gemeenten."}
        ).status_code
        == 204
    )
    other = next(
        q
        for q in session.exec(select(WheelQuestion).where(WheelQuestion.meeting_id == meeting.id))
        if q.id != spin.question_id
    )
    refused = client.post(
        f"{base}/vragen/{other.id}/notitie", data={"text": "x"}, headers={"accept": "application/json"}
    )
    assert refused.status_code == 422
    drawn = client.get(f"/api/meetings/{meeting.id}/wheel", headers=organiser_headers).json()["drawn"]
    assert drawn == [
        {
            "question_id": spin.question_id,
            "text": drawn[0]["text"],
            "note": "Veilig Thuis ontbrak bij twee gemeenten.",
            "drawn_at": spin.drawn_at,
        }
    ]


def test_dashboard_shows_the_wheel_only_in_a_wheel_block_or_after_a_spin_there(
    client: TestClient, make_meeting: Any, go_to_block: Any
) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    go_to_block(meeting, 2)  # "Belangrijkste uitkomsten": no wheel
    assert 'id="wheel"' not in client.get(f"/d/{meeting.display_token}").text
    go_to_block(meeting, WHEEL_BLOCK)
    assert 'id="wheel"' in client.get(f"/d/{meeting.display_token}").text
    go_to_block(meeting, 2)
    client.post(f"/f/{meeting.facilitator_token}/rad/draaien")
    assert 'id="wheel"' in client.get(f"/d/{meeting.display_token}").text


def test_a_second_spin_while_the_wheel_still_turns_is_refused(
    client: TestClient, make_meeting: Any, session: Session
) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    url = f"/g/{meeting.gespreksleider_token}/rad/draaien"
    assert client.post(url).status_code == 204
    again = client.post(url, headers={"accept": "application/json"})
    assert again.status_code == 409 and "Het rad draait nog" in again.json()["detail"]
    assert len(_spins(session)) == 1
    _stop_turning(session)
    assert client.post(url).status_code == 204
    assert len(_spins(session)) == 2


def _stop_turning(session: Session) -> None:
    """Let every spin so far have landed (as if SPIN_SECONDS had passed)."""
    for spin in _spins(session):
        spin.drawn_at -= SPIN_SECONDS
        session.add(spin)
    session.commit()
