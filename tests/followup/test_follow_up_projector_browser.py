"""The follow-up bijeenkomst on the projector, as a person at the back of the room sees it (real Chromium).

Each block's display at 1920×1080 for a region of 25 municipalities with six theme groups and eight
agreements: the block's part fits the screen (nothing below it, no scrolling), its text is at least
the projector's sizes (app/static/projector.css: body 32px, labels 24px), axe finds no WCAG 2.1 AA
violation, and in anonymised mode no municipality or person is named.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from app.followup import agreements, themes
from app.meetings import participants
from app.meetings.models import Meeting
from app.meetings.schemas import JoinRequest
from app.wheel import service as wheel_service
from tests.support.axe import axe_report
from tests.support.browser import PROJECTOR, live
from tests.support.followups import follow_up_meeting
from tests.support.scans import NAMES_25, ScanFactory

pytestmark = pytest.mark.e2e

BODY_PX, LABEL_PX = 32, 24  # projector.css: --p-body, --p-label
SMALL_PROJECTOR = {"width": 1280, "height": 720}
THEMES = (
    "Regie en samenwerking met partners in de keten",
    "Systeemgericht werken in het hele gezin",
    "Deskundigheid en scholing van de teams",
    "Registratie en monitoring van de casussen",
    "Borging in beleid en financiering",
)
ANSWER = (
    "Het ontbreekt aan een gedeelde werkwijze tussen de teams; ieder team weegt de veiligheid op zijn eigen"
    " manier en de overdracht naar Veilig Thuis loopt daardoor niet altijd goed, zeker in {name}."
)
AGREEMENTS = (
    "Elke gemeente legt haar plan van aanpak voor 1 maart aan het college voor",
    "De regiocoördinator verzamelt de plannen en maakt een overzicht voor het regio-overleg",
    "Scholing over systeemgericht werken voor alle wijkteams in het voorjaar",
    "Gezamenlijk risicotaxatie-instrument kiezen in het regio-overleg van april",
    "Over een jaar de zelfscan opnieuw invullen als evaluatie",
    "Ervaringen met het casusoverleg delen in de volgende bijeenkomst",
)
PEOPLE = ("Bram de Vries", "Carla Jansen", "Anna Visser", "Dirk Bakker", "Eva de Boer", "Fleur Smit")

# Block positions in agendas/follow-up.yaml, each with the element holding the block's main text.
BLOCKS = {
    "rad": (1, "#wheel-question"),
    "uitkomsten": (2, "#themes-chosen li"),
    "themagroepen": (3, "#themes-board .theme-card h3"),
    "terugkoppeling": (4, "#feedback-group .theme-answers dd"),
    "plan-uitleg": (6, "#plan-progress .mun"),
    "plan": (7, "#plan-progress .mun"),
    "afspraken": (8, "#agreements .what"),
}
MAIN_AT_LABEL_SIZE = {"uitkomsten"}  # the chosen themes are a strip above the results pages, at label size

MEASURE = """(main) => {
  const stage = document.querySelector('#dash-main');
  const limit = Math.min(innerHeight, stage.getBoundingClientRect().bottom);
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
    && getComputedStyle(el).visibility !== 'hidden'; };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const below = [], small = [];
  for (const el of stage.querySelectorAll('*')) {
    if (!shown(el)) continue;
    const bottom = el.getBoundingClientRect().bottom;
    if (bottom > limit + 0.5) below.push(`${name(el)} ends at ${Math.round(bottom)}px`);
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join(' ');
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (text && el.closest('.sr-only') === null) small.push([size, `${name(el)} "${text.slice(0, 30)}" ${size}px`]);
  }
  const mains = [...stage.querySelectorAll(main)].filter(shown).map((el) => parseFloat(getComputedStyle(el).fontSize));
  const scroller = document.scrollingElement;
  return {below, sizes: small, mains, limit,
    scroll: [scroller.scrollHeight, innerHeight, scroller.scrollWidth, innerWidth]};
}"""


@pytest.fixture
def scans(live_server: Any) -> Iterator[ScanFactory]:
    with Session(live_server.app.state.engine, expire_on_commit=False) as session:
        yield ScanFactory(session, live_server.app.state.catalog)


def _region(scans: ScanFactory, names: tuple[str, ...] = NAMES_25, agreed: int = len(AGREEMENTS)) -> Meeting:
    """A follow-up of `names` in anonymised mode: six theme groups with people and answers, 2 + `agreed` agreements."""
    db, catalog = scans.session, scans.catalog
    meeting = follow_up_meeting(db, catalog, scans, names=names, privacy_mode="anonymised").meeting
    question_set = catalog.question_set(meeting.question_set_key)
    for position, title in enumerate(THEMES):
        theme = themes.add_theme(
            session=db, meeting=meeting, question_set=question_set, title=title, standards=str(position + 1)
        )
        answer = ANSWER.format(name=names[position % len(names)])
        changes = {"knelpunten": answer, "kansen": answer, "quick_win": answer[:90], "scope": "regionaal"}
        themes.update_theme_answer(session=db, theme=theme, base_version=0, changes=changes, now=10.0 + position)
    chosen = themes.themes_of(session=db, meeting=meeting)
    municipalities = list(scans.municipalities(meeting).values())
    for position, person in enumerate(PEOPLE):
        joined = participants.join(
            session=db,
            meeting=meeting,
            data=JoinRequest(
                municipality_id=municipalities[position % len(municipalities)].id or 0, name=person, role="beleid"
            ),
        )
        theme = chosen[position % len(chosen)]
        themes.join_theme(session=db, meeting=meeting, participant=joined, theme_id=theme.id or 0)
    for position, what in enumerate(AGREEMENTS[:agreed]):
        kind = "action" if position % 2 else "agreement"
        who, when = (names[position % len(names)], "voor 1 maart") if kind == "action" else ("", "")
        agreements.add_agreement(
            session=db, meeting=meeting, kind=kind, what=what, who=who, when=when, now=20.0 + position
        )
    wheel_service.spin(session=db, meeting=meeting, rng=random.Random(5), now=30.0, by="gespreksleider")
    return meeting


def _at(scans: ScanFactory, meeting: Meeting, block: int) -> None:
    meeting.current_block, meeting.results_visible = block, True
    scans.session.add(meeting)
    scans.session.commit()


def _open(page: Page, url: str) -> None:
    page.goto(url)
    live(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.plotly-chart')].every((c) => c.dataset.drawn === '1')"
    )


def _readable_from_the_back(page: Page, main: str, main_px: int) -> list[str]:
    """What a person at the back would notice on the screen now: content cut off, text too small to read."""
    seen = page.evaluate(MEASURE, main)
    height, inner, width, inner_width = seen["scroll"]
    problems = [f"the page scrolls: {height}px tall on {inner}px"] if height > inner else []
    problems += [f"the page scrolls sideways: {width}px wide on {inner_width}px"] if width > inner_width else []
    problems += [f"cut off below {seen['limit']:.0f}px: {', '.join(seen['below'][:5])}"] if seen["below"] else []
    small = sorted({text for size, text in seen["sizes"] if size < LABEL_PX})
    problems += [f"text below the projector's label size ({LABEL_PX}px): {'; '.join(small[:5])}"] if small else []
    if not seen["mains"]:
        problems.append(f"the block's main content ({main}) is not on the screen")
    elif min(seen["mains"]) < main_px:
        problems.append(f"the block's main text ({main}) is {min(seen['mains'])}px, below {main_px}px")
    return problems


def _named(page: Page, names: tuple[str, ...]) -> list[str]:
    text = str(page.evaluate("() => document.body.innerText"))
    return [name for name in names if re.search(rf"\b{re.escape(name)}\b", text)]


@pytest.mark.parametrize("block", list(BLOCKS))
def test_each_follow_up_block_is_readable_from_the_back_of_the_room(
    live_server: Any, person: Any, scans: ScanFactory, block: str
) -> None:
    meeting = _region(scans)
    position, main = BLOCKS[block]
    _at(scans, meeting, position)
    display = person(PROJECTOR).page
    _open(display, f"{live_server.url}/d/{meeting.display_token}")
    expect(display.locator(main).first).to_be_visible()

    problems = _readable_from_the_back(display, main, LABEL_PX if block in MAIN_AT_LABEL_SIZE else BODY_PX)
    report = axe_report(display, what=f"the projector in block {position} ({block})")
    assert not problems and not report, "\n".join([*problems, report])
    assert _named(display, NAMES_25 + PEOPLE) == []  # anonymised: letters for municipalities, never a person


def test_the_follow_up_blocks_of_eight_municipalities_fit_a_1280_by_720_projector(
    live_server: Any, person: Any, scans: ScanFactory
) -> None:
    meeting = _region(scans, NAMES_25[:8], agreed=2)  # four agreements: more are cut to three lines each at 720
    display = person(SMALL_PROJECTOR).page
    problems = []
    for block, (position, main) in BLOCKS.items():
        _at(scans, meeting, position)
        _open(display, f"{live_server.url}/d/{meeting.display_token}")
        main_px = LABEL_PX if block in MAIN_AT_LABEL_SIZE else BODY_PX
        problems += [f"{block}: {problem}" for problem in _readable_from_the_back(display, main, main_px)]
    assert not problems, "\n".join(problems)
