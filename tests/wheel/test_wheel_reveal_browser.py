"""The wheel's question is revealed when the spin stops, at the same moment on every screen (real Chromium).

Each page records, on every change of its DOM, whether the drawn question was in the page while the
wheel still turned, and the moment (browser clock, the same machine as the server) it first appeared.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from app.meetings.models import Meeting
from app.wheel.models import WheelQuestion, WheelSpin
from app.wheel.rules import SPIN_SECONDS
from tests.support.browser import LAPTOP, PHONE, REVEAL_TIMEOUT_MS, live, organiser_headers

WHEEL_BLOCK = 1  # "Welkom en korte terugblik": the follow-up block with `wheel: true`

RECORD_REVEAL = """
window.__wheel = {turned: false, early: false, landsAt: null, revealedAt: null, restingWhileTurning: null};
new MutationObserver(function () {
  var wheel = document.getElementById("wheel");
  if (!wheel) return;
  var question = document.getElementById("wheel-question");
  if (wheel.dataset.spinning === "1") {
    window.__wheel.turned = true;
    window.__wheel.landsAt = parseFloat(wheel.dataset.landsAt);
    if (question) window.__wheel.early = true;
  } else if (question && window.__wheel.turned && window.__wheel.revealedAt === null) {
    window.__wheel.revealedAt = Date.now() / 1000;
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


def _follow_up_at_the_wheel(live_server: Any) -> dict[str, Any]:
    payload = {"region": "Regio Testland", "date": "2026-12-01", "municipalities": ["Amstelveen"]}
    links = (
        httpx.post(
            f"{live_server.url}/api/meetings",
            json={**payload, "agenda_key": "follow-up"},
            headers=organiser_headers(live_server),
        )
        .raise_for_status()
        .json()
    )
    with Session(live_server.app.state.engine) as session:  # setup: the programme is at the wheel block
        meeting = session.get(Meeting, links["id"])
        assert meeting is not None
        meeting.current_block = WHEEL_BLOCK
        session.add(meeting)
        session.commit()
    return dict(links)


def _screen(person: Any, url: str, viewport: dict[str, int], reduced_motion: bool = False) -> Page:
    someone = person(viewport=viewport, reduced_motion=reduced_motion)
    someone.context.add_init_script(RECORD_REVEAL)
    someone.page.goto(url)
    live(someone.page)
    expect(someone.page.locator("#wheel .wheel-disc")).to_be_visible()
    return someone.page  # type: ignore[no-any-return]


def _drawn(live_server: Any) -> tuple[WheelSpin, str]:
    with Session(live_server.app.state.engine) as session:
        spin = session.exec(select(WheelSpin)).one()
        question = session.get(WheelQuestion, spin.question_id)
        assert question is not None
        return spin, question.text


@pytest.mark.e2e
def test_the_question_appears_only_when_the_wheel_stops_on_projector_and_gespreksleider(
    live_server: Any, person: Any
) -> None:
    links = _follow_up_at_the_wheel(live_server)
    projector = _screen(person, links["display_url"], {"width": 1920, "height": 1080})
    leader = _screen(person, links["gespreksleider_url"], PHONE)

    leader.get_by_role("button", name="Draaien").click()
    for page in (projector, leader):
        expect(page.locator("#wheel-question")).to_be_visible(timeout=REVEAL_TIMEOUT_MS)
    spin, text = _drawn(live_server)
    for page in (projector, leader):
        expect(page.locator("#wheel-question")).to_have_text(text)
        log = page.evaluate("window.__wheel")
        assert log["turned"], "the page never showed the wheel turning"
        assert not log["early"], "the drawn question was in the page while the wheel still turned"
        assert log["landsAt"] == pytest.approx(spin.drawn_at + SPIN_SECONDS)
        assert log["revealedAt"] >= log["landsAt"]  # not before the spin stops
    # The gespreksleider's notes list the question only now, too.
    expect(leader.locator("#wheel-admin .wheel-note label")).to_contain_text(text)


@pytest.mark.e2e
def test_with_reduced_motion_the_wheel_does_not_turn_and_reveals_at_the_same_moment(
    live_server: Any, person: Any
) -> None:
    links = _follow_up_at_the_wheel(live_server)
    calm = _screen(person, links["display_url"], LAPTOP, reduced_motion=True)
    leader = _screen(person, links["gespreksleider_url"], LAPTOP)

    leader.get_by_role("button", name="Draaien").click()
    expect(calm.locator("#wheel-turning")).to_have_text("Het rad draait…")
    disc = calm.locator("#wheel .wheel-disc")
    assert disc.evaluate("el => [el.style.transform, getComputedStyle(el).transitionDuration]") == [
        "rotate(0deg)",
        "0s",
    ]  # no animation: the disc stays where it is
    expect(calm.locator("#wheel-question")).to_be_visible(timeout=REVEAL_TIMEOUT_MS)
    log = calm.evaluate("window.__wheel")
    assert not log["early"] and log["revealedAt"] >= log["landsAt"]
    angle = float(calm.locator("#wheel").get_attribute("data-angle") or 0)
    assert disc.evaluate("el => el.style.transform") == f"rotate({angle:g}deg)"


@pytest.mark.e2e
def test_the_notes_panel_stays_live_after_saving_a_note(live_server: Any, person: Any) -> None:
    links = _follow_up_at_the_wheel(live_server)
    leader = _screen(person, links["gespreksleider_url"], LAPTOP)
    leader.get_by_role("button", name="Draaien").click()
    expect(leader.locator("#wheel-question")).to_be_visible(timeout=REVEAL_TIMEOUT_MS)
    note = leader.locator("#wheel-admin textarea").first
    note.fill("Goed gesprek over de zelfscan")
    leader.get_by_role("button", name="Notitie opslaan").click()
    expect(note).to_have_attribute("data-saved", "Goed gesprek over de zelfscan")
    # Someone else changes the wheel: the panel follows, the saved note stays.
    organiser = httpx.post(
        f"{live_server.url}/api/meetings/{links['id']}/wheel/questions",
        data={"text": "Wat neem je mee naar huis?"},
        headers=organiser_headers(live_server),
    )
    assert organiser.status_code == 201, organiser.text
    expect(leader.locator("#wheel-admin .wheel-questions")).to_contain_text("Wat neem je mee naar huis?")
    expect(leader.locator("#wheel-admin textarea").first).to_have_value("Goed gesprek over de zelfscan")
