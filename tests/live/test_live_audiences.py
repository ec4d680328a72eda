"""Render once, send to all: a change costs one render per audience, whatever the number of sockets."""

from __future__ import annotations

import asyncio
from collections import Counter
from contextlib import ExitStack
from typing import Any

import pytest

from app.followup import screens as followup_screens
from app.live import audiences
from app.live.hub import RESYNC, Hub
from app.live.screen import Audience, Screen
from app.wheel import screens as wheel_screens
from app.zelfscan import dashboard_frame, screens
from tests.live.test_hub_queues import settle
from tests.live.test_live_updates import receive_until


def count_calls(monkeypatch: pytest.MonkeyPatch, counts: Counter[str], module: Any, name: str) -> None:
    original = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        counts[name] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)


def renders_for_one_answer(client, workshop, monkeypatch, room: str, listeners: int) -> Counter[str]:  # type: ignore[no-untyped-def]
    phones = [workshop.join(room, name=f"Lid {i}") for i in range(listeners)]
    workshop.start_first_zelfscan_block()
    counts: Counter[str] = Counter()
    with ExitStack() as stack:
        sockets = [stack.enter_context(phone.websocket()) for phone in phones]
        dashboards = [
            stack.enter_context(client.websocket_connect(f"/ws/d/{workshop.meeting.display_token}"))
            for _ in range(listeners)
        ]
        for socket in sockets + dashboards:
            socket.receive_text()  # everyone's first, full render
        for name in ("room_frame", "room_changes", "question_state_html"):
            count_calls(monkeypatch, counts, screens, name)
        for name in ("read_frame", "main_html"):
            count_calls(monkeypatch, counts, dashboard_frame, name)
        change = phones[0].answer(3, status="op_orde").headers["X-Change-Id"]
        for socket in sockets:
            assert "1 van 14" in receive_until(socket, 'id="q-3"')
        for socket in dashboards:
            receive_until(socket, f'data-last-change="{change}"')
    monkeypatch.undo()
    return counts


def test_an_answer_is_read_and_rendered_once_for_one_listener_or_twenty(client, workshop, other_workshop, monkeypatch):
    alone = renders_for_one_answer(client, workshop, monkeypatch, "Amstelveen", 1)
    crowd = renders_for_one_answer(client, other_workshop, monkeypatch, "Diemen", 20)

    # The room reads only the answered question; the dashboards read their frame once (the first push after
    # a member joined is a full one) and render it once.
    expected = {"room_changes": 1, "question_state_html": 1, "read_frame": 1, "main_html": 1}
    assert alone == crowd == expected


def renders_for_a_block_change(workshop, monkeypatch, room: str, listeners: int) -> tuple[Counter[str], list[str]]:  # type: ignore[no-untyped-def]
    """`listeners` phones of one room in the break before the first breakout (the first with an own view of
    question 3); then the breakout opens. What was read and rendered, and what each phone was pushed."""
    phones = [workshop.join(room, name=f"Lid {i}") for i in range(listeners)]
    workshop.go_to_block(4)
    assert phones[0].give_view(3, "niet_op_orde").status_code == 200
    counts: Counter[str] = Counter()
    with ExitStack() as stack:
        sockets = [stack.enter_context(phone.websocket()) for phone in phones]
        for socket in sockets:
            socket.receive_text()  # everyone's first, full render
        for name in ("meeting_frame", "room_frame", "room_main_from_frames", "question_state_html"):
            count_calls(monkeypatch, counts, screens, name)
        assert workshop.clock("next").status_code == 200
        pushed = [receive_until(socket, 'id="room-main"') for socket in sockets]
    monkeypatch.undo()
    return counts, pushed


def test_a_block_change_is_read_and_rendered_once_for_a_room_of_one_or_twenty(workshop, other_workshop, monkeypatch):
    alone, _ = renders_for_a_block_change(workshop, monkeypatch, "Amstelveen", 1)
    crowd, pushed = renders_for_a_block_change(other_workshop, monkeypatch, "Diemen", 20)

    # One read of the meeting and the room, one screen with the block's 14 cards: the same for every phone.
    expected = {"meeting_frame": 1, "room_frame": 1, "room_main_from_frames": 1, "question_state_html": 14}
    assert alone == crowd == expected
    shared = {message.split('<div id="room-own"')[0] for message in pushed}
    assert len(shared) == 1 and 'id="q-14"' in shared.pop()
    # After it, each phone's own small piece: its name and own views.
    pieces = [message.split('<div id="room-own"')[1] for message in pushed]
    assert all(f'data-name="Lid {i}"' in piece for i, piece in enumerate(pieces))
    assert "&#34;3&#34;:&#34;niet_op_orde&#34;" in pieces[0] and all("&#34;3&#34;" not in p for p in pieces[1:])
    assert all(len(piece) < 200 for piece in pieces)


