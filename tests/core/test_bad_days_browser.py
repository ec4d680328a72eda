"""A write the disk refuses, as a participant sees it in real Chromium: "Niet opgeslagen — probeer het
opnieuw." at the control they used, their choice and text kept, and "Opnieuw proberen" stores it
once the disk takes writes again. The server keeps the connection open after the 503."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from app.core.storage import NOT_STORED
from app.zelfscan.models import ParticipantView, RoomAnswer
from tests.core.test_bad_days import disk
from tests.support.browser import BREAKOUT_1, PHONE, api_meeting, join
from tests.support.live import REQUEST_TIMEOUT
from tests.support.pages import as_pages_do

pytestmark = [pytest.mark.e2e, pytest.mark.sqlite_only]  # a full or read-only SQLite file
READ_ONLY = "PRAGMA query_only=1"


def test_a_refused_write_is_shown_at_the_control_and_can_be_sent_again(live_server, person) -> None:  # type: ignore[no-untyped-def]
    meeting = api_meeting(live_server, ["Amstelveen", "Bussum"])
    token = meeting.facilitator_url.rstrip("/").rsplit("/", 1)[1]
    httpx.post(f"{live_server.url}/api/f/{token}/clock/start").raise_for_status()
    for _ in range(BREAKOUT_1):
        httpx.post(f"{live_server.url}/api/f/{token}/clock/next").raise_for_status()
    anna = person(PHONE)
    join(anna.page, live_server.url, meeting.join_code, "Amstelveen", "Anna")
    page = anna.page
    engine = live_server.app.state.engine
    own_view = page.locator("article#q-1 form.own-view")
    toelichting = page.locator("article#q-1 form.text-field").first

    with disk(engine, READ_ONLY):
        page.locator("#q-1-mening-op_orde").check()
        expect(own_view.locator(".save-error")).to_contain_text(NOT_STORED)
        expect(page.locator("#q-1-mening-op_orde")).to_be_checked()  # their choice stays on screen
        page.locator("#q-1-toelichting").fill("Staat in het beleidsplan.")
        toelichting.get_by_role("button", name="Toelichting opslaan").click()
        expect(toelichting.locator(".save-error")).to_contain_text(NOT_STORED)
        expect(page.locator("#q-1-toelichting")).to_have_value("Staat in het beleidsplan.")  # nothing typed is lost
        expect(page.locator("#alert")).to_be_hidden()  # said where they look, not at the bottom of the page

    with Session(engine) as session:
        assert session.exec(select(ParticipantView)).all() == []
        assert session.exec(select(RoomAnswer)).all() == []

    own_view.get_by_role("button", name="Opnieuw proberen").click()
    expect(page.locator("#q-1-views")).to_contain_text("1× op orde")
    # The question was re-rendered by that save; the text typed but not yet stored is still there.
    expect(page.locator("#q-1-toelichting")).to_have_value("Staat in het beleidsplan.")
    page.locator("article#q-1 form.text-field").first.get_by_role("button", name="Toelichting opslaan").click()
    expect(page.locator("article#q-1 .notice")).to_have_text("Opgeslagen.")
    expect(page.locator("article#q-1 .save-error")).to_have_count(0)
    with Session(engine) as session:
        assert [v.status for v in session.exec(select(ParticipantView)).all()] == ["op_orde"]
        assert [a.toelichting for a in session.exec(select(RoomAnswer)).all()] == ["Staat in het beleidsplan."]

    nuancering = page.locator("article#q-1 form.text-field").nth(1)
    version = page.locator("article#q-1").get_attribute("data-version") or ""
    with disk(engine, READ_ONLY):
        page.locator("#q-1-nuancering").fill("Alleen in team Noord.")
        nuancering.get_by_role("button", name="Nuancering opslaan").click()
        expect(nuancering.locator(".save-error")).to_contain_text(NOT_STORED)
    nuancering.get_by_role("button", name="Opnieuw proberen").click()
    expect(page.locator("article#q-1")).not_to_have_attribute("data-version", version)
    expect(page.locator("article#q-1 .notice")).to_have_text("Opgeslagen.")
    with Session(engine) as session:
        assert [a.nuancering for a in session.exec(select(RoomAnswer)).all()] == ["Alleen in team Noord."]


def test_the_server_keeps_the_connection_open_after_a_refused_write(live_server) -> None:  # type: ignore[no-untyped-def]
    meeting = api_meeting(live_server, ["Amstelveen"])
    with as_pages_do(httpx.Client(base_url=live_server.url, timeout=REQUEST_TIMEOUT)) as phone:
        joined = phone.post(f"/api/j/{meeting.join_code}/join", json={"municipality_id": 1, "name": ""})
        assert joined.status_code == 201
        with disk(live_server.app.state.engine, READ_ONLY):
            refused = phone.post(f"/api/j/{meeting.join_code}/questions/1/view", json={"status": "op_orde"})
        assert refused.status_code == 503 and refused.json()["detail"] == NOT_STORED
        assert refused.headers.get("connection", "keep-alive") != "close"
        assert refused.headers.get("retry-after") == "5"
        assert phone.post(f"/api/j/{meeting.join_code}/questions/1/view", json={"status": "op_orde"}).status_code == 200
