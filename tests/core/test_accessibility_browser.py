"""axe-core (WCAG 2.1 A and AA) on every page and state of the day, on a phone (360×640) and a projector (1920×1080).

Every state is set up directly (factories on the live server's database, no clicking through the
programme), then each of its pages is opened by URL: a page whose layout changes stays covered. To
cover a new page or state, add a row to SCREENS (or a path to ORGANISER_PAGES).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from app.followup import themes
from app.meetings import participants
from app.meetings.models import Meeting
from app.meetings.schemas import JoinRequest
from tests.conftest import LiveServer
from tests.support.axe import axe_report, contrast_ratio
from tests.support.browser import PHONE, PROJECTOR
from tests.support.followups import follow_up_meeting
from tests.support.scans import ScanFactory

pytestmark = pytest.mark.e2e

VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, PROJECTOR], ids=["360x640", "1920x1080"])
REFLOW = {"width": 320, "height": 640}  # WCAG 1.4.10: 320 CSS px wide without scrolling sideways
LOAD_MS = 30_000  # a dashboard loads plotly.js (3.5 MB): generous on a busy two-core machine

# Wait until every chart on the page has been drawn (plotly adds its SVG), so axe sees the finished page.
CHARTS_DRAWN = "() => [...document.querySelectorAll('.plotly-chart')].every((c) => c.querySelector('svg'))"


@dataclass
class Day:
    """A startbijeenkomst with a filled-in scan and its follow-up with every record; one participant in each."""

    server: LiveServer
    start: Meeting
    follow: Meeting
    tokens: dict[int, str]  # meeting id -> the participant's cookie value

    def meeting(self, which: str) -> Meeting:
        return self.start if which == "start" else self.follow


@pytest.fixture
def day(live_server: LiveServer) -> Iterator[Day]:
    with Session(live_server.app.state.engine, expire_on_commit=False) as db:
        scans = ScanFactory(db, live_server.app.state.catalog)
        made = follow_up_meeting(db, scans.catalog, scans, privacy_mode="named")
        tokens = {}
        for meeting in (made.start, made.meeting):
            bussum = scans.municipalities(meeting)["Bussum"]
            participant = participants.join(
                session=db,
                meeting=meeting,
                data=JoinRequest(municipality_id=bussum.id or 0, name="Bram", role="beleid"),
            )
            tokens[meeting.id or 0] = participant.token
        theme = themes.themes_of(session=db, meeting=made.meeting)[0]
        member = participants.find_by_token(session=db, meeting=made.meeting, token=tokens[made.meeting.id or 0])
        assert member is not None
        themes.join_theme(session=db, meeting=made.meeting, participant=member, theme_id=theme.id or 0)
        yield Day(live_server, made.start, made.meeting, tokens)


def _set_state(day: Day, which: str, block: int | None, *, finished: bool = False, **fields: object) -> Meeting:
    """Put a meeting at `block` (or finished) with `fields` (results_visible, privacy_mode), as the clock would."""
    with Session(day.server.app.state.engine, expire_on_commit=False) as db:
        meeting = db.get(Meeting, day.meeting(which).id)
        assert meeting is not None
        meeting.current_block, meeting.finished = block, finished
        for name, value in fields.items():
            setattr(meeting, name, value)
        db.add(meeting)
        db.commit()
        return meeting


def _paths(meeting: Meeting, pages: tuple[str, ...]) -> list[str]:
    by_name = {
        "dagvoorzitter": f"/f/{meeting.facilitator_token}",
        "vervolg": f"/f/{meeting.facilitator_token}/vervolg",
        "scherm": f"/d/{meeting.display_token}",
        "gespreksleider": f"/g/{meeting.gespreksleider_token}",
        "kamer": f"/j/{meeting.join_code}/kamer",
        "thema": f"/j/{meeting.join_code}/thema",
        "plan": f"/j/{meeting.join_code}/plan",
    }
    return [by_name[page] for page in pages]


def _open(page: Page, url: str) -> None:
    """Open `url` and wait until it is live (websocket open) and its charts are drawn."""
    page.goto(url, timeout=LOAD_MS)
    if page.locator("[data-live]").count():
        expect(page.locator("body")).to_have_attribute("data-live", "open", timeout=LOAD_MS)
    page.wait_for_function(CHARTS_DRAWN, timeout=LOAD_MS)


@dataclass(frozen=True)
class Screen:
    """One state of the day: which meeting, which block (None: not started), its settings and its pages."""

    which: str  # start | follow
    block: int | None
    pages: tuple[str, ...]
    fields: tuple[tuple[str, object], ...] = ()
    finished: bool = False


ALL = ("dagvoorzitter", "scherm", "kamer")
SCREENS = {
    "welkom": Screen("start", None, ALL),
    "inloggen": Screen("start", 0, ALL),
    "plenair": Screen("start", 1, ALL),
    "pauze": Screen("start", 4, ("scherm",)),
    "breakout": Screen("start", 5, ALL),
    "resultaten-verborgen": Screen("start", 6, ("scherm",), (("results_visible", False),)),
    "resultaten-named": Screen("start", 6, ALL, (("results_visible", True), ("privacy_mode", "named"))),
    "resultaten-anonymised": Screen("start", 6, ALL, (("results_visible", True), ("privacy_mode", "anonymised"))),
    "resultaten-regional": Screen("start", 6, ALL, (("results_visible", True), ("privacy_mode", "regional"))),
    "afsluiting": Screen("start", 10, ALL),
    "afgelopen": Screen("start", None, ALL, finished=True),
    "rad": Screen("follow", 1, ("gespreksleider", "dagvoorzitter", "scherm", "kamer")),
    "uitkomsten": Screen("follow", 2, ("dagvoorzitter", "scherm", "vervolg")),
    "themagroep": Screen("follow", 3, ("kamer", "thema", "dagvoorzitter", "scherm")),
    "terugkoppeling": Screen("follow", 4, ("dagvoorzitter", "scherm")),
    "plan": Screen("follow", 7, ("kamer", "plan", "dagvoorzitter", "scherm")),
    "afspraken": Screen("follow", 8, ("dagvoorzitter", "scherm", "vervolg")),
    "vervolg-afgelopen": Screen("follow", None, ("dagvoorzitter", "scherm", "kamer"), finished=True),
}


@VIEWPORTS
@pytest.mark.parametrize("state", list(SCREENS))
def test_every_screen_of_the_day_passes_axe(day: Day, person: Any, viewport: dict[str, int], state: str) -> None:
    screen = SCREENS[state]
    meeting = _set_state(day, screen.which, screen.block, finished=screen.finished, **dict(screen.fields))
    someone = person(viewport)
    someone.context.add_cookies(
        [{"name": f"zs_p_{meeting.join_code}", "value": day.tokens[meeting.id or 0], "url": day.server.url}]
    )
    _check(someone.page, day, _paths(meeting, screen.pages), f"{state}, {viewport['width']}×{viewport['height']}")


def _check(page: Page, day: Day, paths: list[str], where: str) -> None:
    """Open each path and run axe on it; fail once, listing every page's violations."""
    reports = []
    for path in paths:
        _open(page, day.server.url + path)
        reports.append(axe_report(page, what=f"{path} ({where})"))
        if page.locator("h1").count() != 1:  # a page's name for screen readers (not among axe's WCAG rules)
            reports.append(f"{path} ({where}): {page.locator('h1').count()} h1 elements instead of one")
    problems = [report for report in reports if report]
    assert not problems, "\n\n".join(problems)


