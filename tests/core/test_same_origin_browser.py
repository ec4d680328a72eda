"""Another site's page in real Chromium cannot change anything with a person's cookies; the app's own pages can.

The other site is served by the test on another port: as http://127.0.0.1:PORT it is the same site as
the app (only the port differs, so the browser sends the app's SameSite cookies along) and as
http://localhost:PORT it is another site.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, func, select

from app.followup.models import HelpCall
from app.meetings.models import Meeting, Municipality
from app.zelfscan.models import AnswerChange
from tests.conftest import SECRET, free_port
from tests.support.browser import BREAKOUT_1, LAPTOP, PHONE, api_meeting, join, live

pytestmark = pytest.mark.e2e

SITES = ["127.0.0.1", "localhost"]  # same site on another port; another site


@dataclass
class OtherSite:
    """A web server of someone else's, on this machine: it serves whatever pages the test puts in."""

    port: int
    pages: dict[str, str] = field(default_factory=dict)

    def url(self, host: str, path: str) -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture
def other_site() -> Iterator[OtherSite]:
    site = OtherSite(free_port())

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = site.pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", site.port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def rows(live_server: Any, model: type[Any]) -> int:
    with Session(live_server.app.state.engine) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def attack_page(form_action: str, form: dict[str, str], fetches: list[tuple[str, dict[str, str]]]) -> str:
    """A page that fires cross-origin fetches with the visitor's cookies, then submits a form to the app."""
    inputs = "".join(f'<input name="{name}" value="{value}">' for name, value in form.items())
    return f"""<!doctype html><html><body><h1>Gratis koffie</h1>
<form id="attack" method="post" action="{form_action}">{inputs}</form>
<script>
  const fetches = {json.dumps(fetches)}.map(([url, body]) => fetch(url, {{
    method: "POST", mode: "no-cors", credentials: "include", body: new URLSearchParams(body)
  }}).catch(() => null));
  Promise.all(fetches).then(() => {{ window.fetchesDone = true; document.getElementById("attack").submit(); }});
</script></body></html>"""


def socket_page(urls: list[str]) -> str:
    return f"""<!doctype html><html><body><script>
  window.sockets = {{}};
  for (const url of {json.dumps(urls)}) {{
    const socket = new WebSocket(url);
    socket.onopen = () => {{ window.sockets[url] = "open"; }};
    socket.onclose = (event) => {{ window.sockets[url] = window.sockets[url] || "closed " + event.code; }};
  }}
</script></body></html>"""


def refused_page(page: Page) -> None:
    expect(page.get_by_role("heading", name="Dat lukt niet")).to_be_visible()
    expect(page.locator(".error")).to_contain_text("Deze actie is geweigerd")


def open_breakout(live_server: Any, facilitator_url: str) -> None:
    token = facilitator_url.rstrip("/").rsplit("/", 1)[1]
    httpx.post(f"{live_server.url}/api/f/{token}/clock/start").raise_for_status()
    for _ in range(BREAKOUT_1):
        httpx.post(f"{live_server.url}/api/f/{token}/clock/next").raise_for_status()


@pytest.mark.parametrize("host", SITES)
def test_another_sites_page_cannot_answer_or_call_for_help_in_a_participants_room(
    live_server: Any, person: Any, other_site: OtherSite, host: str
) -> None:
    meeting = api_meeting(live_server, ["Amstelveen", "Bussum"])
    open_breakout(live_server, meeting.facilitator_url)
    anna = person(PHONE)
    join(anna.page, live_server.url, meeting.join_code, "Amstelveen", name="Anna")
    room = f"{live_server.url}/j/{meeting.join_code}"
    other_site.pages["/koffie"] = attack_page(
        f"{room}/vraag/1/antwoord",
        {"base_version": "0", "status": "niet_op_orde", "toelichting": "Ingevuld door een andere website"},
        [(f"{room}/vraag/2/antwoord", {"base_version": "0", "status": "op_orde"}), (f"{room}/hulp", {})],
    )

    visit = anna.context.new_page()
    visit.goto(other_site.url(host, "/koffie"))
    refused_page(visit)
    assert rows(live_server, AnswerChange) == 0
    assert rows(live_server, HelpCall) == 0

    # Her own room still takes her answers (htmx, with the page's form token).
    anna.page.bring_to_front()
    anna.page.locator("article#q-1").get_by_role("group", name="Antwoord van de kamer (samen vastgesteld)").get_by_role(
        "radio", name="Op orde", exact=True
    ).check()
    expect(anna.page.locator("#room-progress")).to_contain_text("1 van 14")
    assert rows(live_server, AnswerChange) == 1