def test_a_tap_on_an_own_view_is_answered_with_that_view_and_the_rooms_tally_alone(workshop):
    anna, bram = workshop.join("Amstelveen", name="Anna"), workshop.join("Amstelveen", name="Bram")
    workshop.start_first_zelfscan_block()
    assert bram.give_view(3, "op_orde").status_code == 200

    tapped = anna.post(
        f"/j/{workshop.code}/vraag/3/mening", data={"status": "niet_op_orde"}, headers={"HX-Request": "1"}
    )

    assert tapped.status_code == 200
    own, tally = tapped.text.strip().split("</form>")
    assert own.startswith('<form id="q-3-own"') and 'value="niet_op_orde" checked' in own
    assert 'id="q-3-views" class="views" hx-swap-oob="true">In de kamer: 1× op orde, 1× niet op orde' in tally
    assert 'id="q-3"' not in tapped.text and "Antwoord van de kamer" not in tapped.text


def test_a_changed_own_view_is_answered_with_the_new_choice_and_kept(workshop):
    anna = workshop.join("Amstelveen", name="Anna")
    workshop.start_first_zelfscan_block()
    tap = f"/j/{workshop.code}/vraag/3/mening"
    assert anna.post(tap, data={"status": "op_orde"}, headers={"HX-Request": "1"}).status_code == 200

    changed = anna.post(tap, data={"status": "niet_op_orde"}, headers={"HX-Request": "1"})

    assert changed.status_code == 200
    assert 'value="niet_op_orde" checked' in changed.text and 'value="op_orde" checked' not in changed.text
    assert "1× niet op orde" in changed.text and "0× op orde" in changed.text
    [question] = [q for q in anna.room()["questions"] if q["question"] == 3]
    assert question["own_view"] == "niet_op_orde"


def renders_for_one_change(client, workshop, monkeypatch, room: str, listeners: int) -> Counter[str]:  # type: ignore[no-untyped-def]
    """The gespreksleider's page, the facilitator's follow-up panel and a municipality's plan, each open
    `listeners` times; then the programme starts (a change every one of them shows)."""
    phones = [workshop.join(room, name=f"Lid {i}") for i in range(listeners)]
    meeting = workshop.meeting
    counts: Counter[str] = Counter()
    with ExitStack() as stack:
        sockets = [stack.enter_context(phone.websocket(f"/ws/j/{workshop.code}/plan")) for phone in phones]
        for path in (f"/ws/g/{meeting.gespreksleider_token}", f"/ws/fv/{meeting.facilitator_token}"):
            sockets += [stack.enter_context(client.websocket_connect(path)) for _ in range(listeners)]
        for socket in sockets:
            socket.receive_text()  # everyone's first, full render
        count_calls(monkeypatch, counts, wheel_screens, "wheel_admin_html")
        for name in ("facilitator_panel_html", "plan_html"):
            count_calls(monkeypatch, counts, followup_screens, name)
        assert workshop.clock("start").status_code == 200
        for socket in sockets:
            assert socket.receive_text()  # the change, pushed
    monkeypatch.undo()
    return counts


def test_the_wheel_follow_up_and_plan_pages_render_a_change_once_for_one_socket_or_five(
    client, workshop, other_workshop, monkeypatch
):
    alone = renders_for_one_change(client, workshop, monkeypatch, "Amstelveen", 1)
    crowd = renders_for_one_change(client, other_workshop, monkeypatch, "Diemen", 5)

    assert alone == crowd == {"wheel_admin_html": 1, "facilitator_panel_html": 1, "plan_html": 1}


