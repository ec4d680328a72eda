"""In real Chromium: the anonymised projector (results and theme board) shows no municipality name in its DOM."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from app.followup import themes
from app.meetings import participants
from app.meetings.models import Meeting, Participant
from app.meetings.schemas import JoinRequest
from tests.support.browser import PROJECTOR, live
from tests.support.projector import show_page
from tests.support.scans import NAMES, ScanFactory

pytestmark = pytest.mark.e2e

START_RESULTS = 6  # "Eerste resultaten van de zelfscan" (questions 1-14)
THEMES_BLOCK = 3  # "Aan de slag met de thema's" in the follow-up programme
PEOPLE = ("Anna de Vries", "Bert Bakker", "Carla Claassen")


@pytest.fixture
def scans(live_server: Any) -> Iterator[ScanFactory]:
    with Session(live_server.app.state.engine, expire_on_commit=False) as session:
        yield ScanFactory(session, live_server.app.state.catalog)


def _at(scans: ScanFactory, meeting: Meeting, block: int) -> None:
    meeting.current_block, meeting.results_visible = block, True
    scans.session.add(meeting)
    scans.session.commit()


def _join_everyone(scans: ScanFactory, meeting: Meeting) -> list[Participant]:
    """One named participant per municipality."""
    return [
        participants.join(
            session=scans.session,
            meeting=meeting,
            data=JoinRequest(municipality_id=scans.municipalities(meeting)[name].id or 0, name=person),
        )
        for name, person in zip(NAMES, PEOPLE, strict=True)
    ]


def _dom_text(page: Any) -> str:
    """Everything the projector renders: visible text, and every attribute (titles, labels, chart specs)."""
    return str(
        page.evaluate(
            """() => document.body.innerText + ' ' + [...document.querySelectorAll('*')]
                .flatMap(el => [...el.attributes].map(a => a.value)).join(' ')"""
        )
    )


def test_anonymised_projector_results_and_theme_board_show_no_municipality_name(
    live_server: Any, person: Any, scans: ScanFactory
) -> None:
    start = scans.meeting(privacy_mode="anonymised")
    _join_everyone(scans, start)
    scans.fill(start, toelichting="In {name} werken we samen met Bussum", nuancering="Castricum niet")
    _at(scans, start, START_RESULTS)

    display = person(PROJECTOR)
    display.page.goto(f"{live_server.url}/d/{start.display_token}")
    live(display.page)
    expect(display.page.locator("#results .grid")).to_contain_text("Gemeente C")
    expect(display.page.locator("#results details, #results button, #results a")).to_have_count(0)  # read-only
    # Each municipality's page, the region's, and a question's with its toelichtingen: none names a municipality.
    title = display.page.locator("#result-page-title")
    for shown in ("Opvallende vragen", "Gemeente A", "Gemeente B", "Gemeente C", "De regio"):
        display.page.keyboard.press("ArrowRight")
        expect(title).to_have_text(shown)
        text = _dom_text(display.page)
        assert [name for name in NAMES + PEOPLE if name.lower() in text.lower()] == []
    with Session(live_server.app.state.engine) as session:
        show_page(session, session.get(Meeting, start.id), "vraag-1")
    display.page.reload()
    expect(display.page.locator("#question-page .remarks-shown li").first).to_contain_text(
        "In Gemeente A werken we samen met Gemeente B"
    )
    text = _dom_text(display.page)
    assert [name for name in NAMES + PEOPLE if name.lower() in text.lower()] == []

    follow_up = scans.meeting(agenda_key="follow-up", privacy_mode="anonymised", scan_source_id=start.id)
    theme = themes.add_theme(
        session=scans.session,
        meeting=follow_up,
        question_set=scans.catalog.question_set(follow_up.question_set_key),
        title="Zicht op veiligheid",
    )
    for participant in _join_everyone(scans, follow_up):
        themes.join_theme(session=scans.session, meeting=follow_up, participant=participant, theme_id=theme.id or 0)
    themes.update_theme_answer(
        session=scans.session,
        theme=theme,
        base_version=0,
        changes={"knelpunten": "Amstelveen en Castricum missen een instrument"},
        now=1.0,
    )
    _at(scans, follow_up, THEMES_BLOCK)

    display.page.goto(f"{live_server.url}/d/{follow_up.display_token}")
    live(display.page)
    board = display.page.locator("#themes-board")
    expect(board).to_contain_text("3 deelnemers: Gemeente A, Gemeente B, Gemeente C")
    expect(board).to_contain_text("Gemeente A en Gemeente C missen een instrument")
    text = _dom_text(display.page)
    assert [name for name in NAMES + PEOPLE if name.lower() in text.lower()] == []