def _sign_in(page: Page, day: Day) -> None:
    page.goto(f"{day.server.url}/organisator")
    page.get_by_label("Organisatorsleutel").fill(day.server.app.state.organiser_secret.current())
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("#signed-in-as")).to_be_visible()


def _organiser_pages(day: Day) -> list[str]:
    meeting = f"/organisator/bijeenkomsten/{day.start.id}"
    follow = f"/organisator/bijeenkomsten/{day.follow.id}"
    return [
        "/organisator",  # the list and the new-meeting form
        "/organisator/beheer",
        meeting,
        follow,
        f"{meeting}/verwijderen",
        f"{meeting}/export",
        f"{follow}/export",
        f"{meeting}/export/verslag",
        f"{follow}/export/verslag",
    ]


def _public_pages(day: Day) -> list[str]:
    return ["/", "/privacy", f"/j/{day.start.join_code}", "/meedoen?code=XXXXXX", "/organisator"]


@VIEWPORTS
def test_public_and_organiser_pages_pass_axe(day: Day, person: Any, viewport: dict[str, int]) -> None:
    someone = person(viewport)
    where = f"{viewport['width']}×{viewport['height']}"
    _check(someone.page, day, _public_pages(day), where)
    _sign_in(someone.page, day)
    _check(someone.page, day, _organiser_pages(day), where)


