"""/docs and /redoc in real Chromium: they render the app's operations from the app's own files only."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.support.browser import LAPTOP

pytestmark = pytest.mark.e2e


def _only_this_server(requests: list[str], server_url: str) -> None:
    server = urlsplit(server_url).netloc
    elsewhere = [url for url in requests if urlsplit(url).scheme in ("http", "https", "ws", "wss")]
    elsewhere = [url for url in elsewhere if urlsplit(url).netloc != server]
    assert not elsewhere, f"requests left {server}: {elsewhere}"


def test_swagger_ui_shows_the_operations_offline(live_server, person) -> None:  # type: ignore[no-untyped-def]
    reader = person(LAPTOP)
    reader.page.goto(f"{live_server.url}/docs")

    expect(reader.page.locator(".swagger-ui .info .title")).to_contain_text("Zelfscan Live")
    expect(reader.page.locator(".opblock-summary-path", has_text="/api/meetings").first).to_be_visible()
    assert reader.page.locator(".opblock").count() >= 20
    _only_this_server(reader.requests, live_server.url)  # the person fixture also fails on any CSP violation


def test_redoc_shows_the_operations_offline(live_server, person) -> None:  # type: ignore[no-untyped-def]
    reader = person(LAPTOP)
    reader.page.goto(f"{live_server.url}/redoc")

    expect(reader.page.locator("h1", has_text="Zelfscan Live")).to_be_visible()
    expect(reader.page.get_by_text("/api/meetings", exact=False).first).to_be_attached()
    _only_this_server(reader.requests, live_server.url)
