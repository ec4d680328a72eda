"""Access, tested not assumed: the organiser's secret, participants' cookies and the meeting links."""

from __future__ import annotations

import pytest
from starlette.websockets import WebSocketDisconnect

from app.core.deps import participant_cookie

NEW_MEETING = {"region": "Regio Amstelland", "date": "2026-12-01", "municipalities": ["Amstelveen"]}
WRONG_SECRETS = [
    {},
    {"Authorization": "Bearer niet-de-sleutel"},
    {"Authorization": "Bearer "},
    {"Authorization": "Basic dGVzdA=="},
]


@pytest.mark.parametrize("headers", WRONG_SECRETS, ids=["no-secret", "wrong-secret", "empty-secret", "basic-auth"])
def test_organiser_endpoints_refuse_without_the_right_secret(client, workshop, headers):
    meeting_id = workshop.meeting.id
    requests = [
        ("POST", "/api/meetings", {"json": NEW_MEETING}),
        ("GET", f"/api/meetings/{meeting_id}", {}),
        ("GET", f"/api/meetings/{meeting_id}/results", {}),
        ("POST", f"/api/meetings/{meeting_id}/municipalities", {"json": {"name": "Diemen"}}),
    ]
    for method, path, extra in requests:
        response = client.request(method, path, headers=headers, **extra)

        assert response.status_code == 403, (method, path)
        assert response.json()["detail"].startswith("Alleen de organisator heeft toegang"), (method, path)


def test_refused_organiser_request_changes_nothing(client, workshop, organiser_headers):
    client.post(
        f"/api/meetings/{workshop.meeting.id}/municipalities",
        json={"name": "Diemen"},
        headers={"Authorization": "Bearer fout-fout-fout"},
    )

    names = [
        m["name"]
        for m in client.get(f"/api/meetings/{workshop.meeting.id}", headers=organiser_headers).json()["municipalities"]
    ]
    assert "Diemen" not in names


def test_unknown_meeting_without_the_secret_is_403_not_404(client):
    """Without the secret nobody learns which meeting ids exist."""
    assert client.get("/api/meetings/999").status_code == 403


def test_participant_cannot_read_another_meetings_room_with_their_cookie(client, workshop, other_workshop):
    phone = workshop.join("Amstelveen")
    stolen = {participant_cookie(other_workshop.meeting): phone.cookies[participant_cookie(workshop.meeting)]}
    client.cookies.clear()

    for name, value in stolen.items():
        client.cookies.set(name, value)
    read = client.get(f"/api/j/{other_workshop.code}/room")
    write = client.post(
        f"/api/j/{other_workshop.code}/questions/3/answer", json={"base_version": 0, "status": "op_orde"}
    )
    view = client.post(f"/api/j/{other_workshop.code}/questions/3/view", json={"status": "op_orde"})
    page = client.get(f"/j/{other_workshop.code}/kamer")

    for response in (read, write, view, page):
        assert response.status_code == 403
    assert read.json()["detail"] == "Je bent aangemeld bij een andere bijeenkomst."
    assert "Je bent aangemeld bij een andere bijeenkomst." in page.text


def test_write_with_a_cookie_from_another_meeting_stores_nothing(client, workshop, other_workshop, organiser_headers):
    phone = workshop.join("Amstelveen")
    client.cookies.clear()
    client.cookies.set(participant_cookie(other_workshop.meeting), phone.cookies[participant_cookie(workshop.meeting)])
    client.post(f"/api/j/{other_workshop.code}/questions/3/answer", json={"base_version": 0, "status": "op_orde"})

    for w in (workshop, other_workshop):
        results = w.results(organiser_headers, privacy="named")
        assert all(m["answered"] == 0 for m in results["municipalities"])


def test_room_without_a_cookie_or_with_an_unknown_one_is_403(client, workshop):
    client.cookies.clear()
    without = client.get(f"/api/j/{workshop.code}/room")
    client.cookies.set(participant_cookie(workshop.meeting), "verzonnen-token")
    unknown = client.get(f"/api/j/{workshop.code}/room")
    client.cookies.clear()

    assert without.status_code == 403
    assert without.json()["detail"].startswith("Je bent nog niet aangemeld")
    assert unknown.status_code == 403
    assert unknown.json()["detail"].startswith("Je aanmelding is niet (meer) bekend")


