"""The facilitator's dashboard in Chromium: pushed deltas leave the page as a full render would show it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from app.meetings.models import Meeting
from app.zelfscan.pages import MUNICIPALITY
from tests.conftest import LiveServer
from tests.support.browser import LAPTOP, live
from tests.support.live import browser_on, factory_on, phone_on
from tests.support.projector import show_page

pytestmark = pytest.mark.e2e

ROOMS = ("Amstelveen", "Bussum", "Castricum", "Diemen", "Edam")
BREAKOUT = 5

# The page's #dash-main without what legitimately differs between a pushed page and a fresh one:
# the newest change id (a fresh render has none), Plotly's drawing inside the charts, htmx's
# transient classes. The charts' specs are compared as data; `drawn` is what Plotly shows.
SNAPSHOT = """() => {
  const main = document.getElementById("dash-main").cloneNode(true);
  main.querySelector("#dash-changed").removeAttribute("data-last-change");
  const charts = {};
  document.querySelectorAll("#dash-main .plotly-chart").forEach((chart) => {
    charts[chart.id] = {spec: JSON.parse(chart.dataset.spec), drawn: (chart.data || []).map((t) => Array.from(t.r))};
  });
  main.querySelectorAll(".plotly-chart").forEach((chart) => {
    chart.innerHTML = ""; chart.removeAttribute("data-spec"); chart.removeAttribute("data-drawn");
    chart.removeAttribute("style"); chart.className = "plotly-chart";
  });
  main.querySelectorAll("[class]").forEach((el) => {
    el.classList.forEach((c) => { if (c.startsWith("htmx-")) el.classList.remove(c); });
    if (!el.className) el.removeAttribute("class");
  });
  return {html: main.outerHTML, charts: charts};
}"""

CHARTS_DRAWN = """() => Array.from(document.querySelectorAll("#dash-main .plotly-chart")).every((chart) =>
  chart.data && JSON.stringify(chart.data.map((t) => t.r))
    === JSON.stringify(JSON.parse(chart.dataset.spec).data.map((t) => t.r)))"""


def _breakout_showing_chart(live_server: LiveServer, meeting: Any, municipality_id: int) -> None:
    """The programme at the breakout, the results on one municipality's spinnenweb (a page with a chart)."""
    with browser_on(live_server) as facilitator_api:
        clock = f"/api/f/{meeting.facilitator_token}/clock"
        response = facilitator_api.post(f"{clock}/start")
        assert response.status_code == 200, response.text
        while response.json()["current_block"] != BREAKOUT:
            response = facilitator_api.post(f"{clock}/next")
    with Session(live_server.app.state.engine) as session:
        stored = session.get(Meeting, meeting.id)
        assert stored is not None
        show_page(session, stored, f"{MUNICIPALITY}-{municipality_id}")


def test_fifty_answers_pushed_as_deltas_give_the_page_a_full_render_gives(live_server: LiveServer, person) -> None:  # type: ignore[no-untyped-def]
    with factory_on(live_server) as factory:
        meeting = factory(ROOMS)
        members = {room: factory.participant(meeting, room, name=f"Lid {room}") for room in ROOMS}
    _breakout_showing_chart(live_server, meeting, members["Bussum"].municipality_id)

    page: Page = person(LAPTOP).page
    page.goto(f"{live_server.url}/f/{meeting.facilitator_token}")
    live(page)
    page.wait_for_function(CHARTS_DRAWN)
    page.evaluate("window.__zsNoReload = true")

    last = ""
    for room, member in members.items():  # 50 changes in a burst: 5 rooms × 10 questions
        with phone_on(live_server, meeting, member) as phone:
            for number in range(1, 11):
                status = "op_orde" if (number + len(room)) % 3 else "niet_op_orde"
                answer = phone.post(
                    f"/api/j/{meeting.join_code}/questions/{number}/answer",
                    json={"base_version": 0, "status": status, "toelichting": f"{room} over vraag {number}"},
                )
                assert answer.status_code == 200, answer.text
                last = answer.headers["X-Change-Id"]

    # A generous wait: on a loaded machine Chromium may take a while to work through the pushes.
    expect(page.locator("#dash-changed")).to_have_attribute("data-last-change", last, timeout=60_000)
    page.wait_for_function(CHARTS_DRAWN)
    assert page.evaluate("window.__zsNoReload === true"), "the page was reloaded instead of updated"
    pushed = page.evaluate(SNAPSHOT)
    expect(page.locator(".room-progress").first).to_contain_text("10 van 14")

    page.reload()
    live(page)
    page.wait_for_function(CHARTS_DRAWN)
    fresh = page.evaluate(SNAPSHOT)

    assert pushed["html"] == fresh["html"]
    assert pushed["charts"] == fresh["charts"] and pushed["charts"], "Bussum's spinnenweb was compared"
    assert "Gemeente E over vraag 10" in fresh["html"]  # the last answer (projected anonymised)


COUNT_DRAWS = """() => {
  window.__draws = 0;
  const react = window.Plotly.react;
  window.Plotly.react = function () { window.__draws += 1; return react.apply(this, arguments); };
}"""


def test_one_push_redraws_each_changed_chart_once(live_server: LiveServer, person) -> None:  # type: ignore[no-untyped-def]
    # htmx reports every swap of a push again for each later piece of it and for the page's socket element:
    # a page that redrew its charts on each report fell seconds behind a busy meeting (issue 9).
    with factory_on(live_server) as factory:
        meeting = factory(ROOMS)
        member = factory.participant(meeting, "Bussum", name="Bram")
    _breakout_showing_chart(live_server, meeting, member.municipality_id)
    page: Page = person(LAPTOP).page
    page.goto(f"{live_server.url}/f/{meeting.facilitator_token}")
    live(page)
    page.wait_for_function(CHARTS_DRAWN)
    with phone_on(live_server, meeting, member) as phone:  # the first push after joining is a full one
        first = phone.post(
            f"/api/j/{meeting.join_code}/questions/1/answer", json={"base_version": 0, "status": "op_orde"}
        )
        expect(page.locator("#dash-changed")).to_have_attribute("data-last-change", first.headers["X-Change-Id"])
        page.wait_for_function(CHARTS_DRAWN)
        page.evaluate(COUNT_DRAWS)
        answer = phone.post(
            f"/api/j/{meeting.join_code}/questions/2/answer",
            json={"base_version": 0, "status": "op_orde", "toelichting": "Afspraken staan op papier"},
        )
    # One answer: the room's progress line, grid row, the tables, the remarks and every chart's data (the region's).
    expect(page.locator("#dash-changed")).to_have_attribute("data-last-change", answer.headers["X-Change-Id"])
    page.wait_for_function(CHARTS_DRAWN)
    expect(page.locator("#results-remarks")).to_contain_text("Afspraken staan op papier")

    assert 0 < page.evaluate("window.__draws") <= page.locator("#dash-main .plotly-chart").count()
