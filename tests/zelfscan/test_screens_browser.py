"""Smaller browser checks: hidden results, the phone layout, keyboard use, language, no third parties, the clock."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    BLOCK_TITLES,
    BREAKOUT_1,
    FIRST_RESULTS,
    LAPTOP,
    PHONE,
    PROJECTOR,
    MeetingInfo,
    api_meeting,
    expect_block,
    join,
    live,
)

pytestmark = pytest.mark.e2e


def clock(live_server, meeting: MeetingInfo, action: str) -> None:  # type: ignore[no-untyped-def]
    """Setup shortcut: the facilitator's clock button, through the JSON API."""
    token = meeting.facilitator_url.rstrip("/").rsplit("/", 1)[1]
    httpx.post(f"{live_server.url}/api/f/{token}/clock/{action}").raise_for_status()


def open_block(live_server, meeting: MeetingInfo, position: int) -> None:  # type: ignore[no-untyped-def]
    clock(live_server, meeting, "start")
    for _ in range(position):
        clock(live_server, meeting, "next")


def no_horizontal_scroll(page: Page) -> None:
    width = page.viewport_size["width"] if page.viewport_size else 0
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways: {scroll_width}px content in a {width}px viewport"


def test_results_stay_hidden_on_the_display_until_the_facilitator_shows_them(live_server, person) -> None:  # type: ignore[no-untyped-def]
    meeting = api_meeting(live_server, ["Amstelveen", "Bussum"])
    phone = person(PHONE)
    join(phone.page, live_server.url, meeting.join_code, "Amstelveen")
    open_block(live_server, meeting, BREAKOUT_1)
    phone.page.locator("article#q-1").get_by_role(
        "group", name="Antwoord van de kamer (samen vastgesteld)"
    ).get_by_role("radio", name="Niet op orde").check()
    expect(phone.page.locator("#room-progress")).to_contain_text("1 van 14")
    clock(live_server, meeting, "next")

    display = person(PROJECTOR)
    display.page.goto(meeting.display_url)
    live(display.page)
    facilitator = person(LAPTOP)
    facilitator.page.goto(meeting.facilitator_url)
    live(facilitator.page)
    expect_block(display.page, FIRST_RESULTS)

    # The facilitator already sees the results (marked as not yet shown); the projector does not.
    expect(facilitator.page.locator("#results .notice")).to_have_text("Nog niet zichtbaar op het scherm van de zaal.")
    expect(facilitator.page.locator("#results .grid")).to_contain_text("Gemeente A")
    expect(display.page.locator("#results")).to_contain_text(
        "De resultaten verschijnen hier zodra de dagvoorzitter ze toont."
    )
    expect(display.page.locator(".plotly-chart")).to_have_count(0)
    expect(display.page.locator("#results .grid")).to_have_count(0)
    expect(display.page.get_by_text("Vraag 1")).to_have_count(0)

    facilitator.page.get_by_role("button", name="Resultaten tonen aan de zaal").click()
    expect(display.page.locator("#results .grid")).to_contain_text("Gemeente A")
    display.page.keyboard.press("PageDown")  # a presenter's clicker: the notable questions
    expect(display.page.locator("#results .ranked")).to_contain_text("Vraag 1")
    display.page.keyboard.press("PageDown")
    expect(display.page.locator('.plotly-chart[data-drawn="1"]').first).to_be_visible()

    facilitator.page.get_by_role("button", name="Resultaten verbergen voor de zaal").click()
    expect(display.page.locator("#results")).to_contain_text(
        "De resultaten verschijnen hier zodra de dagvoorzitter ze toont."
    )
    expect(display.page.locator(".plotly-chart")).to_have_count(0)


def test_participant_pages_fit_a_360_pixel_phone_without_sideways_scrolling(live_server, person) -> None:  # type: ignore[no-untyped-def]
    meeting = api_meeting(live_server, ["Amstelveen", "Wijdemeren-Gooise Meren-Stichtse Vecht"])
    phone = person(PHONE)
    page = phone.page
    page.goto(f"{live_server.url}/")
    no_horizontal_scroll(page)
    page.goto(f"{live_server.url}/j/{meeting.join_code}")
    no_horizontal_scroll(page)
    join(
        page,
        live_server.url,
        meeting.join_code,
        "Wijdemeren-Gooise Meren-Stichtse Vecht",
        name="Maria van den Berg-Oosterhuis",
    )
    no_horizontal_scroll(page)
    open_block(live_server, meeting, BREAKOUT_1)
    expect(page.locator("article.question")).to_have_count(14)
    no_horizontal_scroll(page)
    # Question 14 has the longest content (the Veilig Thuis checklist).
    page.locator("article#q-14").scroll_into_view_if_needed()
    no_horizontal_scroll(page)
    page.screenshot(path="/tmp/zs-room-360-q14.png")


