"""Saving a plan row on a phone (real Chromium, 360×640): the page does not jump, focus stays on the button."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from app.followup import plan
from app.followup.models import PlanRow
from tests.conftest import LiveServer
from tests.support.arrival import HeldAnswers, HeldPushes
from tests.support.browser import PHONE, live
from tests.support.live import count, factory_on


def _plan_on_a_phone(
    live_server: LiveServer, person: Any, prepare: Callable[[Page], object] | None = None
) -> tuple[Page, list[PlanRow]]:
    """Anna's phone on Amstelveen's plan of four rows (`prepare` is called with the page before it opens)."""
    with factory_on(live_server) as factory:
        meeting = factory(agenda_key="follow-up")
        question_set = live_server.app.state.catalog.question_set(meeting.question_set_key)
        member = factory.participant(meeting, "Amstelveen", "Anna")
        group = question_set.plan_groups[0].key
        rows = [
            plan.add_plan_row(
                session=factory.session,
                meeting=meeting,
                municipality_id=member.municipality_id,
                question_set=question_set,
                group=group,
                values={"maatregel": f"Maatregel {n}"},
                now=time.time(),
            )
            for n in range(1, 5)
        ]
    phone = person(viewport=PHONE)
    phone.context.add_cookies([{"name": f"zs_p_{meeting.join_code}", "value": member.token, "url": live_server.url}])
    page = phone.page
    if prepare is not None:
        prepare(page)
    page.goto(f"{live_server.url}/j/{meeting.join_code}/plan")
    live(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan van aanpak")
    return page, rows


@pytest.mark.e2e
def test_saving_a_plan_row_keeps_the_page_and_the_focus_where_they_were(live_server: LiveServer, person: Any) -> None:
    page, rows = _plan_on_a_phone(live_server, person)
    row = rows[2]
    field = page.locator(f"#r{row.id}-verbeteractie")
    field.fill("Scholing voor het hele team")
    expect(page.locator(f"#r{row.id}-verbeteractie-unsaved")).to_contain_text("Niet opgeslagen")
    save = page.locator(f"#row-{row.id}-save")
    save.scroll_into_view_if_needed()
    before = save.bounding_box()
    save.click()
    expect(page.locator(f"#r{row.id}-verbeteractie")).to_have_attribute("data-saved", "Scholing voor het hele team")
    expect(page.locator(f"#r{row.id}-verbeteractie-unsaved")).to_have_count(0)
    expect(save).to_be_focused()
    expect(save).to_be_in_viewport()
    after = save.bounding_box()
    assert before is not None and after is not None
    assert abs(after["y"] - before["y"]) < 2, (before, after)  # the button is where it was on the screen
    assert count(live_server, PlanRow, PlanRow.verbeteractie == "Scholing voor het hele team") == 1


@pytest.mark.e2e
@pytest.mark.parametrize("echo", ["after the answer", "before the answer"])
def test_a_plan_rows_saved_notice_stays_whichever_of_its_answer_and_the_echo_comes_first(
    live_server: LiveServer, person: Any, echo: str
) -> None:
    held: list[HeldPushes] = []
    page, rows = _plan_on_a_phone(live_server, person, prepare=lambda page: held.append(HeldPushes(page)))
    pushes, row = held[0], rows[1]
    page.locator(f"#r{row.id}-wie").fill("Het lokale team")
    if echo == "after the answer":
        pushes.hold()
        page.locator(f"#row-{row.id}-save").click()
        expect(page.locator("#plan > .notice")).to_have_text("Opgeslagen.")
        pushes.wait_held()
        pushes.release()
    else:
        answers = HeldAnswers(page, f"**/plan/regels/{row.id}")
        page.locator(f"#row-{row.id}-save").click()
        assert answers.send() == [200]
        expect(page.locator(f"#r{row.id}-wie")).to_have_attribute("data-saved", "Het lokale team")  # the echo
        answers.deliver()
    expect(page.locator("#plan > .notice")).to_have_text("Opgeslagen.")
    expect(page.locator(f"#r{row.id}-wie")).to_have_attribute("data-saved", "Het lokale team")
    expect(page.locator(f"#r{row.id}-wie-unsaved")).to_have_count(0)
    expect(page.locator(f"#row-{row.id}-save")).to_be_focused()
