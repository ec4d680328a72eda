"""The HTTP test client as the app's pages use it: every write carries the browser's form token.

A page sends the token it was rendered with (app.js copies it from `<meta name="csrf-token">` into
`X-CSRF-Token`; plain forms carry it as a hidden field). That token is the `zs_csrf` cookie's value,
so a test client does the same by copying the cookie it sends into the header. Tests that check the
refusal of a forged write use a client without this (see tests/core/test_same_origin.py).
"""

from __future__ import annotations

import secrets
from http.cookies import SimpleCookie
from typing import TypeVar

import httpx

from app.core import csrf

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _send_form_token(request: httpx.Request) -> None:
    if request.method not in WRITES or csrf.HEADER in request.headers:
        return
    sent = SimpleCookie(request.headers.get("cookie", ""))
    if csrf.COOKIE in sent:
        request.headers[csrf.HEADER] = sent[csrf.COOKIE].value


Client = TypeVar("Client", bound=httpx.Client)


def as_pages_do(client: Client) -> Client:
    """Make `client` send the form token on every write, as the app's own pages do."""
    client.event_hooks["request"] = [*client.event_hooks["request"], _send_form_token]
    return client


def browser_cookies(cookies: dict[str, str]) -> dict[str, str]:
    """`cookies` plus the form-token cookie a browser got with the first page it opened."""
    return {csrf.COOKIE: secrets.token_urlsafe(32), **cookies}