def test_a_room_push_carries_nobodys_own_view_and_the_page_keeps_its_own(workshop):
    anna, bram = workshop.join("Amstelveen", name="Anna"), workshop.join("Amstelveen", name="Bram")
    workshop.start_first_zelfscan_block()
    anna.give_view(3, "op_orde")

    with anna.websocket() as socket:
        first = socket.receive_text()
        bram.answer(3, status="niet_op_orde")
        pushed = receive_until(socket, 'id="q-3"')

    assert 'id="q-3-mening-op_orde" name="status" value="op_orde" checked' in first
    assert "data-shared" in pushed and "checked> Op orde" not in pushed.split('class="room-answer"')[0]


def fake_screen(name: str, pushes: list[list[dict[str, Any]]], interval: float = 0.0) -> Screen:
    def push(batch: list[dict[str, Any]]) -> str | None:
        pushes.append(batch)
        if any(event["type"] == "resync" for event in batch):
            return None  # everyone renders their own full screen
        return f"state {batch[-1]['n']}"

    return Screen(("room:1:1",), lambda batch: f"full screen of {name}", Audience(("room", 1, 1), push, interval))


def test_a_burst_of_fifty_changes_is_coalesced_and_ends_in_the_last_state():
    async def scenario() -> tuple[list[list[dict[str, Any]]], list[str]]:
        hub, rooms, pushes = Hub(queue_size=64), {}, []  # type: ignore[var-annotated]
        await hub.start()
        received: list[str] = []
        async with audiences.join(rooms, hub, fake_screen("Anna", pushes, interval=0.05)) as (room, member):
            for n in range(1, 51):
                hub.publish("room:1:1", {"type": "answer", "n": n})
            while not received or received[-1] != "state 50":
                received.append(await asyncio.wait_for(member.next_html(), timeout=10))
            assert room.renders == len(pushes)
        await hub.stop()
        return pushes, received

    pushes, received = asyncio.run(scenario())

    assert len(pushes) < 50, "the burst was rendered change by change"
    assert [e["n"] for batch in pushes for e in batch] == list(range(1, 51)), "no change skipped or repeated"
    assert received[-1] == "state 50"


def test_after_the_hubs_queue_overflows_every_member_gets_its_own_full_screen_again():
    async def scenario() -> tuple[str, str, str]:
        hub, rooms, pushes = Hub(queue_size=3), {}, []  # type: ignore[var-annotated]
        await hub.start()
        async with (
            audiences.join(rooms, hub, fake_screen("Anna", pushes)) as (_, anna),
            audiences.join(rooms, hub, fake_screen("Bram", pushes)) as (_, bram),
        ):
            for n in range(1, 11):  # more than the queue holds before the audience gets to read it
                hub.publish("room:1:1", {"type": "answer", "n": n})
            await settle()
            resynced = (await anna.next_html(), await bram.next_html())
            hub.publish("room:1:1", {"type": "answer", "n": 11})
            after = await anna.next_html()
        assert rooms == {}, "the audience stops with its last member"
        await hub.stop()
        return resynced[0], resynced[1], after

    assert asyncio.run(scenario()) == ("full screen of Anna", "full screen of Bram", "state 11")


def test_a_member_whose_outbox_overflows_renders_its_own_full_screen():
    async def scenario() -> list[str]:
        hub, rooms, pushes = Hub(), {}, []  # type: ignore[var-annotated]
        await hub.start()
        async with audiences.join(rooms, hub, fake_screen("Anna", pushes)) as (_, anna):
            for n in range(audiences.OUTBOX_SIZE + 1):  # a phone that does not read its socket
                anna.offer(f"state {n}")
            anna.offer("state newest")
            sent = [await anna.next_html(), await anna.next_html()]
        await hub.stop()
        return sent

    assert asyncio.run(scenario()) == ["full screen of Anna", "state newest"]


def test_a_resync_is_a_fresh_event_so_shared_reads_are_made_again():
    # Shared reads are keyed by the event's identity (app/live/frames.py): the hub's one RESYNC
    # object must never reach a render twice, or a second resync would reuse a stale read.
    async def scenario() -> list[dict[str, Any]]:
        hub, rooms, pushes = Hub(queue_size=1), {}, []  # type: ignore[var-annotated]
        await hub.start()
        async with audiences.join(rooms, hub, fake_screen("Anna", pushes)) as (_, anna):
            for _round in range(2):
                for n in range(3):
                    hub.publish("room:1:1", {"type": "answer", "n": n})
                await settle()
                await anna.next_html()
        await hub.stop()
        return [event for batch in pushes for event in batch if event["type"] == "resync"]

    resyncs = asyncio.run(scenario())
    assert resyncs and all(event is not RESYNC for event in resyncs)


