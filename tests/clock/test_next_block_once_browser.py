"""A double click on "Volgend blok" (or a second click while the dashboard catches up) moves on one block only."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from app.catalog.loader import load_catalog
from app.meetings.models import Meeting
from tests.support.browser import api_meeting, live, organiser_headers

WAIT_MS = 30_000
TITLES = [block.title for block in load_catalog().agenda("follow-up").blocks]
COUNT_CLOCK_REQUESTS = """
window.__clockSent = 0;
window.__clockDone = 0;
// Counted on the XMLHttpRequest itself: htmx's own afterRequest event is lost when the live push has
// already replaced the clicked button (and its parents) by the time the answer arrives.
(function () {
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__clock = String(url).indexOf("/klok/") >= 0;
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.__clock) {
      window.__clockSent += 1;
      this.addEventListener("loadend", function () { window.__clockDone += 1; });
    }
    return send.apply(this, arguments);
  };
})();
"""


@pytest.mark.e2e
def test_a_double_click_on_volgend_blok_moves_on_one_block(live_server: Any, person: Any) -> None:
    start = api_meeting(live_server, ["Amstelveen", "Bussum"])
    links = (
        httpx.post(
            f"{live_server.url}/api/meetings/{start.id}/follow-up",
            json={"date": "2026-12-15", "start_time": "09:00"},
            headers=organiser_headers(live_server),
        )
        .raise_for_status()
        .json()
    )
    facilitator = person()
    facilitator.context.add_init_script(COUNT_CLOCK_REQUESTS)
    page = facilitator.page
    facilitator.context.set_default_timeout(WAIT_MS)
    page.goto(links["facilitator_url"])
    live(page)
    page.get_by_role("button", name="Programma starten").click()
    for position in (1, 2):
        expect(page.locator("#block-status .block-title")).to_have_text(TITLES[position - 1])
        page.get_by_role("button", name="Volgend blok").click()
    expect(page.locator("#block-status .block-title")).to_have_text(TITLES[2])
    page.wait_for_function("() => window.__clockDone >= 3", timeout=WAIT_MS)

    page.get_by_role("button", name="Volgend blok").dblclick()

    # Every click htmx sent is answered (under load it may drop the second click itself: then one was sent).
    page.wait_for_function(
        "() => window.__clockDone >= 4 && window.__clockDone === window.__clockSent", timeout=WAIT_MS
    )
    expect(page.locator("#block-status .block-title")).to_have_text(TITLES[3])
    with Session(live_server.app.state.engine) as session:
        meeting = session.get(Meeting, links["id"])
        assert meeting is not None and meeting.current_block == 3, "one double click skipped a block"
    expect(page.locator("#alert")).to_be_hidden()