def test_participant_room_only_ever_contains_their_own_municipalitys_answers(workshop):
    amstelveen, bussum, castricum = workshop.join("Amstelveen"), workshop.join("Bussum"), workshop.join("Castricum")
    workshop.start_first_zelfscan_block()
    amstelveen.answer(3, status="op_orde", toelichting="Amstelveen: geregeld in het convenant")
    bussum.answer(3, status="niet_op_orde", toelichting="Bussum: nog niet geregeld")
    bussum.answer(4, status="op_orde", toelichting="Bussum: vraag vier")

    for phone, own, others in (
        (amstelveen, "Amstelveen", ("Bussum", "Castricum")),
        (bussum, "Bussum", ("Amstelveen", "Castricum")),
        (castricum, "Castricum", ("Amstelveen", "Bussum")),
    ):
        room = phone.room()
        assert room["municipality_id"] == phone.municipality_id
        assert [q["question"] for q in room["questions"]] == list(range(1, 15))
        text = str(room)
        for other in others:
            assert other not in text, (own, other)
    by_question = {q["question"]: q for q in amstelveen.room()["questions"]}
    assert by_question[3]["status"] == "op_orde"
    assert by_question[4]["status"] == "open"


def test_participant_room_page_shows_only_their_own_municipality(workshop):
    amstelveen, bussum = workshop.join("Amstelveen"), workshop.join("Bussum")
    workshop.start_first_zelfscan_block()
    bussum.answer(3, toelichting="Geheim van Bussum")

    page = amstelveen.get(f"/j/{workshop.code}/kamer")

    assert page.status_code == 200
    assert "Geheim van Bussum" not in page.text


def test_display_link_cannot_do_facilitator_actions(client, workshop):
    token = workshop.meeting.display_token

    for path in (
        f"/f/{token}/klok/start",
        f"/api/f/{token}/clock/start",
        f"/f/{token}/resultaten",
        f"/f/{token}/privacy",
    ):
        response = client.post(path, data={"visible": "true", "mode": "named"}, headers={"Accept": "application/json"})
        assert response.status_code in (403, 404), path
    assert client.get(f"/f/{token}").status_code == 404
    assert workshop.clock("pause").json()["detail"].startswith("Er loopt nog geen blok"), "the clock did not start"


def test_gespreksleider_link_cannot_do_facilitator_actions(client, workshop):
    response = client.post(f"/api/f/{workshop.meeting.gespreksleider_token}/clock/start")

    assert response.status_code == 404


def test_join_code_is_not_a_facilitator_link(client, workshop):
    assert client.post(f"/api/f/{workshop.code}/clock/start").status_code == 404


def test_random_facilitator_token_gets_a_dutch_404(client, workshop):
    api = client.post("/api/f/willekeurig-token-123/clock/start")
    page = client.get("/f/willekeurig-token-123")

    assert api.status_code == 404
    assert api.json()["detail"] == "Deze dagvoorzitterslink is ongeldig."
    assert page.status_code == 404
    assert "Deze dagvoorzitterslink is ongeldig." in page.text


def test_random_display_token_gets_a_dutch_404(client):
    page = client.get("/d/willekeurig-token-123")

    assert page.status_code == 404
    assert "Deze schermlink is ongeldig." in page.text


def _closed_with(client, path: str) -> int:
    with pytest.raises(WebSocketDisconnect) as closed, client.websocket_connect(path) as socket:
        socket.receive_text()
    return closed.value.code


def test_participant_websocket_without_a_cookie_is_closed_with_4403(client, workshop):
    client.cookies.clear()

    assert _closed_with(client, f"/ws/j/{workshop.code}") == 4403


def test_participant_websocket_with_an_invalid_cookie_is_closed_with_4403(client, workshop):
    client.cookies.clear()
    client.cookies.set(participant_cookie(workshop.meeting), "verzonnen-token")

    assert _closed_with(client, f"/ws/j/{workshop.code}") == 4403


def test_participant_websocket_with_a_cookie_from_another_meeting_is_closed_with_4403(client, workshop, other_workshop):
    phone = workshop.join("Amstelveen")
    client.cookies.clear()
    client.cookies.set(participant_cookie(other_workshop.meeting), phone.cookies[participant_cookie(workshop.meeting)])

    assert _closed_with(client, f"/ws/j/{other_workshop.code}") == 4403


def test_websocket_for_an_unknown_join_code_is_closed_with_4403(client):
    assert _closed_with(client, "/ws/j/XXXXXX") == 4403


@pytest.mark.parametrize("kind", ["f", "d"])
def test_dashboard_websockets_with_an_invalid_token_are_closed_with_4403(client, kind):
    assert _closed_with(client, f"/ws/{kind}/willekeurig-token-123") == 4403


def test_display_token_does_not_open_the_facilitator_socket(client, workshop):
    assert _closed_with(client, f"/ws/f/{workshop.meeting.display_token}") == 4403
