"""Real websockets over the test client: full state on connect, then pushed partials per room.

Every receive below waits for a message the test has made sure will be sent, so no sleeping.
"""

from __future__ import annotations

import re


def receive_until(socket, marker: str, limit: int = 5) -> str:
    """The first message containing `marker` (skipping at most `limit - 1` earlier, unrelated pushes)."""
    for _ in range(limit):
        message = socket.receive_text()
        if marker in message:
            return message
    raise AssertionError(f"no message with {marker!r} in {limit} messages")


def test_participant_socket_first_receives_the_full_state(workshop):
    anna = workshop.join("Amstelveen", name="Anna")
    workshop.start_first_zelfscan_block()
    anna.answer(3, toelichting="Staat in het convenant")

    with anna.websocket() as socket:
        first = socket.receive_text()

    assert 'id="block-status"' in first
    assert "Aan de slag met het invullen van de zelfscan: 1e blok" in first
    assert 'id="room-main"' in first
    assert 'id="q-1"' in first and 'id="q-14"' in first and 'id="q-15"' not in first
    assert "Staat in het convenant" in first


def test_room_member_sees_the_answer_of_another_member_of_the_same_room(workshop):
    anna, bram = workshop.join("Amstelveen", name="Anna"), workshop.join("Amstelveen", name="Bram")
    workshop.start_first_zelfscan_block()

    with anna.websocket() as socket:
        socket.receive_text()  # the full state
        assert bram.answer(3, status="op_orde", toelichting="Bram: afspraken liggen vast").status_code == 200
        pushed = socket.receive_text()

    assert pushed.lstrip().startswith('<article id="q-3"')
    assert "Bram: afspraken liggen vast" in pushed
    assert 'data-version="1"' in pushed
    assert 'id="room-progress"' in pushed and "1 van 14" in pushed
    assert 'id="q-4"' not in pushed


def test_member_of_another_room_does_not_receive_the_answer(workshop):
    anna = workshop.join("Amstelveen", name="Anna")
    carla, daan = workshop.join("Bussum", name="Carla"), workshop.join("Bussum", name="Daan")
    workshop.start_first_zelfscan_block()

    with carla.websocket() as socket:
        socket.receive_text()  # the full state
        anna.answer(3, toelichting="Alleen voor Amstelveen")
        daan.answer(4, toelichting="Daan uit Bussum")  # so that Carla's socket surely gets a message
        pushed = socket.receive_text()

    assert "Daan uit Bussum" in pushed
    assert 'id="q-4"' in pushed
    assert "Alleen voor Amstelveen" not in pushed
    assert 'id="q-3"' not in pushed


def test_own_view_of_a_room_member_updates_the_rooms_tally_only(workshop):
    anna, bram = workshop.join("Amstelveen", name="Anna"), workshop.join("Amstelveen", name="Bram")
    workshop.start_first_zelfscan_block()

    with anna.websocket() as socket:
        socket.receive_text()
        anna.give_view(5, "op_orde")
        socket.receive_text()
        bram.give_view(5, "niet_op_orde")
        pushed = socket.receive_text()

    # Just the tally is pushed (not the whole card), so Anna's own choice and typing stay as they are.
    assert 'id="q-5-views"' in pushed and 'id="q-5"' not in pushed
    assert "1× op orde, 1× niet op orde" in pushed and "meningen verdeeld" in pushed


def test_display_receives_dashboard_progress_after_an_answer(client, workshop):
    anna = workshop.join("Amstelveen", name="Anna")
    workshop.start_first_zelfscan_block()

    with client.websocket_connect(f"/ws/d/{workshop.meeting.display_token}") as display:
        first = display.receive_text()
        answer = anna.answer(3, status="op_orde")
        change_id = answer.headers["X-Change-Id"]
        pushed = receive_until(display, "data-last-change")

    assert 'id="dash-main"' in first
    assert f'data-last-change="{change_id}"' in pushed
    assert 'id="dash-main"' in pushed


def test_participant_sees_the_next_block_when_the_facilitator_advances(workshop):
    anna = workshop.join("Amstelveen", name="Anna")
    workshop.clock("start")

    with anna.websocket() as socket:
        first = socket.receive_text()
        assert workshop.clock("next").status_code == 200
        pushed = receive_until(socket, 'id="block-status"')

    assert "Inloggen op Zoom/Teams/Webex" in first
    assert "Welkom en korte toelichting op programma" in pushed
    assert re.search(r'data-remaining="\d+"', pushed)


def test_participant_gets_the_questions_when_the_zelfscan_block_starts(workshop):
    anna = workshop.join("Amstelveen", name="Anna")
    workshop.go_to_block(4)  # the short break before the first zelfscan block

    with anna.websocket() as socket:
        first = socket.receive_text()
        workshop.clock("next")
        pushed = receive_until(socket, 'id="room-main"')

    assert 'id="q-1"' not in first
    assert 'id="q-1"' in pushed and 'id="q-14"' in pushed


def test_facilitator_socket_sees_the_pause(client, workshop):
    workshop.clock("start")

    with client.websocket_connect(f"/ws/f/{workshop.meeting.facilitator_token}") as dashboard:
        first = dashboard.receive_text()
        workshop.clock("pause")
        pushed = receive_until(dashboard, 'id="block-status"')

    assert 'data-running="1"' in first
    assert 'data-running="0"' in pushed
    assert "gepauzeerd" in pushed


def test_closing_a_socket_unsubscribes_it_from_the_hub(app, workshop):
    anna = workshop.join("Amstelveen", name="Anna")
    hub = app.state.hub
    channel = f"room:{workshop.meeting.id}:{anna.municipality_id}"

    with anna.websocket() as socket:
        socket.receive_text()
        assert hub.subscriber_count(channel) == 1
    workshop.clock("start")  # the app is still serving; a message after the close goes nowhere

    assert hub.subscriber_count(channel) == 0
