"""The dagvoorzitter runs the follow-up from the dashboard in real Chromium; the projector follows live."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from app.followup.models import Theme, ThemeAnswer
from app.meetings.models import Meeting
from tests.support.browser import api_meeting, live, organiser_headers

FEEDBACK, CLOSING = 4, 8  # "Plenaire terugkoppeling van de thema's" and "Hoe gaan we verder?" in the follow-up
PROJECTOR = {"width": 1920, "height": 1080}


def _follow_up_at(live_server: Any, block: int, themes: tuple[tuple[str, str], ...] = ()) -> dict[str, Any]:
    """A startbijeenkomst and its follow-up made through the API; the follow-up is at `block` with `themes`."""
    start = api_meeting(live_server, ["Amstelveen", "Bussum"])
    links: dict[str, Any] = (
        httpx.post(
            f"{live_server.url}/api/meetings/{start.id}/follow-up",
            json={"date": "2026-12-15", "start_time": "09:00"},
            headers=organiser_headers(live_server),
        )
        .raise_for_status()
        .json()
    )
    with Session(live_server.app.state.engine) as session:  # setup: the programme is at `block`
        meeting = session.get(Meeting, links["id"])
        assert meeting is not None
        meeting.current_block = block
        session.add(meeting)
        for position, (title, knelpunten) in enumerate(themes):
            theme = Theme(meeting_id=meeting.id or 0, title=title, position=position)
            session.add(theme)
            session.flush()
            session.add(ThemeAnswer(meeting_id=meeting.id or 0, theme_id=theme.id or 0, knelpunten=knelpunten))
        session.commit()
    return links


def _open_screens(person: Any, links: dict[str, Any]) -> tuple[Page, Page]:
    """The projector (full HD) and the dagvoorzitter's laptop, both live."""
    projector = person(viewport=PROJECTOR).page
    projector.goto(links["display_url"])
    facilitator = person().page
    facilitator.goto(links["facilitator_url"])
    for page in (projector, facilitator):
        live(page)
    return projector, facilitator


@pytest.mark.e2e
def test_agreements_typed_on_the_dashboard_appear_live_on_the_projector(live_server: Any, person: Any) -> None:
    links = _follow_up_at(live_server, CLOSING)
    projector, facilitator = _open_screens(person, links)
    expect(projector.locator("#agreements")).to_contain_text("Nog geen afspraken vastgelegd.")

    facilitator.locator("#agreement-kind").select_option(label="Actiepunt")
    facilitator.locator("#agreement-what").fill("Plannen van aanpak naar het college")
    facilitator.locator("#agreement-who").fill("Elke gemeente")
    facilitator.locator("#agreement-when").fill("voor 1 maart")
    facilitator.get_by_role("button", name="Vastleggen").click()

    item = projector.locator("#agreements .agreement")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Actiepunt")
    expect(item).to_contain_text("Plannen van aanpak naar het college")
    expect(item).to_contain_text("wie: Elke gemeente")
    expect(item).to_contain_text("wanneer: voor 1 maart")
    expect(projector.locator("#agreements")).not_to_contain_text("Nog geen afspraken")
    expect(facilitator.locator("#agreement-what")).to_have_value("")  # ready for the next one
    expect(projector.locator("#agreement-what")).to_have_count(0)  # the projector only shows


@pytest.mark.e2e
def test_plenaire_terugkoppeling_pages_through_the_theme_groups_on_the_projector(live_server: Any, person: Any) -> None:
    links = _follow_up_at(
        live_server,
        FEEDBACK,
        (("Capaciteit", "Te weinig mensen"), ("Samenwerking met Veilig Thuis", "Geen vast overleg")),
    )
    projector, facilitator = _open_screens(person, links)
    shown = projector.locator("#feedback-group")
    expect(shown).to_contain_text("Themagroep 1 van 2")
    expect(shown.locator("h2")).to_contain_text("Capaciteit")
    expect(shown).to_contain_text("Te weinig mensen")
    expect(projector.get_by_role("button", name="Volgende groep")).to_have_count(0)
    expect(facilitator.get_by_role("button", name="Vorige groep")).to_be_disabled()

    facilitator.get_by_role("button", name="Volgende groep").click()

    expect(shown).to_contain_text("Themagroep 2 van 2")
    expect(shown.locator("h2")).to_contain_text("Samenwerking met Veilig Thuis")
    expect(shown).to_contain_text("Geen vast overleg")
    expect(shown).not_to_contain_text("Te weinig mensen")
    expect(facilitator.get_by_role("button", name="Volgende groep")).to_be_disabled()

    facilitator.get_by_role("button", name="Vorige groep").click()

    expect(shown).to_contain_text("Themagroep 1 van 2")
    expect(shown).to_contain_text("Te weinig mensen")
