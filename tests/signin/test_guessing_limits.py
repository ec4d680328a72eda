"""Guessing is slowed down per address: wrong join codes and wrong organiser secrets end in 429 + Retry-After.

The limiter's clock is injected: no test sleeps.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.requests import Request

from app.core.attempts import JOIN_CODES, ORGANISER_SECRET, Budget, TokenBuckets, client_key
from tests.conftest import SECRET, sign_in
from tests.support.pages import as_pages_do

WRONG_CODE = "XXXXXX"  # X is in the alphabet; the factory's codes are random, so check it is not one of them


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(app: FastAPI) -> Clock:
    """The app's limiters, with a clock the test moves by hand."""
    clock = Clock()
    app.state.join_code_attempts = TokenBuckets(JOIN_CODES, clock=clock)
    app.state.sign_in_attempts = TokenBuckets(ORGANISER_SECRET, clock=clock)
    return clock


def wrong_code_attempts(client: TestClient) -> list[Any]:
    """One wrong code through each door a guesser could use, in turn."""
    return [
        client.get(f"/meedoen?code={WRONG_CODE}"),
        client.get(f"/j/{WRONG_CODE}"),
        client.post(f"/j/{WRONG_CODE}", data={"municipality_id": "1"}),
        client.post(f"/api/j/{WRONG_CODE}/join", json={"municipality_id": 1}),
        client.get(f"/api/j/{WRONG_CODE}/room"),
        client.get(f"/qr/{WRONG_CODE}.svg"),
    ]


def spend_join_codes(client: TestClient) -> None:
    statuses = []
    while len(statuses) < JOIN_CODES.burst:
        statuses += [response.status_code for response in wrong_code_attempts(client)]
    assert set(statuses[: JOIN_CODES.burst]) == {404}


def test_wrong_join_codes_end_in_429_with_retry_after(client: TestClient, clock: Clock, workshop: Any) -> None:
    assert workshop.code != WRONG_CODE
    spend_join_codes(client)

    for refused in wrong_code_attempts(client):
        assert refused.status_code == 429, refused.request.url
        assert refused.headers["retry-after"] == "2"
    page = client.get(f"/meedoen?code={WRONG_CODE}")
    assert "Te veel onbekende codes vanaf dit adres" in page.text and 'value="XXXXXX"' in page.text
    api = client.post(f"/api/j/{WRONG_CODE}/join", json={"municipality_id": 1})
    assert api.json()["detail"].startswith("Te veel onbekende codes")

    clock.now += 2  # one more attempt has come back
    assert client.get(f"/j/{WRONG_CODE}").status_code == 404
    assert client.get(f"/j/{WRONG_CODE}").status_code == 429


def test_a_spent_address_learns_nothing_from_a_right_code(client: TestClient, clock: Clock, workshop: Any) -> None:
    spend_join_codes(client)

    assert client.get(f"/j/{workshop.code}").status_code == 429
    assert client.post(f"/api/j/{workshop.code}/join", json={"municipality_id": 1}).status_code == 429


def test_others_on_another_address_and_people_already_in_keep_going(
    app: FastAPI, client: TestClient, clock: Clock, workshop: Any
) -> None:
    anna = workshop.join("Amstelveen", "Anna")  # joined before the guessing started, same address
    spend_join_codes(client)

    assert anna.get(f"/j/{workshop.code}/kamer").status_code == 200
    assert anna.answer(1, status="op_orde").status_code == 200
    elsewhere = as_pages_do(TestClient(app, client=("192.0.2.7", 50000)))  # (the app is already running for `client`)
    joined = elsewhere.post(
        f"/api/j/{workshop.code}/join", json={"municipality_id": workshop.municipality_id("Bussum")}
    )
    assert joined.status_code == 201


def test_ipv6_addresses_are_counted_per_64() -> None:
    limiter = TokenBuckets(Budget(burst=1, refill_seconds=60), clock=Clock())

    def key(host: str) -> str:
        return client_key(Request({"type": "http", "client": (host, 1), "headers": []}))

    assert key("2001:db8:1:2::1") == key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert key("2001:db8:1:3::1") != key("2001:db8:1:2::1")
    assert key("192.0.2.1") == "192.0.2.1"
    limiter.failed(key("2001:db8:1:2::1"))
    assert limiter.wait_seconds(key("2001:db8:1:2::abcd")) == 60


def test_wrong_organiser_secrets_end_in_429_with_retry_after(client: TestClient, clock: Clock) -> None:
    for _ in range(ORGANISER_SECRET.burst):
        wrong = client.post("/organisator/inloggen", data={"sleutel": "geraden-sleutel"}, follow_redirects=False)
        assert wrong.status_code == 403

    refused = client.post("/organisator/inloggen", data={"sleutel": "geraden-sleutel"}, follow_redirects=False)
    assert refused.status_code == 429 and refused.headers["retry-after"] == "30"
    assert "Te veel verkeerde sleutels vanaf dit adres" in refused.text
    right = client.post("/organisator/inloggen", data={"sleutel": SECRET}, follow_redirects=False)
    assert right.status_code == 429  # not even the right one: the answer tells a guesser nothing
    bearer = client.get("/api/meetings/1", headers={"Authorization": f"Bearer {SECRET}"})
    assert bearer.status_code == 429 and bearer.headers["retry-after"] == "30"

    clock.now += 30
    sign_in(client)


def test_wrong_bearer_secrets_count_too(client: TestClient, clock: Clock) -> None:
    for _ in range(ORGANISER_SECRET.burst):
        assert client.get("/api/meetings/1", headers={"Authorization": "Bearer geraden-sleutel"}).status_code == 403

    refused = client.get("/api/meetings/1", headers={"Authorization": "Bearer geraden-sleutel"})
    assert refused.status_code == 429 and refused.json()["detail"].startswith("Te veel verkeerde sleutels")


def test_an_organiser_signed_in_before_is_not_locked_out(app: FastAPI, client: TestClient, clock: Clock) -> None:
    sign_in(client)
    guesser = as_pages_do(TestClient(app))  # another browser at the same address
    for _ in range(ORGANISER_SECRET.burst + 1):
        guesser.post("/organisator/inloggen", data={"sleutel": "geraden-sleutel"})
    assert guesser.post("/organisator/inloggen", data={"sleutel": SECRET}).status_code == 429

    assert "Nieuwe bijeenkomst" in client.get("/organisator").text


def test_a_bucket_refills_to_its_burst_and_forgets_full_keys() -> None:
    clock = Clock()
    limiter = TokenBuckets(Budget(burst=3, refill_seconds=10), clock=clock, max_keys=2)
    for _ in range(3):
        limiter.failed("a")
    assert limiter.wait_seconds("a") == 10
    clock.now += 5
    assert limiter.wait_seconds("a") == 5
    clock.now += 1_000
    assert limiter.wait_seconds("a") == 0
    limiter.failed("b")
    limiter.failed("c")  # a third key: "a" has refilled completely and is forgotten
    assert "a" not in limiter._buckets and limiter.wait_seconds("a") == 0
