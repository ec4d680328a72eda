"""In Chromium: choosing "Met namen" in the Weergave list changes nothing until applied, and is asked first
while the results are on the room's screen; the projector shows names only once confirmed."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from app.meetings.models import Meeting
from tests.support.axe import assert_accessible
from tests.support.browser import LAPTOP, PROJECTOR, live
from tests.support.scans import ScanFactory

pytestmark = pytest.mark.e2e

RESULTS = 6  # "Eerste resultaten van de zelfscan" in the startbijeenkomst


def test_named_on_the_projector_only_after_the_button_and_the_confirmation(live_server: Any, person: Any) -> None:
    with Session(live_server.app.state.engine, expire_on_commit=False) as session:
        scans = ScanFactory(session, live_server.app.state.catalog)
        meeting = scans.meeting(privacy_mode="anonymised")
        scans.fill(meeting)
        meeting.current_block, meeting.results_visible = RESULTS, True
        session.add(meeting)
        session.commit()
    facilitator, projector = person(LAPTOP).page, person(PROJECTOR).page
    facilitator.goto(f"{live_server.url}/f/{meeting.facilitator_token}")
    projector.goto(f"{live_server.url}/d/{meeting.display_token}")
    live(facilitator)
    live(projector)
    grid = projector.locator("#results .grid")
    expect(grid).to_contain_text("Gemeente A")

    facilitator.get_by_label("Weergave").focus()
    facilitator.keyboard.press("ArrowUp")  # "Met namen van gemeenten" is the first option
    expect(facilitator.get_by_label("Weergave")).to_have_value("named")
    facilitator.get_by_role("button", name="Weergave toepassen").click()
    question = facilitator.get_by_role("alert").filter(has_text="De resultaten staan op het scherm van de zaal")
    expect(question).to_be_visible()
    expect(facilitator.get_by_role("button", name="Nee, „Geanonimiseerd (Gemeente A, B, …)” houden")).to_be_focused()
    with Session(live_server.app.state.engine) as session:
        assert session.get(Meeting, meeting.id).privacy_mode == "anonymised"  # type: ignore[union-attr]
    expect(grid).to_contain_text("Gemeente A")
    assert_accessible(facilitator, "#fac-controls", what="the question on the dashboard")

    facilitator.get_by_role("button", name="Ja, namen tonen").click()
    expect(grid).to_contain_text("Amstelveen")
    expect(question).to_have_count(0)
    expect(facilitator.get_by_label("Weergave")).to_have_value("named")
