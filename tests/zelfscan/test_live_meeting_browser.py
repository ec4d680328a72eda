"""The whole morning in real browsers: organiser, facilitator, projector and phones, all live."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    BREAKOUT_1,
    FIRST_RESULTS,
    LAPTOP,
    PHONE,
    PROJECTOR,
    expect_block,
    go_to_block,
    join,
    live,
    next_block,
    organiser_headers,
)

pytestmark = pytest.mark.e2e

ROOM_ANSWER = "Antwoord van de kamer (samen vastgesteld)"
OWN_VIEW = "Jouw eigen mening"


def question(page: Page, number: int):  # type: ignore[no-untyped-def]
    return page.locator(f"article#q-{number}")


def room_radio(page: Page, number: int, label: str):  # type: ignore[no-untyped-def]
    return question(page, number).get_by_role("group", name=ROOM_ANSWER).get_by_role("radio", name=label, exact=True)


def own_radio(page: Page, number: int, label: str):  # type: ignore[no-untyped-def]
    return question(page, number).get_by_role("group", name=OWN_VIEW).get_by_role("radio", name=label, exact=True)


def mark_no_reload(page: Page) -> None:
    """A marker on `window` that a reload would wipe out."""
    page.evaluate("window.__zsNoReload = true")


def expect_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.__zsNoReload === true"), "the page was reloaded"


def test_organiser_facilitator_projector_and_two_rooms_work_live_together(live_server, person) -> None:  # type: ignore[no-untyped-def]
    url = live_server.url

    # The organiser logs in with the secret and creates the meeting with three municipalities.
    organiser = person(LAPTOP)
    org = organiser.page
    org.goto(f"{url}/organisator")
    org.get_by_label("Organisatorsleutel").fill(live_server.app.state.organiser_secret.current())
    org.get_by_role("button", name="Inloggen").click()
    expect(org.get_by_role("heading", name="Nieuwe bijeenkomst")).to_be_visible()
    form = org.locator("#new-meeting")
    form.get_by_label("Naam regio").fill("Regio Zaanstreek-Waterland")
    form.get_by_label("Gemeenten (één per regel)").fill("Amstelveen\nBussum\nCastricum")
    form.get_by_role("button", name="Bijeenkomst aanmaken").click()
    expect(org).to_have_url(re.compile(r"/organisator/bijeenkomsten/\d+$"))
    meeting_id = int(org.url.rsplit("/", 1)[1])
    code = org.locator("#join-code").inner_text().strip()
    facilitator_url = org.locator("#link-facilitator").get_attribute("href")
    display_url = org.locator("#link-display").get_attribute("href")
    assert code and facilitator_url and display_url

    # Anna (Amstelveen) types the code on the start page; Bert (Amstelveen) and Carla (Bussum) use the link.
    anna = person(PHONE)
    anna.page.goto(f"{url}/")
    anna.page.get_by_label("Deelnamecode").fill(code)
    anna.page.get_by_role("button", name="Verder").click()
    expect(anna.page).to_have_url(f"{url}/j/{code}")
    anna.page.get_by_role("radio", name="Amstelveen").check()
    anna.page.get_by_label("Naam (optioneel)").fill("Anna")
    anna.page.get_by_role("button", name="Meedoen").click()
    expect(anna.page).to_have_url(f"{url}/j/{code}/kamer")
    live(anna.page)
    bert = person(PHONE)
    join(bert.page, url, code, "Amstelveen", name="Bert")
    carla = person(PHONE)
    join(carla.page, url, code, "Bussum", name="Carla")
    phones = [anna.page, bert.page, carla.page]
    for page in phones:
        expect(page.locator("#room-main")).to_contain_text("Welkom")
        mark_no_reload(page)

    # The projector shows the join code and who has joined.
    display = person(PROJECTOR)
    display.page.goto(display_url)
    live(display.page)
    expect(display.page.locator(".join-code")).to_have_text(code)
    mark_no_reload(display.page)

    # The facilitator starts the programme and opens breakout block 1.
    facilitator = person(LAPTOP)
    facilitator.page.goto(facilitator_url)
    live(facilitator.page)
    go_to_block(facilitator.page, BREAKOUT_1)

    # Every phone switches by itself to its own room with questions 1-14.
    for page, room in ((anna.page, "Amstelveen"), (bert.page, "Amstelveen"), (carla.page, "Bussum")):
        expect(page.locator("#room-main .room-name")).to_contain_text(f"Kamer {room}")
        expect(page.locator("article.question")).to_have_count(14)
        expect(question(page, 1)).to_be_visible()
        expect(question(page, 14)).to_be_attached()
        expect(page.locator("#room-progress")).to_contain_text("0 van 14")
        expect_block(page, BREAKOUT_1)
        expect_not_reloaded(page)
    expect(display.page.locator(".progress-list .room-progress")).to_have_count(3)

    # Bussum answers question 1; Amstelveen never sees Bussum's answer.
    room_radio(carla.page, 1, "Op orde").check()
    expect(room_radio(carla.page, 1, "Op orde")).to_be_checked()
    expect(carla.page.locator("#room-progress")).to_contain_text("1 van 14")

    # In Amstelveen, Bert starts typing a toelichting on question 1 but does not save yet...
    bert_text = "Bert: de visie bestaat alleen op papier."
    bert.page.locator("#q-1-toelichting").fill(bert_text)
    # ...while Anna sets the room answer and saves her own toelichting.
    room_radio(anna.page, 1, "Niet op orde").check()
    expect(room_radio(anna.page, 1, "Niet op orde")).to_be_checked()
    expect(question(bert.page, 1)).to_have_class(re.compile(r"\banswered\b"))  # the push arrived...
    expect(bert.page.locator("#q-1-toelichting-unsaved")).to_contain_text("Niet opgeslagen")  # ...Bert's typing stayed
    expect(bert.page.locator("#q-1-toelichting")).to_have_value(bert_text)
    anna_text = "Anna: er is geen integrale visie vastgesteld."
    anna.page.locator("#q-1-toelichting").fill(anna_text)
    question(anna.page, 1).get_by_role("button", name="Toelichting opslaan").click()
    expect(question(anna.page, 1).locator(".notice")).to_have_text("Opgeslagen.")
    expect(room_radio(carla.page, 1, "Op orde")).to_be_checked()  # Bussum's own answer is untouched

    # Bert saves on his stale page: a conflict notice, his text kept, Anna's text shown beside it.
    question(bert.page, 1).get_by_role("button", name="Toelichting opslaan").click()
    expect(question(bert.page, 1).locator(".conflict")).to_contain_text(
        "Iemand anders in jouw kamer heeft dit net aangepast"
    )
    expect(bert.page.locator("#q-1-toelichting")).to_have_value(bert_text)
    expect(question(bert.page, 1).locator(".theirs")).to_contain_text(anna_text)
    expect(room_radio(bert.page, 1, "Niet op orde")).to_be_checked()  # the room answer Anna set
    # Anna's saved text is still what the room has: nothing was silently overwritten.
    expect(anna.page.locator("#q-1-toelichting")).to_have_value(anna_text)

    # Bert merges both texts and saves again; Anna sees the result without reloading.
    merged = f"{anna_text} {bert_text}"
    bert.page.locator("#q-1-toelichting").fill(merged)
    question(bert.page, 1).get_by_role("button", name="Toelichting opslaan").click()
    expect(question(bert.page, 1).locator(".notice")).to_have_text("Opgeslagen.")
    expect(question(bert.page, 1).locator(".conflict")).to_have_count(0)
    expect(anna.page.locator("#q-1-toelichting")).to_have_value(merged)
    expect(room_radio(anna.page, 1, "Niet op orde")).to_be_checked()

    # What one room member sets, the other sees: Bert answers question 2, Anna's phone follows.
    room_radio(bert.page, 2, "Op orde").check()
    expect(room_radio(anna.page, 2, "Op orde")).to_be_checked()
    own_radio(anna.page, 2, "Op orde").check()
    own_radio(bert.page, 2, "Niet op orde").check()
    for page in (anna.page, bert.page):
        expect(question(page, 2).locator(".views")).to_contain_text("1× op orde, 1× niet op orde")
        expect(question(page, 2).locator(".views .split")).to_have_text("meningen verdeeld")
        expect(page.locator("#room-progress")).to_contain_text("2 van 14")
    expect(room_radio(carla.page, 2, "Op orde")).not_to_be_checked()  # a room never sees another room
    expect(carla.page.locator("#room-progress")).to_contain_text("1 van 14")

    anna.page.evaluate("window.scrollTo(0, 0)")
    anna.page.screenshot(path="/tmp/zs-room-360.png", full_page=False)
    question(anna.page, 2).scroll_into_view_if_needed()
    anna.page.screenshot(path="/tmp/zs-room-360-q2.png", full_page=False)

    # The projector shows the progress per room.
    counts = display.page.locator(".progress-list .room-progress .count")
    expect(counts.filter(has_text="2 van 14")).to_have_count(1)
    expect(counts.filter(has_text="1 van 14")).to_have_count(1)
    expect(counts.filter(has_text="0 van 14")).to_have_count(1)

    # The JSON API agrees: both answers and the merged toelichting were kept.
    response = httpx.get(
        f"{url}/api/meetings/{meeting_id}/results", params={"privacy": "named"}, headers=organiser_headers(live_server)
    )
    response.raise_for_status()
    results = response.json()
    answered = {m["label"]: m["answered"] for m in results["municipalities"]}
    assert answered == {"Amstelveen": 2, "Bussum": 1, "Castricum": 0}
    assert {"question": 1, "municipalities": 1} in results["most_niet_op_orde"]

    # "Eerste resultaten": the projector keeps the results hidden until the facilitator shows them.
    next_block(facilitator.page, FIRST_RESULTS)
    expect_block(display.page, FIRST_RESULTS)
    expect(display.page.locator("#results.results-hidden")).to_contain_text(
        "De resultaten verschijnen hier zodra de dagvoorzitter ze toont."
    )
    expect(display.page.locator(".plotly-chart")).to_have_count(0)
    facilitator.page.get_by_role("button", name="Resultaten tonen aan de zaal").click()
    expect(display.page.locator("#results .grid")).to_contain_text("Gemeente A")
    # The results are pages: the facilitator pages on to the first municipality's spinnenweb, the display follows.
    for title in ("Opvallende vragen", "Gemeente A"):
        facilitator.page.get_by_role("button", name="Volgende pagina").click()
        for screen in (display.page, facilitator.page):
            expect(screen.locator("#result-page-title")).to_have_text(title)
    expect(display.page.locator('.plotly-chart[data-drawn="1"] .main-svg').first).to_be_visible()
    expect(facilitator.page.get_by_role("button", name="Resultaten verbergen voor de zaal")).to_be_visible()
    expect_not_reloaded(display.page)
    for page in phones:
        expect_block(page, FIRST_RESULTS)
        expect(page.locator("article.question")).to_have_count(0)
        expect_not_reloaded(page)

    display.page.screenshot(path="/tmp/zs-display-results.png", full_page=False)

    # Every script, stylesheet and image came from the app itself.
    for someone in (organiser, anna, bert, carla, display, facilitator):
        outside = [r for r in someone.requests if not r.startswith(url)]
        assert not outside, f"requests to third parties: {outside}"
