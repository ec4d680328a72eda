"""Phones follow the follow-up programme by themselves (real Chromium, phones at 360×640).

The facilitator moves the programme on; nobody on a phone clicks a link: the wheel, their own theme
group, and their own municipality's plan appear on the room page by themselves, with the
dagvoorzitter's messages and "Hulp nodig" on each.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from app.followup import themes
from app.followup.models import Theme, ThemeAnswer, ThemeMember
from app.meetings.models import Meeting, Participant
from tests.support.browser import LAPTOP, PHONE, api_meeting, join, live
from tests.support.live import browser_on

WHEEL_BLOCK, THEME_BLOCK, PLAN_BLOCK = 1, 3, 7
PEOPLE = [("Anna", "Amstelveen"), ("Bram", "Bussum"), ("Carla", "Amstelveen"), ("Dirk", "Bussum")]


def _to_block(live_server: Any, token: str, position: int) -> None:
    """The facilitator moves the (started) programme on with the facilitator link's clock API to block `position`."""
    with browser_on(live_server) as facilitator:
        current = -1
        while current < position:
            current = facilitator.post(f"/api/f/{token}/clock/next").raise_for_status().json()["current_block"]
        assert current == position


def _groups(live_server: Any, meeting_id: int) -> dict[str, str]:
    """Each person's theme group title, from the database."""
    with Session(live_server.app.state.engine) as session:
        titles = {t.id: t.title for t in session.exec(select(Theme).where(Theme.meeting_id == meeting_id))}
        names = {p.id: p.name for p in session.exec(select(Participant).where(Participant.meeting_id == meeting_id))}
        return {names[m.participant_id]: titles[m.theme_id] for m in session.exec(select(ThemeMember))}


@pytest.mark.e2e
def test_phones_switch_by_themselves_to_the_wheel_their_theme_group_and_their_plan(
    live_server: Any, person: Any
) -> None:
    info = api_meeting(live_server, ["Amstelveen", "Bussum"], agenda_key="follow-up")
    with Session(live_server.app.state.engine) as session:
        meeting = session.get(Meeting, info.id)
        assert meeting is not None
        question_set = live_server.app.state.catalog.question_set(meeting.question_set_key)
        for title in ("Zicht op veiligheid", "Samenwerking in de keten"):
            themes.add_theme(session=session, meeting=meeting, question_set=question_set, title=title)
        token = meeting.facilitator_token

    phones: dict[str, Page] = {}
    for name, town in PEOPLE:
        page = person(viewport=PHONE).page
        join(page, live_server.url, info.join_code, town, name)
        phones[name] = page
    with browser_on(live_server) as facilitator:
        assert facilitator.post(f"/api/f/{token}/clock/start").status_code == 200
    followup = person(viewport=LAPTOP).page  # the facilitator's follow-up page: groups and messages
    followup.goto(f"{live_server.url}/f/{token}/vervolg")
    live(followup)

    _to_block(live_server, token, WHEEL_BLOCK)
    for page in phones.values():
        expect(page.locator("#room-main #wheel .wheel-disc")).to_be_visible()
        expect(page.locator("#wheel-spin")).to_have_count(0)  # the phone watches, it does not spin

    _to_block(live_server, token, THEME_BLOCK)
    for page in phones.values():
        expect(page.locator("#room-main #theme-group #theme-waiting")).to_be_visible()
        expect(page.locator("#help-button")).to_be_visible()
    followup.get_by_role("button", name="Groepen indelen").click()
    expect(followup.locator("#groups-panel li[data-participant-id]")).to_have_count(len(PEOPLE))
    groups = _groups(live_server, info.id)
    assert sorted(groups) == sorted(name for name, _ in PEOPLE)
    for name, page in phones.items():
        expect(page.locator("#theme-group h3")).to_have_text(groups[name])
        expect(page).to_have_url(f"{live_server.url}/j/{info.join_code}/kamer")  # nobody clicked a link
    assert len(set(groups.values())) == 2
    for title in set(groups.values()):  # each group mixes both municipalities
        members = [n for n, g in groups.items() if g == title]
        assert {town for n, town in PEOPLE if n in members} == {"Amstelveen", "Bussum"}

    followup.get_by_label("Bericht (max. 280 tekens)").fill("Nog tien minuten voor de thema's")
    followup.get_by_role("button", name="Versturen").click()
    for page in phones.values():
        expect(page.locator("#room-extras .room-message")).to_contain_text("Nog tien minuten voor de thema's")

    _to_block(live_server, token, PLAN_BLOCK)
    for name, town in PEOPLE:
        page = phones[name]
        expect(page.locator("#room-main #plan h2")).to_have_text(f"Plan van aanpak {town}")
        expect(page.locator("#plan-text")).to_be_visible()
        expect(page.locator("#help-button")).to_be_visible()
        expect(page.locator("#theme-group")).to_have_count(0)
    phones["Anna"].get_by_role("button", name="Hulp nodig").click()
    for name in ("Anna", "Carla"):  # the whole room sees the call; the other room does not
        expect(phones[name].locator("#help-status")).to_be_visible()
    expect(phones["Bram"].locator("#help-button")).to_be_visible()


@pytest.mark.e2e
def test_a_phone_with_unsaved_text_follows_the_programme_and_gets_its_text_back_as_a_draft(
    live_server: Any, person: Any
) -> None:
    info = api_meeting(live_server, ["Amstelveen", "Bussum"], agenda_key="follow-up")
    with Session(live_server.app.state.engine) as session:
        meeting = session.get(Meeting, info.id)
        assert meeting is not None
        question_set = live_server.app.state.catalog.question_set(meeting.question_set_key)
        themes.add_theme(session=session, meeting=meeting, question_set=question_set, title="Zicht op veiligheid")
        token = meeting.facilitator_token
    phone = person(viewport=PHONE).page
    join(phone, live_server.url, info.join_code, "Bussum", "Bram")
    with browser_on(live_server) as facilitator:
        assert facilitator.post(f"/api/f/{token}/clock/start").status_code == 200
        assert facilitator.post(f"/f/{token}/themagroepen/indelen").status_code == 204
    _to_block(live_server, token, THEME_BLOCK)
    typed = "Geen gedeeld beeld van de veiligheid thuis"
    phone.get_by_label("Waar liggen de grootste knelpunten?").fill(typed)
    expect(phone.locator("#t-knelpunten-unsaved")).to_contain_text("Niet opgeslagen")

    _to_block(live_server, token, PLAN_BLOCK)  # the phone follows at once, unsaved text or not
    expect(phone.locator("#room-main #plan h2")).to_have_text("Plan van aanpak Bussum")
    expect(phone.locator("#theme-group")).to_have_count(0)

    phone.goto(f"{live_server.url}/j/{info.join_code}/thema")  # the theme group again: the draft is back
    expect(phone.get_by_label("Waar liggen de grootste knelpunten?")).to_have_value(typed)
    expect(phone.locator("#t-knelpunten-unsaved")).to_contain_text("concept")
    phone.locator("#theme-group").get_by_role("button", name="Opslaan").click()
    expect(phone.locator("#t-knelpunten-unsaved")).to_have_count(0)
    expect(phone.locator("#theme-save")).to_be_focused()
    with Session(live_server.app.state.engine) as session:
        assert typed in {a.knelpunten for a in session.exec(select(ThemeAnswer))}
