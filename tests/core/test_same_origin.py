"""Only the app's own pages may change anything: the Origin check, the form token and the cookies.

These requests are forged by hand (headers as a browser would send them from another site's page);
tests/core/test_same_origin_browser.py does the same from real pages in Chromium.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select
from starlette.websockets import WebSocketDisconnect

from app.core import csrf, origin
from app.core.config import Settings
from app.main import create_app
from app.meetings.models import Meeting, Participant
from app.zelfscan.models import AnswerChange
from tests.conftest import SECRET
from tests.support.phones import Phone
from tests.support.workshop import Workshop

OWN = "http://127.0.0.1:8000"  # the default public URL (Settings: http://HOST:PORT)
BEARER = {"Authorization": f"Bearer {SECRET}"}
NEW_MEETING = {"region": "Regio Vreemd", "date": "2026-12-01", "municipalities": ["Aa", "Bb"]}
FOREIGN = [
    {"Origin": "http://evil.example"},
    {"Origin": "http://127.0.0.1:9999"},  # another port of the same host
    {"Origin": "https://127.0.0.1:8000"},  # another scheme
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
    {"Origin": "http://evil.example", "Sec-Fetch-Site": "same-origin"},
    {"Origin": "null", "Sec-Fetch-Site": "cross-site"},  # a sandboxed frame on another site
]
FOREIGN_IDS = ["other-host", "other-port", "other-scheme", "cross-site", "same-site", "origin-wins", "null-cross-site"]


def count(session: Session, model: type[Any]) -> int:
    session.expire_all()
    return int(session.exec(select(func.count()).select_from(model)).one())


def without_token(client: TestClient) -> TestClient:
    """The shared client, no longer sending the form token by itself (a forger does not know it)."""
    client.event_hooks["request"] = []
    return client


def answer_form(workshop: Workshop, number: int = 1, **extra: str) -> tuple[str, dict[str, str]]:
    return f"/j/{workshop.code}/vraag/{number}/antwoord", {"base_version": "0", "status": "niet_op_orde", **extra}


def answer_changes(session: Session) -> int:
    return count(session, AnswerChange)


# ------------------------------------------------------------------ the Origin check


@pytest.mark.parametrize("headers", FOREIGN, ids=FOREIGN_IDS)
def test_a_json_write_from_another_sites_page_is_refused_in_dutch_and_changes_nothing(
    client: TestClient, session: Session, headers: dict[str, str]
) -> None:
    response = client.post("/api/meetings", json=NEW_MEETING, headers={**BEARER, **headers})

    assert response.status_code == 403
    assert response.json()["detail"] == origin.REFUSED
    assert count(session, Meeting) == 0


@pytest.mark.parametrize("headers", FOREIGN, ids=FOREIGN_IDS)
def test_a_form_post_from_another_sites_page_gets_the_dutch_error_page(
    client: TestClient, session: Session, workshop: Workshop, headers: dict[str, str]
) -> None:
    client.get(f"/j/{workshop.code}")  # the victim's browser holds a form token
    response = client.post(
        f"/j/{workshop.code}", data={"municipality_id": str(workshop.municipality_id("Bussum"))}, headers=headers
    )

    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "andere website" in response.text and '<html lang="nl">' in response.text
    assert count(session, Participant) == 0


def test_a_room_answer_from_another_port_of_the_same_host_is_refused(
    client: TestClient, session: Session, workshop: Workshop, phone: Any
) -> None:
    workshop.start_first_zelfscan_block()
    anna: Phone = phone(workshop.meeting, "Amstelveen", name="Anna")
    path, form = answer_form(workshop)
    before = answer_changes(session)

    refused = anna.post(path, data=form, headers={"Origin": "http://127.0.0.1:9999", "Sec-Fetch-Site": "same-site"})
    assert refused.status_code == 403
    assert answer_changes(session) == before

    accepted = anna.post(path, data=form, headers={"Origin": OWN, "Sec-Fetch-Site": "same-origin"})
    assert accepted.status_code == 200, accepted.text


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": OWN, "Sec-Fetch-Site": "same-origin"},
        {"Origin": "http://localhost:8000"},  # another spelling of the loopback public URL
        {"Origin": "http://[::1]:8000"},
        {"Origin": "HTTP://127.0.0.1:8000"},
        {"Sec-Fetch-Site": "none"},  # typed or bookmarked by the person
        {},  # a script or curl: no browser, no one's cookies
    ],
    ids=["own", "localhost", "ipv6-loopback", "upper-case", "user-initiated", "script"],
)
def test_writes_from_the_apps_own_pages_and_from_scripts_pass(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/api/meetings", json=NEW_MEETING, headers={**BEARER, **headers})
    assert response.status_code == 201, response.text


def test_the_origin_the_host_header_implies_is_not_trusted(client: TestClient, session: Session) -> None:
    # DNS rebinding: a name the attacker controls resolves to this server; its page then names itself.
    response = client.post(
        "/api/meetings", json=NEW_MEETING, headers={**BEARER, "Host": "evil.example", "Origin": "http://evil.example"}
    )
    assert response.status_code == 403
    assert count(session, Meeting) == 0


def test_the_own_origin_is_the_public_url(tmp_path: Path) -> None:
    public = Settings(data_dir=tmp_path, organiser_secret=SECRET, public_url="https://Zelfscan.Example.nl:443/")
    with TestClient(create_app(public)) as client:
        own = client.post(
            "/api/meetings", json=NEW_MEETING, headers={**BEARER, "Origin": "https://zelfscan.example.nl"}
        )
        local = client.post("/api/meetings", json=NEW_MEETING, headers={**BEARER, "Origin": "http://localhost:8000"})
        plain = client.post(
            "/api/meetings", json=NEW_MEETING, headers={**BEARER, "Origin": "http://zelfscan.example.nl"}
        )
    assert own.status_code == 201, own.text
    assert local.status_code == 403, "loopback aliases only count when the public URL is a loopback address"
    assert plain.status_code == 403


def test_origins_are_compared_in_canonical_form() -> None:
    assert origin.origin_of("HTTPS://Example.NL:443/pad?x=1") == "https://example.nl"
    assert origin.origin_of("http://[::1]:8000") == "http://[::1]:8000"
    assert origin.origin_of("null") == ""
    assert origin.origin_of("http://host:99999") == ""
    assert origin.own_origins("http://127.0.0.1:8000") == {
        "http://127.0.0.1:8000",
        "http://localhost:8000",
        "http://[::1]:8000",
    }
    assert origin.own_origins("https://zelfscan.example.nl") == {"https://zelfscan.example.nl"}
    with pytest.raises(RuntimeError, match="ZELFSCAN_PUBLIC_URL"):
        origin.own_origins("zelfscan.example.nl")


# ------------------------------------------------------------------ websockets


@pytest.mark.parametrize("headers", FOREIGN, ids=FOREIGN_IDS)
def test_a_websocket_from_another_sites_page_is_closed_before_it_opens(
    client: TestClient, workshop: Workshop, phone: Any, headers: dict[str, str]
) -> None:
    anna: Phone = phone(workshop.meeting, "Amstelveen")
    anna._use_my_cookies()
    for path in (f"/ws/j/{workshop.code}", f"/ws/j/{workshop.code}/thema", f"/ws/j/{workshop.code}/plan"):
        with pytest.raises(WebSocketDisconnect) as closed, client.websocket_connect(path, headers=headers):
            pass
        assert closed.value.code == origin.CLOSE_FORBIDDEN, path
    display = f"/ws/d/{workshop.meeting.display_token}"
    with pytest.raises(WebSocketDisconnect) as closed, client.websocket_connect(display, headers=headers):
        pass
    assert closed.value.code == origin.CLOSE_FORBIDDEN


def test_a_websocket_with_origin_null_is_refused(client: TestClient, workshop: Workshop) -> None:
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        client.websocket_connect(f"/ws/d/{workshop.meeting.display_token}", headers={"Origin": "null"}),
    ):
        pass
    assert closed.value.code == origin.CLOSE_FORBIDDEN


def test_the_apps_own_pages_open_their_websockets(workshop: Workshop, phone: Any) -> None:
    anna: Phone = phone(workshop.meeting, "Amstelveen")
    anna._use_my_cookies()
    headers = {"Origin": OWN, "Sec-Fetch-Site": "same-origin"}
    with anna.client.websocket_connect(f"/ws/j/{workshop.code}", headers=headers) as socket:
        assert socket.receive_text()  # the full state, sent on connect
    with anna.client.websocket_connect(f"/ws/d/{workshop.meeting.display_token}", headers=headers) as socket:
        assert socket.receive_text()


# ------------------------------------------------------------------ the form token


def test_a_cookie_carrying_write_without_the_token_is_refused_and_changes_nothing(
    client: TestClient, session: Session, workshop: Workshop, phone: Any
) -> None:
    workshop.start_first_zelfscan_block()
    anna: Phone = phone(workshop.meeting, "Amstelveen")
    without_token(client)
    path, form = answer_form(workshop)

    missing = anna.post(path, data=form)
    wrong = anna.post(path, data=form, headers={csrf.HEADER: "x" * 43})
    json_missing = anna.answer(1, status="niet_op_orde")

    assert (missing.status_code, wrong.status_code, json_missing.status_code) == (403, 403, 403)
    assert missing.headers["content-type"].startswith("text/html")
    assert "pagina is verlopen" in missing.text
    assert json_missing.json()["detail"] == csrf.REFUSED
    assert answer_changes(session) == 0


def test_the_token_counts_as_a_header_or_as_a_form_field(
    client: TestClient, session: Session, workshop: Workshop, phone: Any
) -> None:
    workshop.start_first_zelfscan_block()
    anna: Phone = phone(workshop.meeting, "Amstelveen")
    without_token(client)
    token = anna.cookies[csrf.COOKIE]

    path, form = answer_form(workshop, 1)
    by_header = anna.post(path, data=form, headers={csrf.HEADER: token})
    path, form = answer_form(workshop, 2, csrf_token=token)
    by_field = anna.post(path, data=form)

    assert (by_header.status_code, by_field.status_code) == (200, 200), (by_header.text, by_field.text)
    assert answer_changes(session) == 2


def test_the_join_form_carries_the_token_of_the_browsers_cookie(client: TestClient, workshop: Workshop) -> None:
    without_token(client)
    page = client.get(f"/j/{workshop.code}")
    token = client.cookies[csrf.COOKIE]

    assert f'<meta name="csrf-token" content="{token}">' in page.text
    assert f'<input type="hidden" name="csrf_token" value="{token}">' in page.text
    field = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert field is not None
    joined = client.post(
        f"/j/{workshop.code}",
        data={"municipality_id": str(workshop.municipality_id("Bussum")), "csrf_token": field.group(1)},
        headers={"Origin": OWN, "Sec-Fetch-Site": "same-origin"},
        follow_redirects=False,
    )
    assert joined.status_code == 303, joined.text


def test_a_bearer_key_or_no_cookie_at_all_needs_no_token(client: TestClient, workshop: Workshop) -> None:
    without_token(client)
    client.get("/")  # holds a form-token cookie now
    with_bearer = client.post("/api/meetings", json=NEW_MEETING, headers=BEARER)
    client.cookies.clear()
    script_join = client.post(
        f"/api/j/{workshop.code}/join", json={"municipality_id": workshop.municipality_id("Bussum")}
    )
    assert (with_bearer.status_code, script_join.status_code) == (201, 201)


def test_origin_null_without_fetch_metadata_needs_the_token_even_without_cookies(
    client: TestClient, session: Session, workshop: Workshop
) -> None:
    # Under the app's no-referrer policy a browser sends `Origin: null` on the app's own plain form posts.
    without_token(client)
    client.cookies.clear()
    form = {"municipality_id": str(workshop.municipality_id("Bussum"))}

    unplaced = client.post(f"/j/{workshop.code}", data=form, headers={"Origin": "null"}, follow_redirects=False)
    assert unplaced.status_code == 403
    assert count(session, Participant) == 0

    client.cookies.clear()
    own_form = client.post(
        f"/j/{workshop.code}",
        data=form,
        headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"},
        follow_redirects=False,
    )
    assert own_form.status_code == 303


def test_every_plain_form_that_posts_carries_the_token() -> None:
    templates = Path(__file__).resolve().parents[2] / "app" / "templates"
    forms = 0
    for template in templates.rglob("*.html"):
        for match in re.finditer(r"<form\b[^>]*>(.*?)</form>", template.read_text(encoding="utf-8"), re.DOTALL):
            if 'method="post"' in match.group(0).split(">", 1)[0]:
                forms += 1
                assert "{{ csrf_field() }}" in match.group(1), f"{template.name}: a POST form without csrf_field()"
    assert forms >= 7


# ------------------------------------------------------------------ cookies


def set_cookie_headers(response: Any) -> dict[str, str]:
    return {line.split("=", 1)[0]: line for line in response.headers.get_list("set-cookie")}


def test_the_apps_cookies_are_http_only_and_same_site_strict(client: TestClient, workshop: Workshop) -> None:
    first = client.get("/")
    joined = client.post(
        f"/j/{workshop.code}", data={"municipality_id": str(workshop.municipality_id("Bussum"))}, follow_redirects=False
    )
    organiser = client.post("/organisator/inloggen", data={"sleutel": SECRET}, follow_redirects=False)

    cookies = {
        **set_cookie_headers(first),
        **set_cookie_headers(joined),
        **set_cookie_headers(organiser),
    }
    assert set(cookies) == {csrf.COOKIE, f"zs_p_{workshop.code}", "zs_organiser"}
    for line in cookies.values():
        flags = [flag.strip().lower() for flag in line.split(";")[1:]]
        assert "httponly" in flags and "samesite=strict" in flags and "path=/" in flags, line
        assert "secure" not in flags, "plain HTTP: a Secure cookie would never come back"


def test_a_request_another_site_started_never_replaces_the_form_token(app: FastAPI, workshop: Workshop) -> None:
    # The browser leaves the Strict cookie off such a request: a new token would break the open pages.
    with TestClient(app) as client:
        posted = client.post(f"/j/{workshop.code}", data={}, headers={"Sec-Fetch-Site": "cross-site"})
        fetched = client.get(f"/qr/{workshop.code}.svg", headers={"Sec-Fetch-Site": "cross-site"})
        own = client.get("/", headers={"Sec-Fetch-Site": "same-origin"})
    assert posted.status_code == 403
    assert "set-cookie" not in posted.headers and "set-cookie" not in fetched.headers
    assert csrf.COOKIE in own.headers["set-cookie"]


def test_cookies_are_secure_over_https(app: FastAPI) -> None:
    with TestClient(app, base_url="https://testserver") as client:
        response = client.get("/")
    assert "secure" in [f.strip().lower() for f in response.headers["set-cookie"].split(";")]


@pytest.mark.parametrize("trust_proxy", [False, True])
def test_the_proxys_scheme_counts_only_when_the_app_is_told_to_trust_it(tmp_path: Path, trust_proxy: bool) -> None:
    settings = Settings(data_dir=tmp_path, organiser_secret=SECRET, trust_proxy=trust_proxy, forwarded_allow_ips="*")
    with TestClient(create_app(settings)) as client:
        response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    secure = "secure" in [f.strip().lower() for f in response.headers["set-cookie"].split(";")]
    assert secure is trust_proxy


# ------------------------------------------------------------------ links from other sites


@pytest.fixture
def arriving(app: FastAPI) -> Iterator[TestClient]:
    """A browser without the app's cookies, following a link on another site."""
    with TestClient(app) as client:
        client.headers.update(
            {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
        )
        yield client


def test_a_link_from_another_site_reloads_from_the_app_so_strict_cookies_come_along(
    arriving: TestClient, workshop: Workshop
) -> None:
    page = arriving.get(f"/j/{workshop.code}?x=1")
    assert page.status_code == 200
    assert f'<meta http-equiv="refresh" content="0; url=/j/{workshop.code}?x=1">' in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "set-cookie" not in page.headers or csrf.COOKIE in page.headers["set-cookie"]

    arriving.cookies.set(csrf.COOKIE, "t" * 43)  # this time the app's cookies came along: the page itself
    assert "http-equiv" not in arriving.get(f"/j/{workshop.code}").text


@pytest.mark.parametrize("path", ["//evil.example/x", "/\\evil.example", "/%5C%5Cevil.example"])
def test_the_reload_never_leads_to_another_site(arriving: TestClient, path: str) -> None:
    page = arriving.get(path)
    target = re.search(r'url=([^"]+)"', page.text)
    assert target is not None
    assert target.group(1).startswith("/") and not target.group(1).startswith("//"), target.group(1)
    assert "\\" not in target.group(1)