def test_participant_can_answer_with_the_keyboard_only(live_server, person) -> None:  # type: ignore[no-untyped-def]
    meeting = api_meeting(live_server, ["Amstelveen"])
    phone = person(PHONE)
    page = phone.page
    join(page, live_server.url, meeting.join_code, "Amstelveen")
    open_block(live_server, meeting, BREAKOUT_1)
    expect(page.locator("article.question")).to_have_count(14)

    def tab_to(selector: str) -> None:
        target = page.locator(selector)
        for _ in range(60):
            if target.evaluate("el => el === document.activeElement"):
                return
            page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {selector}")

    own_op_orde = "article#q-1 form.own-view input[value=op_orde]"
    tab_to(own_op_orde)
    page.keyboard.press("Space")
    expect(page.locator(own_op_orde)).to_be_checked()
    expect(page.locator("article#q-1 .views")).to_contain_text("1× op orde")
    expect(page.locator(own_op_orde)).to_be_focused()  # the re-rendered question keeps the keyboard focus

    # Arrow keys move within the room-answer radio group (Tab lands on the checked "Nog open").
    tab_to("article#q-1 form.room-answer input[value=open]")
    page.keyboard.press("ArrowUp")
    expect(page.locator("article#q-1 form.room-answer input[value=niet_op_orde]")).to_be_checked()
    expect(page.locator("#room-progress")).to_contain_text("1 van 14")
    expect(page.locator("article#q-1 form.room-answer input[value=niet_op_orde]")).to_be_focused()

    tab_to("#q-1-toelichting")
    page.keyboard.type("Er is geen vastgestelde visie.")
    page.keyboard.press("Tab")
    expect(page.locator("article#q-1").get_by_role("button", name="Toelichting opslaan")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("article#q-1 .notice")).to_have_text("Opgeslagen.")
    expect(page.locator("#q-1-toelichting")).to_have_value("Er is geen vastgestelde visie.")
    page.reload()
    expect(page.locator("#q-1-toelichting")).to_have_value("Er is geen vastgestelde visie.")
    expect(page.locator("article#q-1 form.room-answer input[value=niet_op_orde]")).to_be_checked()


def test_every_page_is_in_dutch(live_server, person) -> None:  # type: ignore[no-untyped-def]
    meeting = api_meeting(live_server, ["Amstelveen"])
    someone = person(LAPTOP)
    page = someone.page
    urls = [
        f"{live_server.url}/",
        f"{live_server.url}/organisator",
        f"{live_server.url}/j/{meeting.join_code}",
        meeting.facilitator_url,
        meeting.display_url,
        f"{live_server.url}/j/ONBEKEND",
    ]
    for url in urls:
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", "nl")
    join(page, live_server.url, meeting.join_code, "Amstelveen")
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_no_request_leaves_for_a_third_party(live_server, person) -> None:  # type: ignore[no-untyped-def]
    meeting = api_meeting(live_server, ["Amstelveen", "Bussum"])
    phone = person(PHONE)
    join(phone.page, live_server.url, meeting.join_code, "Amstelveen")
    display = person(PROJECTOR)
    display.page.goto(meeting.display_url)
    live(display.page)
    expect(display.page.locator("img.qr")).to_have_js_property("complete", True)
    facilitator = person(LAPTOP)
    facilitator.page.goto(meeting.facilitator_url)
    live(facilitator.page)
    open_block(live_server, meeting, FIRST_RESULTS)
    facilitator.page.get_by_role("button", name="Resultaten tonen aan de zaal").click()
    expect(display.page.locator("#results .grid")).to_be_visible()
    for title in ("Opvallende vragen", "Gemeente A"):  # a presenter's clicker on the display: to the first chart
        display.page.keyboard.press("PageDown")
        expect(display.page.locator("#result-page-title")).to_have_text(title)
    expect(display.page.locator('.plotly-chart[data-drawn="1"] .main-svg').first).to_be_visible()
    expect_block(phone.page, FIRST_RESULTS)
    for someone in (phone, display, facilitator):
        assert someone.requests, "no requests were recorded"
        outside = [url for url in someone.requests if not url.startswith(live_server.url + "/")]
        assert not outside, f"requests to third parties: {outside}"


def test_participant_countdown_shows_the_same_block_as_the_dashboard(live_server, person) -> None:  # type: ignore[no-untyped-def]
    meeting = api_meeting(live_server, ["Amstelveen"])
    phone = person(PHONE)
    join(phone.page, live_server.url, meeting.join_code, "Amstelveen")
    display = person(PROJECTOR)
    display.page.goto(meeting.display_url)
    live(display.page)
    for position in (0, 1, 2):
        clock(live_server, meeting, "start" if position == 0 else "next")
        expect_block(display.page, position)
        expect_block(phone.page, position)
        phone_title = phone.page.locator("#block-status .block-title").inner_text()
        assert phone_title == display.page.locator("#block-status .block-title").inner_text() == BLOCK_TITLES[position]
        expect(phone.page.locator("#block-status .countdown")).to_have_text(re.compile(r"^-?\d+:\d\d$"))
        expect(phone.page.locator("#block-status .until")).to_have_text(
            display.page.locator("#block-status .until").inner_text()
        )


def test_pause_shows_gepauzeerd_on_the_participant_screen_live(live_server, person) -> None:  # type: ignore[no-untyped-def]
    meeting = api_meeting(live_server, ["Amstelveen"])
    phone = person(PHONE)
    join(phone.page, live_server.url, meeting.join_code, "Amstelveen")
    facilitator = person(LAPTOP)
    facilitator.page.goto(meeting.facilitator_url)
    live(facilitator.page)
    facilitator.page.get_by_role("button", name="Programma starten").click()
    expect_block(phone.page, 0)
    expect(phone.page.locator("#block-status .paused")).to_have_count(0)
    phone.page.evaluate("window.__zsNoReload = true")

    facilitator.page.get_by_role("button", name="Pauzeren").click()
    expect(phone.page.locator("#block-status .paused")).to_have_text("gepauzeerd")
    expect(phone.page.locator("#block-status")).to_have_attribute("data-running", "0")
    frozen = phone.page.locator("#block-status .countdown").inner_text()
    expect(facilitator.page.get_by_role("button", name="Hervatten")).to_be_visible()

    facilitator.page.get_by_role("button", name="Hervatten").click()
    expect(phone.page.locator("#block-status .paused")).to_have_count(0)
    expect(phone.page.locator("#block-status")).to_have_attribute("data-running", "1")
    assert frozen
    assert phone.page.evaluate("window.__zsNoReload === true"), "the participant page was reloaded"
