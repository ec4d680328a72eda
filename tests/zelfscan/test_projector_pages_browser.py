"""In real Chromium: the results on the projector are pages that fit the screen, paged by presenter keys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from app.meetings.models import Meeting
from app.zelfscan import pages
from tests.support.browser import LAPTOP, PROJECTOR, live
from tests.support.scans import NAMES_25, ScanFactory

pytestmark = pytest.mark.e2e

START_RESULTS = 6  # "Eerste resultaten van de zelfscan" after the first breakout (questions 1-14)
SMALL_PROJECTOR = {"width": 1280, "height": 720}

CHARTS_DRAWN = """() => Array.from(document.querySelectorAll("#dash-main .plotly-chart")).every((chart) =>
  chart.dataset.drawn === "1" && chart.querySelector(".main-svg"))"""


@pytest.fixture
def scans(live_server: Any) -> Iterator[ScanFactory]:
    with Session(live_server.app.state.engine, expire_on_commit=False) as session:
        yield ScanFactory(session, live_server.app.state.catalog)


def _show_results(scans: ScanFactory, meeting: Meeting, block: int = START_RESULTS) -> None:
    meeting.current_block, meeting.results_visible = block, True
    scans.session.add(meeting)
    scans.session.commit()


def _fits(page: Page) -> None:
    """Nothing on the page is below or beside the screen: a projector cannot scroll."""
    size = page.evaluate(
        """() => ({height: document.scrollingElement.scrollHeight, inner: innerHeight,
                   width: document.scrollingElement.scrollWidth, innerWidth: innerWidth})"""
    )
    key = page.locator("#results").get_attribute("data-page")
    assert size["height"] <= size["inner"], f"page {key} is {size['height']}px tall on a {size['inner']}px screen"
    wide = f"page {key} is {size['width']}px wide on a {size['innerWidth']}px screen"
    assert size["width"] <= size["innerWidth"], wide


def _expected_keys(scans: ScanFactory, meeting: Meeting) -> list[str]:
    return [p.key for p in pages.pages_of(session=scans.session, meeting=meeting)]


def test_every_results_page_fits_the_projector_with_25_municipalities_and_presenter_keys_page_them(
    live_server: Any, person: Any, scans: ScanFactory
) -> None:
    meeting = scans.meeting(NAMES_25, privacy_mode="named")
    scans.fill(meeting, toelichting="In {name} is vraag {q} besproken met het hele team en de partners in de wijk.")
    _show_results(scans, meeting)
    keys = _expected_keys(scans, meeting)
    assert len(keys) == 3 + 1 + 25 + 1  # the grid in three parts, notable questions, each municipality, the region

    display = person(PROJECTOR).page
    display.goto(f"{live_server.url}/d/{meeting.display_token}")
    live(display)
    results = display.locator("#results")
    for index, key in enumerate(keys):
        expect(results).to_have_attribute("data-page", key)
        display.wait_for_function(CHARTS_DRAWN)
        _fits(display)
        if key.startswith("gemeente-") or key == "regio":
            box = display.locator(".plotly-chart").bounding_box()
            assert box is not None and box["height"] >= 0.6 * PROJECTOR["height"], f"the chart of {key} is small"
        if index + 1 < len(keys):
            display.keyboard.press("PageDown" if index % 2 else "ArrowRight")
    expect(display.locator("#result-page-title")).to_have_text("De regio")
    display.keyboard.press("PageDown")  # the last page stays the last
    display.keyboard.press("PageUp")
    expect(results).to_have_attribute("data-page", keys[-2])
    display.keyboard.press("ArrowLeft")
    expect(results).to_have_attribute("data-page", keys[-3])
    expect(display.locator("#result-page-title")).to_have_text(NAMES_25[-2])

    # The facilitator pages from the dashboard (buttons and keys); the display follows.
    facilitator = person(LAPTOP).page
    facilitator.goto(f"{live_server.url}/f/{meeting.facilitator_token}")
    live(facilitator)
    facilitator.get_by_role("button", name="Volgende pagina").click()
    expect(results).to_have_attribute("data-page", keys[-2])
    expect(facilitator.locator("#results")).to_have_attribute("data-page", keys[-2])
    facilitator.get_by_label("Pagina", exact=True).select_option(label="Vraag 12")
    facilitator.get_by_role("button", name="Tonen", exact=True).click()
    for screen in (display, facilitator):  # the key below steps from the page the facilitator's screen shows
        expect(screen.locator("#result-page-title")).to_have_text("Vraag 12")
    expect(display.locator("#question-page .qtext")).to_have_text(
        scans.catalog.question_set(meeting.question_set_key).question(12).text
    )
    _fits(display)
    facilitator.locator("body").press("ArrowRight")
    expect(display.locator("#result-page-title")).to_have_text("Vraag 13")
    expect(facilitator.locator("#result-page-title")).to_have_text("Vraag 13")
    facilitator.get_by_role("button", name="Terug naar het overzicht").click()
    expect(display.locator("#result-page-title")).to_have_text("Overzicht (1 van 3)")
    facilitator.get_by_role("button", name="Vraag 31 met de toelichtingen tonen").click()  # a column's number
    expect(display.locator("#result-page-title")).to_have_text("Vraag 31")


def test_results_pages_fit_a_1280_by_720_projector(live_server: Any, person: Any, scans: ScanFactory) -> None:
    meeting = scans.meeting(NAMES_25, privacy_mode="named")
    scans.fill(meeting)
    _show_results(scans, meeting)
    keys = _expected_keys(scans, meeting)

    display = person(SMALL_PROJECTOR).page
    display.goto(f"{live_server.url}/d/{meeting.display_token}")
    live(display)
    for key in (keys[0], keys[3], keys[4], keys[-1]):  # an overview part, notable questions, a municipality, the region
        scans.session.refresh(meeting)
        pages.turn(
            session=scans.session,
            meeting=meeting,
            question_set=scans.catalog.question_set(meeting.question_set_key),
            page=key,
        )
        display.reload()
        live(display)
        expect(display.locator("#results")).to_have_attribute("data-page", key)
        display.wait_for_function(CHARTS_DRAWN)
        _fits(display)


def test_standards_not_asked_yet_are_shown_as_not_asked_not_as_zero(
    live_server: Any, person: Any, scans: ScanFactory
) -> None:
    meeting = scans.meeting(("Amstelveen", "Bussum", "Castricum"), privacy_mode="anonymised")
    for name in ("Amstelveen", "Bussum", "Castricum"):
        for question in range(1, 15):  # the first breakout's questions only: standards 4, 5, 7 and 8 not yet asked
            scans.answer(meeting, name, question, "op_orde")
    _show_results(scans, meeting)

    display = person(PROJECTOR).page
    display.goto(f"{live_server.url}/d/{meeting.display_token}")
    live(display)
    grid = display.locator("#results .grid")
    expect(grid.locator("tbody tr").first.locator("td.not-asked")).to_have_count(31 - 14)
    expect(grid.locator("tbody tr").first.locator("td.op_orde")).to_have_count(14)

    title = display.locator("#result-page-title")
    display.keyboard.press("ArrowRight")  # a press repeated before the next page shows lands on that same page
    expect(title).to_have_text("Opvallende vragen")
    display.keyboard.press("ArrowRight")
    expect(title).to_have_text("Gemeente A")
    display.wait_for_function(CHARTS_DRAWN)
    numbers = display.locator("#numbers-m" + str(scans.municipalities(meeting)["Amstelveen"].id))
    expect(numbers.locator("tr", has_text="4 Zicht op veiligheid")).to_contain_text("niet gevraagd")
    expect(numbers.locator("tr", has_text="1 Visie en beleid")).to_contain_text("100%")
    chart = display.locator(".plotly-chart")
    # Drawn as a gap, not as 0 %: no value on the axes of standards 4, 5, 7 and 8, and the axis says why.
    drawn = chart.evaluate("(el) => el.data.map((trace) => trace.r.slice(0, 10))")
    assert [value is None for value in drawn[0]] == [False, False, False, True, True, False, True, True, False, False]
    expect(chart.locator(".angularaxistick", has_text="niet gevraagd")).to_have_count(4)
    expect(chart.locator(".angularaxistick", has_text="Zicht op veiligheid")).to_have_count(1)

    for shown in ("Gemeente B", "Gemeente C", "De regio"):
        display.keyboard.press("PageDown")
        expect(title).to_have_text(shown)
    expect(display.locator("#results-statements")).to_contain_text("5 Capaciteit: niet gevraagd")
    expect(display.locator("#results-statements")).to_contain_text("3 van 3 · 1 Visie en beleid")
