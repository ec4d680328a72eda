"""The screens that do the most in the browser run under the strict CSP in real Chromium, without one violation.

Every browser test already fails on any CSP violation (the `person` fixture); these check the pages
where the policy is hardest to keep, and that what it could silently break still works.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from app.meetings.models import Meeting
from tests.conftest import SECRET
from tests.support.browser import (
    BREAKOUT_1,
    FIRST_RESULTS,
    LAPTOP,
    PHONE,
    PROJECTOR,
    REVEAL_TIMEOUT_MS,
    api_meeting,
    join,
    live,
    organiser_headers,
)

pytestmark = pytest.mark.e2e

WHEEL_BLOCK = 1  # the follow-up's "Welkom en korte terugblik", with the wheel


def clock(live_server: Any, facilitator_url: str, *actions: str) -> None:
    token = facilitator_url.rstrip("/").rsplit("/", 1)[1]
    for action in actions:
        httpx.post(f"{live_server.url}/api/f/{token}/clock/{action}").raise_for_status()


def test_room_dashboard_charts_and_verslag_run_under_the_csp(live_server: Any, person: Any) -> None:
    meeting = api_meeting(live_server, ["Amstelveen", "Bussum"])
    clock(live_server, meeting.facilitator_url, "start", *["next"] * BREAKOUT_1)
    anna = person(PHONE)
    join(anna.page, live_server.url, meeting.join_code, "Amstelveen")
    anna.page.locator("article#q-1").get_by_role("group", name="Antwoord van de kamer (samen vastgesteld)").get_by_role(
        "radio", name="Niet op orde"
    ).check()
    expect(anna.page.locator("#room-progress")).to_contain_text("1 van 14")
    clock(live_server, meeting.facilitator_url, *["next"] * (FIRST_RESULTS - BREAKOUT_1))

    facilitator = person(PROJECTOR)
    facilitator.page.goto(meeting.facilitator_url)
    live(facilitator.page)
    for title in ("Opvallende vragen", "Gemeente A"):  # presenter keys: on to the first chart page
        facilitator.page.locator("body").press("ArrowRight")
        expect(facilitator.page.locator("#result-page-title")).to_have_text(title)
    chart = facilitator.page.locator('.plotly-chart[data-drawn="1"]').first
    expect(chart).to_be_visible()
    # plotly.js's own stylesheet: an empty <style> (allowed by its hash) filled through the CSS object model.
    rules = facilitator.page.evaluate("document.getElementById('plotly.js-style-global').sheet.cssRules.length")
    assert rules > 10

    organiser = person(LAPTOP)
    organiser.page.goto(f"{live_server.url}/organisator")
    organiser.page.get_by_label("Organisatorsleutel").fill(SECRET)
    organiser.page.get_by_role("button", name="Inloggen").click()
    organiser.page.goto(f"{live_server.url}/organisator/bijeenkomsten/{meeting.id}/export/verslag")
    expect(organiser.page.locator("main.verslag img").first).to_be_visible()  # charts as data: images
    assert organiser.page.locator("main.verslag").evaluate("el => getComputedStyle(el).maxWidth") != "none"

    for someone in (anna, facilitator, organiser):
        assert someone.csp_violations == []


def test_the_wheel_is_painted_and_spins_under_the_csp(live_server: Any, person: Any) -> None:
    payload = {"region": "Regio Testland", "date": "2026-12-01", "municipalities": ["Aa"], "agenda_key": "follow-up"}
    links = httpx.post(f"{live_server.url}/api/meetings", json=payload, headers=organiser_headers(live_server))
    links.raise_for_status()
    with Session(live_server.app.state.engine) as session:
        meeting = session.get(Meeting, links.json()["id"])
        assert meeting is not None
        meeting.current_block = WHEEL_BLOCK
        session.add(meeting)
        session.commit()

    leader = person(PHONE)
    leader.page.goto(links.json()["gespreksleider_url"])
    live(leader.page)
    disc = leader.page.locator("#wheel .wheel-disc")
    expect(disc).to_be_visible()
    expect(disc).to_have_css("background-image", re.compile(r"^conic-gradient"))  # painted by wheel.js
    expect(leader.page.locator("#wheel .wheel-label").first).to_have_css("transform", re.compile(r"^matrix"))

    leader.page.get_by_role("button", name="Draaien").click()
    expect(leader.page.locator("#wheel-question")).to_be_visible(timeout=REVEAL_TIMEOUT_MS)
    assert leader.csp_violations == []