def test_in_a_breakout_the_dashboards_read_only_the_answered_questions_and_end_as_a_full_render(
    client, workshop, monkeypatch
):
    anna, bram = workshop.join("Amstelveen", name="Anna"), workshop.join("Bussum", name="Bram")
    workshop.start_first_zelfscan_block()
    token = workshop.meeting.facilitator_token
    with client.websocket_connect(f"/ws/f/{token}") as dashboard:
        dashboard.receive_text()
        first = anna.answer(1, status="op_orde").headers["X-Change-Id"]
        receive_until(dashboard, f'data-last-change="{first}"')  # the first push after joining: read whole
        counts: Counter[str] = Counter()
        read_rooms: list[tuple[set[int], set[int]]] = []
        count_calls(monkeypatch, counts, dashboard_frame, "read_frame")
        by_room = dashboard_frame.result_service.answers_by_municipality
        monkeypatch.setattr(
            dashboard_frame.result_service,
            "answers_by_municipality",
            lambda session, meeting_id, rooms=None, questions=None: (
                read_rooms.append((set(rooms or ()), set(questions or ())))
                or by_room(session, meeting_id, rooms, questions)
            ),
        )
        bram.give_view(2, "niet_op_orde")
        last = bram.answer(2, status="niet_op_orde", toelichting="Nog geen convenant").headers["X-Change-Id"]
        pushed = receive_until(dashboard, f'data-last-change="{last}"')
        monkeypatch.undo()
    with client.websocket_connect(f"/ws/f/{token}") as again:
        full = again.receive_text()

    assert counts["read_frame"] == 0 and read_rooms
    assert all(read == ({bram.municipality_id}, {2}) for read in read_rooms)  # the answered question alone
    assert 'id="room-progress-' in pushed and "Nog geen convenant" in pushed
    row = f'id="room-progress-{bram.municipality_id}"'
    assert row in pushed and pushed.split(row)[1].split("</li>")[0] == full.split(row)[1].split("</li>")[0]


def test_a_frame_refreshed_by_answers_and_views_holds_what_a_whole_read_holds(workshop, session):
    """The facilitator's frame reads only the changed rooms' changed questions, and ends where a whole read is."""
    anna, bram = workshop.join("Amstelveen", name="Anna"), workshop.join("Amstelveen", name="Bram")
    cor = workshop.join("Bussum", name="Cor")
    workshop.start_first_zelfscan_block()
    catalog = workshop.client.app.state.catalog

    def whole() -> dashboard_frame.DashboardFrame:
        session.expire_all()
        meeting = session.get(type(workshop.meeting), workshop.meeting.id)
        return dashboard_frame.read_frame(
            session=session, meeting=meeting, catalog=catalog, kind="facilitator", public_url=""
        )

    frame = whole()
    assert frame.live_results  # the facilitator's copy shows the views (rooms split on a question)
    anna.give_view(1, "op_orde")
    bram.give_view(1, "niet_op_orde")
    bram.give_view(2, "op_orde")
    anna.answer(3, status="niet_op_orde")
    cor.answer(1, status="op_orde")
    rooms = {name: workshop.municipality_id(name) for name in ("Amstelveen", "Bussum")}
    batch = [
        {"type": "view", "municipality": rooms["Amstelveen"], "question": 1},
        {"type": "view", "municipality": rooms["Amstelveen"], "question": 2},
        {"type": "answer", "municipality": rooms["Amstelveen"], "question": 3},
        {"type": "answer", "municipality": rooms["Bussum"], "question": 1},
    ]
    assert frame.refresh(session, batch)

    fresh = whole()
    assert frame.own.views == fresh.own.views and frame.own.views[rooms["Amstelveen"]][1] == ["op_orde", "niet_op_orde"]
    statuses = {m: {q: a.status for q, a in by_q.items()} for m, by_q in frame.own.answers.items()}
    assert statuses == {m: {q: a.status for q, a in by_q.items()} for m, by_q in fresh.own.answers.items()}
    assert statuses[rooms["Bussum"]] == {1: "op_orde"} and statuses[rooms["Amstelveen"]] == {3: "niet_op_orde"}
    assert dashboard_frame.main_html(frame) == dashboard_frame.main_html(fresh)
