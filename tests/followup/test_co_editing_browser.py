"""Two members of a theme group type at the same time in real Chromium: no one's text is lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from app.followup import themes
from app.followup.models import ThemeAnswer
from tests.conftest import LiveServer
from tests.support.arrival import HeldAnswers, HeldPushes
from tests.support.browser import live
from tests.support.live import factory_on


def _saved(page: Page, label: str, text: str) -> None:
    """Wait until the page shows `text` as the stored value of the field (after a save or a live push)."""
    expect(page.get_by_label(label)).to_have_attribute("data-saved", text)


def _open_theme_page(
    person: Any, server: LiveServer, code: str, token: str, prepare: Callable[[Page], object] | None = None
) -> Page:
    someone = person()
    someone.context.add_cookies([{"name": f"zs_p_{code}", "value": token, "url": server.url}])
    if prepare is not None:
        prepare(someone.page)
    someone.page.goto(f"{server.url}/j/{code}/thema")
    live(someone.page)
    return someone.page  # type: ignore[no-any-return]


def _theme_group(
    live_server: LiveServer, person: Any, prepare: Callable[[Page], object] | None = None
) -> tuple[Page, Page]:
    """Anna (Amstelveen) and Carla (Castricum) on the theme page of their group "Zicht" (`prepare`: Anna's page)."""
    with factory_on(live_server) as factory:
        meeting = factory(agenda_key="follow-up")
        question_set = live_server.app.state.catalog.question_set(meeting.question_set_key)
        theme = themes.add_theme(session=factory.session, meeting=meeting, question_set=question_set, title="Zicht")
        people = [factory.participant(meeting, m) for m in ("Amstelveen", "Castricum")]
        for p in people:
            themes.join_theme(session=factory.session, meeting=meeting, participant=p, theme_id=theme.id or 0)
    anna = _open_theme_page(person, live_server, meeting.join_code, people[0].token, prepare)
    return anna, _open_theme_page(person, live_server, meeting.join_code, people[1].token)


@pytest.mark.e2e
def test_two_members_editing_the_theme_answer_at_once_keep_both_texts(live_server: LiveServer, person: Any) -> None:
    anna, carla = _theme_group(live_server, person)

    # Different fields: Anna saves first; Carla, still typing, saves hers: both texts are kept.
    anna.get_by_label("Waar liggen de grootste knelpunten?").fill("Geen gedeeld instrument")
    carla.get_by_label("Waar liggen de kansen?").fill("Regionale scholing")
    anna.get_by_role("button", name="Opslaan").click()
    _saved(anna, "Waar liggen de grootste knelpunten?", "Geen gedeeld instrument")
    carla.get_by_role("button", name="Opslaan").click()
    _saved(carla, "Waar liggen de kansen?", "Regionale scholing")
    expect(carla.get_by_label("Waar liggen de grootste knelpunten?")).to_have_value("Geen gedeeld instrument")
    _saved(anna, "Waar liggen de kansen?", "Regionale scholing")  # pushed live

    # The same field: Carla's save is refused; she sees Anna's text and still has her own.
    anna.get_by_label("Is er een quick win?").fill("Casusoverleg")
    carla.get_by_label("Is er een quick win?").fill("Scholingsdag")
    anna.get_by_role("button", name="Opslaan").click()
    _saved(anna, "Is er een quick win?", "Casusoverleg")
    carla.get_by_role("button", name="Opslaan").click()
    expect(carla.locator("#theme-group .conflict[role=alert]")).to_contain_text("Casusoverleg")
    expect(carla.get_by_label("Is er een quick win?")).to_have_value("Scholingsdag")
    carla.get_by_label("Is er een quick win?").fill("Casusoverleg en een scholingsdag")
    carla.get_by_role("button", name="Opslaan").click()
    _saved(carla, "Is er een quick win?", "Casusoverleg en een scholingsdag")

    with Session(live_server.app.state.engine) as session:
        answer = session.exec(select(ThemeAnswer)).one()
    assert (answer.knelpunten, answer.kansen, answer.quick_win) == (
        "Geen gedeeld instrument",
        "Regionale scholing",
        "Casusoverleg en een scholingsdag",
    )


QUICK_WIN = "Is er een quick win?"


@pytest.mark.e2e
def test_a_co_editors_save_that_arrives_while_saving_the_same_field_shows_the_conflict_at_once(
    live_server: LiveServer, person: Any
) -> None:
    anna, carla = _theme_group(live_server, person)
    answers = HeldAnswers(anna, "**/thema/antwoord")
    anna.get_by_label(QUICK_WIN).fill("Scholingsdag")
    carla.get_by_label(QUICK_WIN).fill("Casusoverleg")
    anna.get_by_role("button", name="Opslaan").click()  # held on its way
    carla.get_by_role("button", name="Opslaan").click()
    _saved(carla, QUICK_WIN, "Casusoverleg")
    _saved(anna, QUICK_WIN, "Casusoverleg")  # Carla's save reaches Anna while hers is under way
    expect(anna.get_by_label(QUICK_WIN)).to_have_value("Scholingsdag")
    assert answers.send() == [409]
    answers.deliver()
    # Refused, and why, at once: Carla's text beside Anna's own, which is kept in the field (no second tap).
    conflict = anna.locator("#theme-group .conflict[role=alert]")
    expect(conflict).to_contain_text("Iemand anders heeft intussen")
    expect(conflict).to_contain_text("Casusoverleg")
    expect(anna.get_by_label(QUICK_WIN)).to_have_value("Scholingsdag")
    expect(anna.locator("#t-quick-unsaved")).to_contain_text("Niet opgeslagen")
    anna.get_by_label(QUICK_WIN).fill("Casusoverleg en een scholingsdag")
    anna.get_by_role("button", name="Opslaan").click()
    _saved(carla, QUICK_WIN, "Casusoverleg en een scholingsdag")
    expect(anna.locator("#theme-group .conflict")).to_have_count(0)


@pytest.mark.e2e
def test_a_theme_saves_notice_stays_when_the_groups_echo_of_it_comes_after_its_answer(
    live_server: LiveServer, person: Any
) -> None:
    held: list[HeldPushes] = []
    anna, carla = _theme_group(live_server, person, prepare=lambda page: held.append(HeldPushes(page)))
    pushes = held[0]
    anna.get_by_label(QUICK_WIN).fill("Casusoverleg")
    pushes.hold()
    anna.get_by_role("button", name="Opslaan").click()
    expect(anna.locator("#theme-group .notice")).to_have_text("Opgeslagen.")  # the answer, the echo still held
    pushes.wait_held()
    anna.locator("#theme-group").evaluate("group => { group.dataset.shown = 'answer'; }")
    pushes.release()
    expect(anna.locator("#theme-group[data-shown]")).to_have_count(0)  # the echo re-rendered the group
    expect(anna.locator("#theme-group .notice")).to_have_text("Opgeslagen.")
    expect(anna.locator("#announcer")).to_have_text("Opgeslagen.")

    carla.get_by_label("Waar liggen de kansen?").fill("Regionale scholing")  # a newer version by someone else
    carla.get_by_role("button", name="Opslaan").click()
    _saved(anna, "Waar liggen de kansen?", "Regionale scholing")
    expect(anna.locator("#theme-group .notice")).to_have_count(0)
