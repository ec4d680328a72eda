"""A body over the limit is refused as too large (413), even where the form token is read from the body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.testclient import TestClient


def test_an_oversized_form_without_a_length_is_too_large_not_a_missing_token(
    client: TestClient, make_meeting: Any, phone: Any
) -> None:
    meeting = make_meeting()
    anna = phone(meeting, "Bussum", name="Anna")

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is found while the body is read
        for _ in range(64):
            yield b"x=" + b"a" * 16_384 + b"&"

    anna._use_my_cookies()
    response = client.post(
        f"/j/{meeting.join_code}/hulp",  # a route without form fields: the token check reads the body first
        content=chunks(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": ""},
    )
    assert response.status_code == 413, response.text
    assert "te groot" in response.text
