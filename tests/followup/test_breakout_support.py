"""Help calls, the facilitator's messages to the rooms, and agreements in "Hoe gaan we verder?"."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.followup.models import Agreement, HelpCall, RoomMessage

JSON = {"accept": "application/json"}
CLOSING_BLOCK = 10  # "Hoe gaan we verder?" in the startbijeenkomst


def receive_until(socket: Any, marker: str, limit: int = 5) -> str:
    for _ in range(limit):
        message = socket.receive_text()
        if marker in message:
            return message
    raise AssertionError(f"no message with {marker!r} in {limit} messages")


def test_room_calls_for_help_and_facilitator_sees_which_room_and_clears_it(
    client: TestClient, make_meeting: Any, session: Session, phone: Any
) -> None:
    meeting = make_meeting()
    anna = phone(meeting, "Bussum", name="Anna")
    room = anna.get(f"/j/{meeting.join_code}/kamer").text
    assert "Hulp nodig" in room
    response = anna.post(f"/j/{meeting.join_code}/hulp")
    assert response.status_code == 200 and "komt zo langs" in response.text
    anna.post(f"/j/{meeting.join_code}/hulp")  # calling twice keeps one open call
    calls = list(session.exec(select(HelpCall)))
    assert len(calls) == 1
    dashboard = client.get(f"/f/{meeting.facilitator_token}").text  # may be projected: anonymised, by letter
    assert "<strong>Gemeente B</strong> vraagt om hulp sinds" in dashboard and "Bussum" not in dashboard
    panel = client.get(f"/f/{meeting.facilitator_token}/vervolg").text  # the facilitator's own panel names the room
    assert "<strong>Bussum</strong> vraagt om hulp sinds" in panel
    assert "vraagt om hulp" not in client.get(f"/d/{meeting.display_token}").text  # not on the projector
    assert "Hulpvragen" not in client.get(f"/d/{meeting.display_token}").text
    assert client.post(f"/f/{meeting.facilitator_token}/hulp/{calls[0].id}/afgehandeld").status_code == 204
    assert "vraagt om hulp sinds" not in client.get(f"/f/{meeting.facilitator_token}").text
    assert "Hulp nodig" in anna.get(f"/j/{meeting.join_code}/kamer").text


def test_only_a_participant_can_call_for_help(client: TestClient, make_meeting: Any, session: Session) -> None:
    meeting = make_meeting()
    client.cookies.clear()
    assert client.post(f"/j/{meeting.join_code}/hulp", headers=JSON).status_code in (401, 403, 404)
    assert client.post("/f/wrong/hulp/1/afgehandeld", headers=JSON).status_code == 404
    assert list(session.exec(select(HelpCall))) == []


def test_message_to_all_rooms_and_to_one_room(
    client: TestClient, make_meeting: Any, session: Session, phone: Any
) -> None:
    meeting = make_meeting()
    anna, carla = phone(meeting, "Amstelveen"), phone(meeting, "Castricum")
    token = meeting.facilitator_token
    assert client.post(f"/f/{token}/berichten", data={"text": "Nog 5 minuten!"}).status_code == 204
    assert (
        client.post(
            f"/f/{token}/berichten",
            data={"text": "Castricum, kom even terug.", "municipality_id": str(carla.participant.municipality_id)},
        ).status_code
        == 204
    )
    anna_room, carla_room = (
        anna.get(f"/j/{meeting.join_code}/kamer").text,
        carla.get(f"/j/{meeting.join_code}/kamer").text,
    )
    assert "Nog 5 minuten!" in anna_room and "Nog 5 minuten!" in carla_room
    assert "kom even terug" in carla_room and "kom even terug" not in anna_room


def test_bad_messages_are_refused_with_a_dutch_message(client: TestClient, make_meeting: Any, session: Session) -> None:
    meeting = make_meeting()
    token = meeting.facilitator_token
    empty = client.post(f"/f/{token}/berichten", data={"text": "   "}, headers=JSON)
    assert empty.status_code == 422 and "niet leeg" in empty.json()["detail"]
    long = client.post(f"/f/{token}/berichten", data={"text": "x" * 281}, headers=JSON)
    assert long.status_code == 422 and "te lang" in " ".join(long.json()["errors"])
    assert client.post("/f/niet-goed/berichten", data={"text": "Hoi"}, headers=JSON).status_code == 404
    assert list(session.exec(select(RoomMessage))) == []


def test_message_appears_live_on_the_room_screen(client: TestClient, make_meeting: Any, phone: Any) -> None:
    meeting = make_meeting()
    anna = phone(meeting, "Amstelveen")
    with anna.websocket() as socket:
        socket.receive_text()  # the full state
        client.cookies.clear()
        assert (
            client.post(
                f"/f/{meeting.facilitator_token}/berichten", data={"text": "Welkom terug in de kamer"}
            ).status_code
            == 204
        )
        pushed = receive_until(socket, "Welkom terug in de kamer")
    assert 'id="room-extras"' in pushed and anna.participant.token not in pushed


def test_agreements_are_shown_on_the_dashboard_as_they_are_written(
    client: TestClient, make_meeting: Any, session: Session, go_to_block: Any
) -> None:
    meeting = make_meeting()
    go_to_block(meeting, CLOSING_BLOCK)
    token = meeting.facilitator_token
    assert "Nog geen afspraken vastgelegd" in client.get(f"/d/{meeting.display_token}").text
    with client.websocket_connect(f"/ws/d/{meeting.display_token}") as socket:
        socket.receive_text()
        assert (
            client.post(
                f"/f/{token}/afspraken",
                data={
                    "kind": "action",
                    "what": "Resultaten naar de portefeuillehouders",
                    "who": "Ambtenaren",
                    "when": "1 februari",
                },
            ).status_code
            == 204
        )
        pushed = receive_until(socket, "Resultaten naar de portefeuillehouders")
    assert "Actiepunt" in pushed and "wie: Ambtenaren" in pushed and "wanneer: 1 februari" in pushed
    client.post(f"/f/{token}/afspraken", data={"what": "Follow-up in maart"})
    display = client.get(f"/d/{meeting.display_token}").text
    assert display.index("Resultaten naar de portefeuillehouders") < display.index("Follow-up in maart")


def test_an_agreement_without_what_is_refused(client: TestClient, make_meeting: Any, session: Session) -> None:
    meeting = make_meeting()
    token = meeting.facilitator_token
    response = client.post(f"/f/{token}/afspraken", data={"what": "  ", "who": "Iemand"}, headers=JSON)
    assert response.status_code == 422 and "Vul in wat er is afgesproken" in response.json()["detail"]
    assert client.post(f"/f/{token}/afspraken", data={"what": "x", "kind": "wens"}, headers=JSON).status_code == 422
    assert list(session.exec(select(Agreement))) == []


def test_facilitator_dashboard_hears_the_help_call_live(client: TestClient, make_meeting: Any, phone: Any) -> None:
    meeting = make_meeting()
    bram = phone(meeting, "Bussum", name="Bram")
    client.cookies.clear()
    with client.websocket_connect(f"/ws/f/{meeting.facilitator_token}") as socket:
        socket.receive_text()
        assert bram.post(f"/j/{meeting.join_code}/hulp").status_code == 200
        pushed = receive_until(socket, "vraagt om hulp sinds")
    assert "<strong>Gemeente B</strong>" in pushed and "Bussum" not in pushed  # the push follows the policy too
