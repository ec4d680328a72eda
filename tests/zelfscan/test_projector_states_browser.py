"""In real Chromium: each state of the day has its own projector screen, and the moments that matter show."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from app.meetings.models import Meeting, MeetingBlock
from tests.support.browser import BLOCK_TITLES, BREAKOUT_1, PROJECTOR, live
from tests.support.live import factory_on, phone_on
from tests.support.scans import ScanFactory

pytestmark = pytest.mark.e2e

PAUSE = 4  # "Korte pauze" before the first breakout
INTRODUCTION = 2  # "Introductie van het Kwaliteitskader en de zelfscan" (plenary)
ROOMS = ("Amstelveen", "Bussum")


@pytest.fixture
def scans(live_server: Any) -> Iterator[ScanFactory]:
    with Session(live_server.app.state.engine, expire_on_commit=False) as session:
        yield ScanFactory(session, live_server.app.state.catalog)


def _at(scans: ScanFactory, meeting: Meeting, block: int | None, *, finished: bool = False) -> None:
    meeting.current_block, meeting.finished = block, finished
    scans.session.add(meeting)
    scans.session.commit()


def test_the_projector_says_when_every_room_has_answered_every_question_of_the_block(
    live_server: Any, person: Any, scans: ScanFactory
) -> None:
    meeting = scans.meeting(ROOMS)
    for question in range(1, 15):
        scans.answer(meeting, "Amstelveen", question, "op_orde")
    for question in range(1, 14):
        scans.answer(meeting, "Bussum", question, "niet_op_orde")
    _at(scans, meeting, BREAKOUT_1)
    with factory_on(live_server) as factory:
        member = factory.participant(meeting, "Bussum", name="Bert")

    display = person(PROJECTOR).page
    display.goto(f"{live_server.url}/d/{meeting.display_token}")
    live(display)
    done = display.locator("#all-done")
    expect(display.locator(".room-progress.done")).to_have_count(1)
    expect(done).to_be_hidden()

    with phone_on(live_server, meeting, member) as phone:  # the last open question of the last room
        answer = phone.post(
            f"/api/j/{meeting.join_code}/questions/14/answer", json={"base_version": 0, "status": "op_orde"}
        )
        assert answer.status_code == 200, answer.text
    expect(done).to_be_visible()
    expect(done).to_have_text("Alle kamers zijn klaar met dit blok")
    expect(display.locator(".room-progress.done")).to_have_count(2)


def test_the_end_of_a_blocks_time_is_signalled_on_the_projector(
    live_server: Any, person: Any, scans: ScanFactory
) -> None:
    meeting = scans.meeting(ROOMS)
    _at(scans, meeting, BREAKOUT_1)
    block = scans.session.exec(
        select(MeetingBlock).where(MeetingBlock.meeting_id == meeting.id, MeetingBlock.position == BREAKOUT_1)
    ).one()
    block.running_since, block.elapsed_seconds = time.time(), block.planned_seconds - 0.5  # half a second to go
    scans.session.add(block)
    scans.session.commit()

    display = person(PROJECTOR).page
    display.goto(f"{live_server.url}/d/{meeting.display_token}")
    live(display)
    expect(display.locator("#time-up")).to_be_visible()
    expect(display.locator("#time-up")).to_have_text("De tijd voor dit blok is om")
    expect(display.locator("body")).to_have_class("dashboard display time-is-up")


def test_every_state_of_the_day_has_its_own_screen_and_the_finished_one_invites_no_one(
    live_server: Any, person: Any, scans: ScanFactory
) -> None:
    meeting = scans.meeting(ROOMS)
    display = person(PROJECTOR).page
    url = f"{live_server.url}/d/{meeting.display_token}"
    main = display.locator("#dash-main")

    display.goto(url)
    expect(main).to_have_attribute("data-mode", "welcome")
    expect(main.get_by_role("heading", name="Welkom")).to_be_visible()
    expect(display.locator("img.qr")).to_be_visible()

    _at(scans, meeting, INTRODUCTION)
    display.goto(url)
    expect(main).to_have_attribute("data-mode", "plenary")
    # The block's title once, large: the status bar shows the time and what comes next, not the title again.
    expect(display.get_by_text(BLOCK_TITLES[INTRODUCTION], exact=True).locator("visible=true")).to_have_count(1)
    expect(display.locator("#block-status .countdown")).to_be_visible()

    _at(scans, meeting, PAUSE)
    display.goto(url)
    expect(main).to_have_attribute("data-mode", "pause")
    expect(main.get_by_role("heading", name="Pauze")).to_be_visible()
    expect(main).to_contain_text(f"gaan we verder met {BLOCK_TITLES[BREAKOUT_1]}")
    expect(display.get_by_text(BLOCK_TITLES[BREAKOUT_1]).locator("visible=true")).to_have_count(1)

    _at(scans, meeting, len(BLOCK_TITLES) - 1)
    display.goto(url)
    expect(main).to_have_attribute("data-mode", "closing")

    _at(scans, meeting, None, finished=True)
    display.goto(url)
    expect(main).to_have_attribute("data-mode", "finished")
    expect(main.get_by_role("heading", name="Bedankt voor jullie inbreng")).to_be_visible()
    expect(display.locator("img.qr")).to_have_count(0)
    expect(display.get_by_text("Doe mee")).to_have_count(0)
    expect(display.get_by_text(meeting.join_code).locator("visible=true")).to_have_count(0)
