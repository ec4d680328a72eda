"""The phone in the room as people use it (real Chromium at 360×640): nothing typed or tapped is lost.

A block change always takes the phone along, unsaved text becomes a draft that comes back with its
question; a tap made without a connection is marked as not saved and sent once the connection is back;
focus stays on the control after saving; one polite announcer region says that the block changed, once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from app.zelfscan.models import RoomAnswer
from tests.support.arrival import HeldAnswers, HeldPushes
from tests.support.browser import BREAKOUT_1, PHONE, MeetingInfo, api_meeting, join
from tests.support.live import browser_on

pytestmark = pytest.mark.e2e

ROOM_ANSWER = "Antwoord van de kamer (samen vastgesteld)"
OWN_VIEW = "Jouw eigen mening"

# Counts what is written into the announcer region (each announcement replaces its text once).
COUNT_ANNOUNCEMENTS = """
() => {
  window.__announced = [];
  new MutationObserver(() => window.__announced.push(document.getElementById("announcer").textContent))
    .observe(document.getElementById("announcer"), { childList: true, characterData: true, subtree: true });
}
"""


def _clock(live_server: Any, info: MeetingInfo, *actions: str) -> None:
    token = info.facilitator_url.rstrip("/").rsplit("/", 1)[1]
    with browser_on(live_server) as facilitator:
        for action in actions:
            facilitator.post(f"/api/f/{token}/clock/{action}").raise_for_status()


def _room_answer(page: Page, number: int, label: str):  # type: ignore[no-untyped-def]
    group = page.locator(f"#q-{number}").get_by_role("group", name=ROOM_ANSWER)
    return group.get_by_role("radio", name=label, exact=True)


def _in_breakout(
    live_server: Any, person: Any, *names: str, prepare: Callable[[Page], object] | None = None
) -> tuple[MeetingInfo, list[Page]]:
    """Phones of Amstelveen in the first breakout (`prepare` is called with each page before it joins)."""
    info = api_meeting(live_server, ["Amstelveen", "Bussum"])
    phones = []
    for name in names:
        page = person(viewport=PHONE).page
        if prepare is not None:
            prepare(page)
        join(page, live_server.url, info.join_code, "Amstelveen", name)
        phones.append(page)
    _clock(live_server, info, "start", *["next"] * BREAKOUT_1)
    for page in phones:
        expect(page.locator("article.question")).to_have_count(14)
    return info, phones


def _stored(live_server: Any, number: int) -> RoomAnswer | None:
    with Session(live_server.app.state.engine) as session:
        return session.exec(select(RoomAnswer).where(RoomAnswer.question == number)).first()


def test_unsaved_text_follows_a_block_change_as_a_draft_and_comes_back_with_its_question(
    live_server: Any, person: Any
) -> None:
    info, (anna, bert) = _in_breakout(live_server, person, "Anna", "Bert")
    # At 360×640 the first question is on the screen without scrolling, under the sticky bar.
    expect(anna.locator("#q-1 h3")).to_be_in_viewport()
    expect(anna.locator("#block-status .countdown")).to_be_in_viewport()
    anna.evaluate(COUNT_ANNOUNCEMENTS)
    assert anna.locator("#q-1-views").get_attribute("aria-live") is None  # tallies are not announced

    typed = "De visie is er, maar alleen op papier."
    anna.locator("#q-3-toelichting").fill(typed)
    expect(anna.locator("#q-3-toelichting-unsaved")).to_contain_text("Niet opgeslagen")
    _room_answer(bert, 2, "Op orde").check()  # a push for the room while Anna types
    expect(_room_answer(anna, 2, "Op orde")).to_be_checked()
    expect(anna.locator("#q-3-toelichting")).to_have_value(typed)

    _clock(live_server, info, "next")  # the results block: the phone follows at once, typing or not
    expect(anna.locator("article.question")).to_have_count(0)
    expect(anna.locator("#announcer")).to_contain_text("Het programma is verder")
    expect(anna.locator("#announcer")).to_contain_text("bewaard")
    _room_answer(bert, 2, "Op orde").wait_for(state="detached")
    assert anna.evaluate("window.__announced.length") == 1, anna.evaluate("window.__announced")

    _clock(live_server, info, "previous")  # back to the questions: the draft is offered back
    expect(anna.locator("#q-3-toelichting")).to_have_value(typed)
    expect(anna.locator("#q-3-toelichting-unsaved")).to_contain_text("concept")
    assert anna.evaluate("window.__announced.length") == 2  # once per block change
    assert _stored(live_server, 3) is None
    anna.locator("#q-3-toelichting-save").click()
    expect(anna.locator("#q-3 .notice")).to_have_text("Opgeslagen.")
    expect(anna.locator("#q-3-toelichting-save")).to_be_focused()  # focus stays on the control
    expect(anna.locator("#q-3-toelichting-unsaved")).to_have_count(0)
    expect(anna.locator("#announcer")).to_have_text("Opgeslagen.")
    expect(anna.locator("#q-3 .meta")).to_contain_text("Laatst gewijzigd door Anna")
    stored = _stored(live_server, 3)
    assert stored is not None and stored.toelichting == typed
    expect(bert.locator("#q-3-toelichting")).to_have_value(typed)

    anna.reload()  # saved: no draft is offered any more
    expect(anna.locator("#q-3-toelichting")).to_have_value(typed)
    expect(anna.locator(".unsaved-mark")).to_have_count(0)


# The room's live echo of a save and the save's own answer reach the phone in either order: "Opgeslagen."
# stays (and is said once), the text is saved, focus stays on the button, and the next save builds on it.
TYPED = "De visie is er, maar alleen op papier."


def _saved_as_shown(phone: Page) -> None:
    expect(phone.locator("#q-3 .notice")).to_have_text("Opgeslagen.")
    expect(phone.locator("#q-3-toelichting-save")).to_be_focused()
    expect(phone.locator("#q-3-toelichting-unsaved")).to_have_count(0)
    expect(phone.locator("#q-3.stale")).to_have_count(0)
    assert phone.evaluate("window.__announced") == ["Opgeslagen."]
    phone.locator("#q-3-toelichting").fill(TYPED + " Het team kent hem niet.")  # building on the saved version
    phone.locator("#q-3-toelichting-save").click()
    expect(phone.locator("#q-3-toelichting")).to_have_attribute("data-saved", TYPED + " Het team kent hem niet.")
    expect(phone.locator("#q-3 .conflict")).to_have_count(0)


def test_a_saves_notice_stays_when_the_rooms_echo_of_it_comes_after_its_answer(live_server: Any, person: Any) -> None:
    held: list[HeldPushes] = []
    _, (anna,) = _in_breakout(live_server, person, "Anna", prepare=lambda page: held.append(HeldPushes(page)))
    pushes = held[0]
    anna.evaluate(COUNT_ANNOUNCEMENTS)
    anna.locator("#q-3-toelichting").fill(TYPED)
    pushes.hold()
    anna.locator("#q-3-toelichting-save").click()
    expect(anna.locator("#q-3 .notice")).to_have_text("Opgeslagen.")  # the answer, the echo still held
    pushes.wait_held()
    anna.locator("#q-3").evaluate("card => { card.dataset.shown = 'answer'; }")
    pushes.release()
    expect(anna.locator("#q-3[data-shown]")).to_have_count(0)  # the echo re-rendered the card
    _saved_as_shown(anna)


def test_a_saves_notice_shows_when_the_rooms_echo_of_it_comes_before_its_answer(live_server: Any, person: Any) -> None:
    _, (anna,) = _in_breakout(live_server, person, "Anna")
    anna.evaluate(COUNT_ANNOUNCEMENTS)
    answers = HeldAnswers(anna, "**/vraag/3/antwoord")
    anna.locator("#q-3-toelichting").fill(TYPED)
    anna.locator("#q-3-toelichting-save").click()
    assert answers.send() == [200]
    expect(anna.locator("#q-3 .meta")).to_contain_text("Laatst gewijzigd door Anna")  # the echo, before the answer
    expect(anna.locator("#q-3 .notice")).to_have_count(0)
    answers.deliver()
    _saved_as_shown(anna)


def test_a_tap_made_offline_is_marked_not_saved_and_sent_when_the_connection_is_back(
    live_server: Any, person: Any
) -> None:
    _, (anna, bert) = _in_breakout(live_server, person, "Anna", "Bert")
    phone = anna.context
    phone.set_offline(True)
    _room_answer(anna, 4, "Niet op orde").check()
    expect(anna.locator("#q-4-kamer-unsaved")).to_contain_text("Niet opgeslagen")
    expect(_room_answer(anna, 4, "Niet op orde")).to_be_focused()
    assert _stored(live_server, 4) is None
    phone.set_offline(False)
    expect(_room_answer(bert, 4, "Niet op orde")).to_be_checked()  # sent once back online
    expect(anna.locator("#q-4-kamer-unsaved")).to_have_count(0)
    expect(_room_answer(anna, 4, "Niet op orde")).to_be_checked()
    stored = _stored(live_server, 4)
    assert stored is not None and stored.status == "niet_op_orde"

    # Undone while offline: the tap returns to the room's answer and nothing is sent.
    phone.set_offline(True)
    _room_answer(anna, 4, "Op orde").check()
    expect(anna.locator("#q-4-kamer-unsaved")).to_contain_text("Niet opgeslagen")
    anna.locator("#q-4-kamer-unsaved").get_by_role("button", name="Ongedaan maken").click()
    expect(_room_answer(anna, 4, "Niet op orde")).to_be_checked()
    expect(anna.locator("#q-4-kamer-unsaved")).to_have_count(0)
    phone.set_offline(False)
    _room_answer(bert, 5, "Op orde").check()  # a later change arrives: Anna's phone is live again
    expect(_room_answer(anna, 5, "Op orde")).to_be_checked()
    stored = _stored(live_server, 4)
    assert stored is not None and stored.status == "niet_op_orde"


def test_focus_stays_on_the_radio_after_it_saved(live_server: Any, person: Any) -> None:
    _, (anna,) = _in_breakout(live_server, person, "Anna")
    radio = _room_answer(anna, 2, "Op orde")
    radio.check()
    expect(anna.locator("#q-2")).to_have_class("question answered")
    expect(radio).to_be_focused()
    expect(anna.locator("#room-progress")).to_contain_text("1 van 14")
    expect(anna.locator("#q-current .next-open")).to_contain_text("Volgende open vraag")


def test_a_message_stays_in_view_until_it_is_dismissed_and_is_announced_once(live_server: Any, person: Any) -> None:
    info, (anna,) = _in_breakout(live_server, person, "Anna")
    anna.evaluate(COUNT_ANNOUNCEMENTS)
    anna.locator("#q-9 h3").scroll_into_view_if_needed()  # somewhere down the questions
    token = info.facilitator_url.rstrip("/").rsplit("/", 1)[1]
    with browser_on(live_server) as facilitator:
        facilitator.post(f"/f/{token}/berichten", data={"text": "Nog vijf minuten"}).raise_for_status()
    message = anna.locator(".room-message", has_text="Nog vijf minuten")
    expect(message).to_be_in_viewport()
    expect(anna.locator("#announcer")).to_have_text("Bericht van de dagvoorzitter: Nog vijf minuten")
    anna.locator("#q-1 h3").scroll_into_view_if_needed()
    expect(message).to_be_in_viewport()  # still there, wherever the phone is on the page

    _room_answer(anna, 1, "Op orde").check()  # a push re-renders the room: the message is not announced again
    expect(anna.locator("#announcer")).to_have_text("Opgeslagen.")
    message.get_by_role("button", name="Bericht gelezen, sluiten").click()
    expect(message).to_be_hidden()
    _clock(live_server, info, "next")  # re-rendered by a block change: it stays dismissed
    expect(anna.locator("article.question")).to_have_count(0)
    expect(message).to_be_hidden()
    announced = anna.evaluate("window.__announced")
    assert sum("Nog vijf minuten" in text for text in announced) == 1, announced


def test_the_connection_state_is_visible_while_the_network_is_gone(live_server: Any, person: Any) -> None:
    _, (anna,) = _in_breakout(live_server, person, "Anna")
    banner = anna.locator("#connection")
    expect(banner).to_be_hidden()
    anna.context.set_offline(True)
    expect(banner).to_have_text("Geen netwerk — je scherm gaat verder zodra er weer verbinding is.")
    expect(banner).to_be_in_viewport()
    anna.context.set_offline(False)
    expect(banner).to_be_hidden()
    expect(anna.locator("body")).to_have_attribute("data-live", "open")


def _seconds_left(page: Page) -> int:
    text = page.locator("#block-status .countdown").inner_text().strip()
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


def test_a_status_that_arrives_late_does_not_add_its_delay_to_the_countdown(live_server: Any, person: Any) -> None:
    _, (anna,) = _in_breakout(live_server, person, "Anna")
    before = _seconds_left(anna)
    # The same status as if the server had rendered it 30 s ago and it arrived only now (a slow push).
    anna.evaluate(
        """() => {
          const status = document.getElementById("block-status");
          status.dataset.serverNow = String(parseInt(status.dataset.serverNow, 10) - 30000);
          status.dataset.remaining = String(parseInt(status.dataset.remaining, 10) + 30000);
          status.dispatchEvent(new CustomEvent("htmx:oobAfterSwap", { bubbles: true }));
        }"""
    )
    assert _seconds_left(anna) <= before + 1, (before, _seconds_left(anna))  # not 30 s more


def _own_view(page: Page, number: int, label: str):  # type: ignore[no-untyped-def]
    group = page.locator(f"#q-{number}").get_by_role("group", name=OWN_VIEW)
    return group.get_by_role("radio", name=label, exact=True)


def test_after_a_block_change_each_phone_shows_its_own_views_and_name(live_server: Any, person: Any) -> None:
    info, (anna, bert) = _in_breakout(live_server, person, "Anna", "Bert")
    _own_view(anna, 3, "Op orde").check()
    _own_view(bert, 3, "Niet op orde").check()
    _own_view(bert, 7, "Op orde").check()
    for page in (anna, bert):  # the tap's answer and the room's push: the tallies agree
        expect(page.locator("#q-3-views")).to_contain_text("1× op orde, 1× niet op orde")
        expect(page.locator("#q-7-views")).to_contain_text("1× op orde, 0× niet op orde")

    _clock(live_server, info, "next")  # out of the breakout, and back: the room's screen pushed anew
    for page in (anna, bert):
        expect(page.locator("article.question")).to_have_count(0)
    _clock(live_server, info, "previous")

    for page, name in ((anna, "Anna"), (bert, "Bert")):
        expect(page.locator("article.question")).to_have_count(14)
        expect(page.locator("#room-main .room-name")).to_have_text(f"Kamer Amstelveen · {name}")
    expect(_own_view(anna, 3, "Op orde")).to_be_checked()
    expect(_own_view(anna, 3, "Niet op orde")).not_to_be_checked()
    expect(_own_view(anna, 7, "Op orde")).not_to_be_checked()
    expect(_own_view(bert, 3, "Niet op orde")).to_be_checked()
    expect(_own_view(bert, 3, "Op orde")).not_to_be_checked()
    expect(_own_view(bert, 7, "Op orde")).to_be_checked()

    # The filled-in views are this phone's own: an answer pushed to the room keeps them, a tap changes them.
    _room_answer(anna, 3, "Op orde").check()
    expect(_room_answer(bert, 3, "Op orde")).to_be_checked()
    expect(_own_view(bert, 3, "Niet op orde")).to_be_checked()
    _own_view(anna, 3, "Niet op orde").check()
    expect(anna.locator("#q-3-views")).to_contain_text("0× op orde, 2× niet op orde")
    expect(bert.locator("#q-3-views")).to_contain_text("0× op orde, 2× niet op orde")
    expect(_own_view(anna, 3, "Niet op orde")).to_be_checked()
    expect(_own_view(bert, 3, "Niet op orde")).to_be_checked()
