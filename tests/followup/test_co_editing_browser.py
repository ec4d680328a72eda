"""Two members of a theme group type at the same time in real Chromium: no one's text is lost."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from app.followup import themes
from app.followup.models import ThemeAnswer
from tests.conftest import LiveServer
from tests.support.browser import live
from tests.support.live import factory_on


def _saved(page: Page, label: str, text: str) -> None:
    """Wait until the page shows `text` as the stored value of the field (after a save or a live push)."""
    expect(page.get_by_label(label)).to_have_attribute("data-saved", text)


def _open_theme_page(person: Any, server: LiveServer, code: str, token: str) -> Page:
    someone = person()
    someone.context.add_cookies([{"name": f"zs_p_{code}", "value": token, "url": server.url}])
    someone.page.goto(f"{server.url}/j/{code}/thema")
    live(someone.page)
    return someone.page  # type: ignore[no-any-return]


@pytest.mark.e2e
def test_two_members_editing_the_theme_answer_at_once_keep_both_texts(live_server: LiveServer, person: Any) -> None:
    with factory_on(live_server) as factory:
        meeting = factory(agenda_key="follow-up")
        question_set = live_server.app.state.catalog.question_set(meeting.question_set_key)
        theme = themes.add_theme(session=factory.session, meeting=meeting, question_set=question_set, title="Zicht")
        people = [factory.participant(meeting, m) for m in ("Amstelveen", "Castricum")]
        for p in people:
            themes.join_theme(session=factory.session, meeting=meeting, participant=p, theme_id=theme.id or 0)
    anna, carla = (_open_theme_page(person, live_server, meeting.join_code, p.token) for p in people)

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