# How far the page scrolls sideways, and the first elements sticking out (outside a scroll region of their own).
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  const out = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.parentElement.closest("[role=region]"))
    .slice(0, 6).map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : "") +
      " to " + Math.round(el.getBoundingClientRect().right) + "px");
  return {extra: document.documentElement.scrollWidth - width, out: out};
}"""


def _sideways(page: Page, url: str) -> str:
    """ "" when the page at `url` fits 320 px, else how far it sticks out and what sticks out."""
    _open(page, url)
    found = page.evaluate(SIDEWAYS)
    return f"{found['extra']} px too wide: " + ", ".join(found["out"]) if found["extra"] > 0 else ""


def test_public_and_organiser_pages_reflow_at_320_px_without_scrolling_sideways(day: Day, person: Any) -> None:
    page = person(REFLOW).page
    too_wide = {path: _sideways(page, day.server.url + path) for path in _public_pages(day)}
    _sign_in(page, day)
    too_wide |= {path: _sideways(page, day.server.url + path) for path in _organiser_pages(day)}

    too_wide = {path: why for path, why in too_wide.items() if why}
    assert not too_wide, "scrolls sideways at 320 px:\n" + "\n".join(f"{p}: {why}" for p, why in too_wide.items())


def test_every_page_used_on_a_phone_reflows_at_320_px(day: Day, person: Any) -> None:
    """Every state's pages but the projector's (read-only, for 1920×1080 and 1280×720)."""
    someone = person(REFLOW)
    someone.context.add_cookies(
        [
            {"name": f"zs_p_{m.join_code}", "value": day.tokens[m.id or 0], "url": day.server.url}
            for m in (day.start, day.follow)
        ]
    )
    too_wide = {}
    for state, screen in SCREENS.items():
        meeting = _set_state(day, screen.which, screen.block, finished=screen.finished, **dict(screen.fields))
        pages = tuple(page for page in screen.pages if page != "scherm")
        for path in _paths(meeting, pages):
            too_wide[f"{path} ({state})"] = _sideways(someone.page, day.server.url + path)

    too_wide = {path: why for path, why in too_wide.items() if why}
    assert not too_wide, "scrolls sideways at 320 px:\n" + "\n".join(f"{p}: {why}" for p, why in too_wide.items())


FOCUS_RING = """() => {
  const style = getComputedStyle(document.activeElement);
  return {tag: document.activeElement.tagName, colour: style.outlineColor, width: parseFloat(style.outlineWidth),
          line: style.outlineStyle, background: [document.body, document.documentElement]
            .map((el) => getComputedStyle(el).backgroundColor)
            .find((colour) => colour !== "rgba(0, 0, 0, 0)") || "rgb(255, 255, 255)"};
}"""


def test_the_keyboard_focus_ring_contrasts_at_least_3_to_1(day: Day, person: Any) -> None:
    page = person(PHONE).page
    page.goto(f"{day.server.url}/j/{day.start.join_code}")
    page.get_by_role("radio").first.focus()
    page.keyboard.press("Tab")  # to the next control, by keyboard: the ring a keyboard user sees
    ring = page.evaluate(FOCUS_RING)

    assert ring["line"] == "solid" and ring["width"] >= 2, ring
    assert contrast_ratio(ring["colour"], ring["background"]) >= 3, ring