@pytest.mark.parametrize("host", SITES)
def test_another_sites_page_cannot_create_meetings_or_add_municipalities_as_the_organiser(
    live_server: Any, person: Any, other_site: OtherSite, host: str
) -> None:
    meeting = api_meeting(live_server, ["Amstelveen"])
    organiser = person(LAPTOP)
    organiser.page.goto(f"{live_server.url}/organisator")
    organiser.page.get_by_label("Organisatorsleutel").fill(SECRET)
    organiser.page.get_by_role("button", name="Inloggen").click()
    expect(organiser.page.get_by_role("heading", name="Nieuwe bijeenkomst")).to_be_visible()
    other_site.pages["/"] = attack_page(
        f"{live_server.url}/organisator/bijeenkomsten",
        {"region": "Regio Nep", "date": "2026-12-02", "municipalities": "Nepgemeente"},
        [(f"{live_server.url}/organisator/bijeenkomsten/{meeting.id}/gemeenten", {"name": "Nepgemeente"})],
    )
    meetings_before, municipalities_before = rows(live_server, Meeting), rows(live_server, Municipality)

    visit = organiser.context.new_page()
    visit.goto(other_site.url(host, "/"))
    refused_page(visit)
    assert (rows(live_server, Meeting), rows(live_server, Municipality)) == (meetings_before, municipalities_before)

    # The organiser's own page still adds a municipality (a plain form with the hidden token).
    organiser.page.goto(f"{live_server.url}/organisator/bijeenkomsten/{meeting.id}")
    organiser.page.get_by_label("Gemeente toevoegen").fill("Bussum")
    organiser.page.get_by_role("button", name="Toevoegen").click()
    expect(organiser.page.get_by_text("Gemeente Bussum toegevoegd.")).to_be_visible()
    assert rows(live_server, Municipality) == municipalities_before + 1


@pytest.mark.parametrize("host", SITES)
def test_another_sites_page_cannot_open_the_apps_websockets(
    live_server: Any, person: Any, other_site: OtherSite, host: str
) -> None:
    meeting = api_meeting(live_server, ["Amstelveen"])
    anna = person(PHONE)
    join(anna.page, live_server.url, meeting.join_code, "Amstelveen")  # her own room's socket is open (live())
    ws = live_server.url.replace("http://", "ws://")
    display_token = meeting.display_url.rstrip("/").rsplit("/", 1)[1]
    urls = [f"{ws}/ws/j/{meeting.join_code}{tail}" for tail in ("", "/thema", "/plan")] + [f"{ws}/ws/d/{display_token}"]
    other_site.pages["/live"] = socket_page(urls)

    visit = anna.context.new_page()
    visit.goto(other_site.url(host, "/live"))
    visit.wait_for_function(f"Object.keys(window.sockets).length === {len(urls)}")
    outcomes = visit.evaluate("window.sockets")
    assert outcomes == {url: "closed 1006" for url in urls}, outcomes  # refused in the handshake: never opened
    expect(anna.page.locator("body")).to_have_attribute("data-live", "open")


def test_a_link_on_another_site_brings_a_participant_back_to_their_room(
    live_server: Any, person: Any, other_site: OtherSite
) -> None:
    meeting = api_meeting(live_server, ["Amstelveen", "Bussum"])
    anna = person(PHONE)
    join(anna.page, live_server.url, meeting.join_code, "Bussum")
    other_site.pages["/chat"] = f'<!doctype html><a href="{live_server.url}/j/{meeting.join_code}">Doe mee</a>'

    anna.page.goto(other_site.url("localhost", "/chat"))  # another site: the Strict cookie stays home at first
    anna.page.get_by_role("link", name="Doe mee").click()

    expect(anna.page).to_have_url(f"{live_server.url}/j/{meeting.join_code}/kamer")
    live(anna.page)
