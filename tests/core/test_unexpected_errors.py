"""A bug on one page answers a Dutch 500 and keeps the phone's keep-alive connection open."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest

from tests.conftest import LiveServer


def _broken() -> None:
    raise RuntimeError("a bug nobody expected")


@pytest.mark.parametrize(("path", "accept"), [("/stuk", "text/html"), ("/api/stuk", "application/json")])
def test_an_unexpected_error_answers_in_dutch_and_keeps_the_connection(
    live_server: LiveServer, path: str, accept: str
) -> None:
    live_server.app.add_api_route(path, _broken)
    address = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
    try:
        connection.request("GET", path, headers={"Accept": accept})
        broken = connection.getresponse()
        body = broken.read().decode()
        assert broken.status == 500
        assert "Er ging iets mis aan onze kant" in body and "RuntimeError" not in body
        assert accept in (broken.getheader("content-type") or "")
        assert not broken.will_close, "the server closed the keep-alive connection after the error"
        socket_before = connection.sock

        connection.request("GET", "/healthz")
        after = connection.getresponse()
        after.read()
        assert after.status == 200 and connection.sock is socket_before  # the same connection served it
    finally:
        connection.close()
