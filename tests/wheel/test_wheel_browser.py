"""Rad van Fortuin in real Chromium: the gespreksleider spins; projector and own page land on the same question."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from app.meetings.models import Meeting
from app.wheel.models import WheelQuestion, WheelSpin
from tests.support.browser import REVEAL_TIMEOUT_MS

WHEEL_BLOCK = 1  # "Welkom en korte terugblik": the follow-up block with `wheel: true`


@pytest.mark.e2e
def test_gespreksleider_spins_and_projector_shows_the_same_question(live_server: Any, person: Any) -> None:
    headers = {"Authorization": f"Bearer {live_server.app.state.organiser_secret.current()}"}
    payload = {
        "region": "Regio Testland",
        "date": "2026-12-01",
        "municipalities": ["Amstelveen", "Bussum"],
        "agenda_key": "follow-up",
    }
    links = httpx.post(f"{live_server.url}/api/meetings", json=payload, headers=headers).raise_for_status().json()
    with Session(live_server.app.state.engine) as session:  # setup: the programme is at the wheel block
        meeting = session.get(Meeting, links["id"])
        assert meeting is not None
        meeting.current_block = WHEEL_BLOCK
        session.add(meeting)
        session.commit()

    projector = person(viewport={"width": 1920, "height": 1080}).page
    projector.goto(links["display_url"])
    leader = person(viewport={"width": 360, "height": 640}).page
    leader.goto(links["gespreksleider_url"])
    for page in (projector, leader):
        expect(page.locator("body")).to_have_attribute("data-live", "open")
        expect(page.locator("#wheel .wheel-disc")).to_be_visible()
        expect(page.locator("#wheel-question")).to_have_count(0)

    leader.get_by_role("button", name="Draaien").click()
    expect(leader.locator("#wheel")).to_have_attribute(
        "data-spin", re.compile(r"^\d+$")
    )  # the spin is stored and pushed

    with Session(live_server.app.state.engine) as session:
        spin = session.exec(select(WheelSpin)).one()
        drawn = session.get(WheelQuestion, spin.question_id)
        assert drawn is not None
    for page in (projector, leader):
        expect(page.locator("#wheel")).to_have_attribute("data-spin", str(spin.id))
        expect(page.locator("#wheel")).not_to_have_class("wheel-panel card spinning", timeout=REVEAL_TIMEOUT_MS)
        expect(page.locator("#wheel-question")).to_have_text(drawn.text, timeout=REVEAL_TIMEOUT_MS)
        expect(page.locator("#wheel-question")).to_be_visible()
    angles = {page.locator("#wheel").get_attribute("data-angle") for page in (projector, leader)}
    assert len(angles) == 1
    angle = float(angles.pop() or 0)
    for page in (projector, leader):  # both discs came to rest at the server's landing angle
        rotation = page.locator("#wheel .wheel-disc").evaluate("el => el.style.transform")
        assert rotation.startswith("rotate(") and rotation.endswith("deg)"), rotation
        assert abs(float(rotation[len("rotate(") : -len("deg)")]) - angle) < 0.01, (rotation, angle)
