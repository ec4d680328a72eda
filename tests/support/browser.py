"""Browser fixtures: one Chromium per session, a fresh context (cookie jar, viewport) per person.

Every context records the URLs it requests, so a test can assert that nothing left for a third
party. Assertions use Playwright's auto-waiting `expect` with a generous timeout: no sleeps.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from app.catalog.loader import load_catalog
from app.wheel.rules import SPIN_SECONDS

CHROMIUM = os.environ.get("ZELFSCAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000
REVEAL_TIMEOUT_MS = int(SPIN_SECONDS * 1000) + TIMEOUT_MS  # the wheel's question shows only once it stops
PHONE = {"width": 360, "height": 640}
LAPTOP = {"width": 1280, "height": 800}
PROJECTOR = {"width": 1920, "height": 1080}

expect.set_options(timeout=TIMEOUT_MS)

START_PROGRAMME = load_catalog().agenda("startbijeenkomst")
BLOCK_TITLES = [block.title for block in START_PROGRAMME.blocks]
BREAKOUT_1 = 5  # "Aan de slag met het invullen van de zelfscan: 1e blok" (questions 1-14)
FIRST_RESULTS = 6  # "Eerste resultaten van de zelfscan: ..."


# Module scope, not session: Playwright's sync API keeps an event loop running in this thread
# while it is open, which would break asyncio.run() in any test collected after tests/e2e.
@pytest.fixture(scope="module")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium package (apt-get install chromium) "
            "or set ZELFSCAN_CHROMIUM. The e2e tests do not skip.",
            pytrace=False,
        )
    try:
        launched = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    except Exception as exc:
        pytest.fail(f"Chromium at {CHROMIUM} did not start: {exc}", pytrace=False)
    yield launched
    launched.close()


# Runs in every page before its own scripts (injected by the browser, so the page's CSP does not apply).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__reportCspViolation(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " +
    e.documentURI + (e.sourceFile ? " (" + e.sourceFile + ":" + e.lineNumber + ")" : ""));
});
"""

# Counts the websocket messages htmx has handled (swapped) on a page: all of them (`arrival.pushes_handled`)
# and those since its socket last opened (`live`: the server's first render follows the opening, and a test
# that types before it arrives would see its field replaced under it).
COUNT_PUSHES = """
window.__pushesHandled = 0;
window.__zsSinceOpen = 0;
document.addEventListener("htmx:wsOpen", function () { window.__zsSinceOpen = 0; });
document.addEventListener("htmx:wsAfterMessage", function () {
  window.__pushesHandled += 1;
  window.__zsSinceOpen += 1;
});
"""


@dataclass
class Person:
    """One person at the meeting: their own browser context (cookies) and page.

    `requests` lists every URL the context asked for; `csp_violations` every Content-Security-Policy
    violation any of its pages reported (the `person` fixture fails a test that leaves any).
    """

    context: BrowserContext
    page: Page
    requests: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)


@pytest.fixture
def person(browser: Browser) -> Iterator[Callable[..., Person]]:
    """Factory: `person(viewport=PHONE, reduced_motion=False)` opens a fresh context and page; all closed afterwards."""
    opened: list[Person] = []

    def open_person(viewport: dict[str, int] = LAPTOP, reduced_motion: bool = False) -> Person:
        context = browser.new_context(
            viewport=viewport, locale="nl-NL", reduced_motion="reduce" if reduced_motion else "no-preference"
        )
        context.set_default_timeout(TIMEOUT_MS)
        violations: list[str] = []
        context.expose_function("__reportCspViolation", lambda text: violations.append(str(text)))
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.add_init_script(COUNT_PUSHES)
        new = Person(context=context, page=context.new_page(), csp_violations=violations)
        context.on("request", lambda request: new.requests.append(request.url))
        opened.append(new)
        return new

    yield open_person
    violations = [v for p in opened for v in p.csp_violations]
    for p in opened:
        p.context.close()
    assert not violations, "the Content-Security-Policy blocked something:\n" + "\n".join(violations)


@dataclass
class MeetingInfo:
    id: int
    join_code: str
    facilitator_url: str
    display_url: str
    join_url: str


def organiser_headers(live_server: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {live_server.app.state.organiser_secret.current()}"}


def api_meeting(live_server: Any, municipalities: list[str], **fields: object) -> MeetingInfo:
    """Create a meeting through the JSON API (setup for the smaller tests)."""
    payload = {"region": "Regio Testland", "date": "2026-12-01", "municipalities": municipalities, **fields}
    response = httpx.post(f"{live_server.url}/api/meetings", json=payload, headers=organiser_headers(live_server))
    response.raise_for_status()
    links = response.json()
    return MeetingInfo(
        links["id"], links["join_code"], links["facilitator_url"], links["display_url"], links["join_url"]
    )


def join(page: Page, url: str, code: str, municipality: str, name: str = "") -> None:
    """Join via /j/{code}: pick the municipality (and a name), land in the room."""
    page.goto(f"{url}/j/{code}")
    page.get_by_role("radio", name=municipality).check()
    if name:
        page.get_by_label("Naam (optioneel)").fill(name)
    page.get_by_role("button", name="Meedoen").click()
    expect(page).to_have_url(f"{url}/j/{code}/kamer")
    live(page)


def live(page: Page) -> None:
    """Wait until the page's websocket is open (app.js on htmx:wsOpen) and the server's first render is applied."""
    expect(page.locator("body")).to_have_attribute("data-live", "open")
    page.wait_for_function("() => window.__zsSinceOpen > 0")


def start_programme(facilitator: Page) -> None:
    facilitator.get_by_role("button", name="Programma starten").click()
    expect_block(facilitator, 0)


def next_block(facilitator: Page, position: int) -> None:
    """Click "Volgend blok" and wait until block `position` is current on the facilitator's screen."""
    facilitator.get_by_role("button", name="Volgend blok").click()
    expect_block(facilitator, position)


def expect_block(page: Page, position: int) -> None:
    """Titles repeat (two breaks, two result blocks), so check what comes next as well."""
    expect(page.locator("#block-status .block-title")).to_have_text(BLOCK_TITLES[position])
    if position + 1 < len(BLOCK_TITLES):
        expect(page.locator("#block-status .next")).to_contain_text(BLOCK_TITLES[position + 1])


def go_to_block(facilitator: Page, position: int) -> None:
    """From a programme that has not started: start it and advance to block `position`."""
    start_programme(facilitator)
    for step in range(1, position + 1):
        next_block(facilitator, step)
