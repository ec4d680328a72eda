"""The form token: every write from a page carries a per-browser random token (double submit).

A browser gets one random token in the `zs_csrf` cookie (HttpOnly, SameSite=Strict) on its first
response. Pages carry the same token: in `<meta name="csrf-token">`, which app.js sends as the
`X-CSRF-Token` header on every htmx write, and as a hidden `csrf_token` field in every plain form
(`{{ csrf_field() }}`). A write is accepted when the two match.

Which writes are checked: every POST/PUT/PATCH/DELETE that carries any of the app's cookies,
unless it authenticates with `Authorization: Bearer` (a header no other site can make a browser
send). A request with none of the app's cookies holds no one's credentials to misuse, unless it
says `Origin: null` without `Sec-Fetch-Site`: then the Origin check (app.core.origin) cannot place
it, so the token must.
The Origin check refuses a foreign browser's write first; the token also covers a browser that
sends neither Origin nor Sec-Fetch-Site.
"""

from __future__ import annotations

import hmac
import re
import secrets

from markupsafe import Markup, escape
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.cookies import carries_app_cookie, set_private_cookie
from app.core.errors import BodyTooLarge, Forbidden

COOKIE = "zs_csrf"
HEADER = "X-CSRF-Token"
FIELD = "csrf_token"
COOKIE_SECONDS = 30 * 24 * 3600
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)

REFUSED = (
    "Deze actie is geweigerd: de pagina is verlopen of kwam niet van Zelfscan Live zelf. "
    "Laad de pagina opnieuw en probeer het nog eens."
)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_of(connection: HTTPConnection) -> str:
    """The token of this browser, as the pages render it ("" outside CsrfCookieMiddleware)."""
    return str(connection.scope.get("state", {}).get("csrf_token", ""))


class CsrfCookieMiddleware:
    """Give every browser its token: read from its cookie, or made and set on this response.

    Never on a request another site started (`Sec-Fetch-Site: cross-site`): the browser leaves the
    Strict cookie off those, and a new token would replace the one the person's open pages carry.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        token = connection.cookies.get(COOKIE, "")
        scope.setdefault("state", {})
        if _TOKEN_SHAPE.fullmatch(token) or connection.headers.get("sec-fetch-site") == "cross-site":
            scope["state"]["csrf_token"] = token if _TOKEN_SHAPE.fullmatch(token) else ""
            await self.app(scope, receive, send)
            return
        token = new_token()
        scope["state"]["csrf_token"] = token
        carrier = Response()
        set_private_cookie(carrier, connection, COOKIE, token, max_age=COOKIE_SECONDS)
        set_cookie = carrier.headers["set-cookie"]

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append("set-cookie", set_cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)


async def _submitted(connection: HTTPConnection) -> str:
    supplied = connection.headers.get(HEADER, "")
    if supplied or not isinstance(connection, Request):
        return supplied
    if not connection.headers.get("content-type", "").lower().startswith(FORM_TYPES):
        return ""
    try:
        form = await connection.form()  # FastAPI has parsed it already for a route with form fields
    except BodyTooLarge:  # the body limit's 413 is the real answer, not a missing token
        raise
    except Exception:  # a malformed body has no token either
        return ""
    value = form.get(FIELD)
    return value if isinstance(value, str) else ""


async def require_token(connection: HTTPConnection) -> None:
    """App-wide dependency: refuse a cookie-carrying write whose token does not match the cookie's."""
    if connection.scope["type"] != "http" or connection.scope["method"] in SAFE_METHODS:
        return
    if connection.headers.get("authorization", "").lower().startswith("bearer "):
        return
    unplaced = connection.headers.get("origin") == "null" and "sec-fetch-site" not in connection.headers
    if not carries_app_cookie(connection) and not unplaced:
        return
    expected = token_of(connection)
    supplied = await _submitted(connection)
    if not (expected and supplied and hmac.compare_digest(supplied.encode(), expected.encode())):
        raise Forbidden(REFUSED)


def csrf_field(connection: HTTPConnection) -> Markup:
    """The hidden form field for a plain (non-htmx) form."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, escape(token_of(connection)))
