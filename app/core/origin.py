"""Only the app's own pages may change anything: every write and every websocket checks its origin.

A browser names the page behind a request: `Origin` on every write and websocket, `Sec-Fetch-Site`
on every request (modern browsers). A POST/PUT/PATCH/DELETE or a websocket handshake is refused
when `Sec-Fetch-Site` is `cross-site` or `same-site` (another port of the same host is same-site),
or when `Origin` is not the app's own (see `foreign` for `Origin: null`). A request with neither
header does not come from a browser (a script, curl with a Bearer key) and passes: browsers always
send one of them on a foreign write.

The app's own origin is Settings.public_url (ZELFSCAN_PUBLIC_URL): the one address the join links
and the QR code already use. When it is a loopback address (the default, http://127.0.0.1:8000),
the other loopback spellings with the same scheme and port (localhost, [::1]) count too: only this
app can serve a page from them. The origin the request's Host header implies is *not* trusted: the
Host header names whatever address the browser used, so a name an attacker controls that resolves
to this server (DNS rebinding) would match itself, and behind a proxy Host is the proxy's choice.

A link from another site (a chat message, a mail) opens a page without the app's cookies, which are
SameSite=Strict. Such a navigation gets a tiny page that reloads itself from the app's own origin,
so the browser then sends the cookies and the person lands signed in (participant or organiser).
"""

from __future__ import annotations

import logging
from urllib.parse import quote, urlsplit

from markupsafe import escape
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.cookies import carries_app_cookie
from app.core.web import error_response

log = logging.getLogger("zelfscan.origin")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FOREIGN_SITES = frozenset({"cross-site", "same-site"})
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
DEFAULT_PORTS = {"http": 80, "https": 443}
CLOSE_FORBIDDEN = 4403  # as every other refused websocket

REFUSED = (
    "Deze actie is geweigerd: het verzoek kwam niet van Zelfscan Live zelf, maar van een andere website. "
    "Open Zelfscan Live via het eigen adres en probeer het opnieuw."
)


def origin_of(url: str) -> str:
    """`scheme://host[:port]` in its canonical form (lower case, default port left out); "" if none."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS or not host:
        return ""
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}" if port in (None, DEFAULT_PORTS[scheme]) else f"{scheme}://{host}:{port}"


def own_origins(public_url: str) -> frozenset[str]:
    """The origins whose pages may write: public_url's, plus its loopback aliases (see module doc)."""
    own = origin_of(public_url)
    if not own:
        raise RuntimeError(f"ZELFSCAN_PUBLIC_URL is geen http(s)-adres: {public_url!r}")
    parts = urlsplit(own)
    host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname
    if host not in LOOPBACK_HOSTS:
        return frozenset({own})
    port = f":{parts.port}" if parts.port else ""
    return frozenset({own, *(f"{parts.scheme}://{alias}{port}" for alias in LOOPBACK_HOSTS)})


def foreign(connection: HTTPConnection, own: frozenset[str]) -> str | None:
    """Why this request comes from another site's page (a header to log), or None when it does not.

    `Origin: null` on a write is not proof of a foreign page: under the app's own Referrer-Policy
    (no-referrer) a browser sends it on the app's own plain form posts. Then `Sec-Fetch-Site`
    decides, and without it the form token must (app.core.csrf requires it for such a write).
    A websocket from the app's own pages always names their origin, so there `null` is refused.
    """
    site = connection.headers.get("sec-fetch-site")
    if site is not None and site.strip().lower() in FOREIGN_SITES:
        return f"Sec-Fetch-Site: {site}"
    origin = connection.headers.get("origin")
    if origin is None or (origin == "null" and connection.scope["type"] == "http"):
        return None
    if origin_of(origin) not in own:
        return f"Origin: {origin}"
    return None


def _arrives_without_cookies(connection: HTTPConnection) -> bool:
    """A link on another site opened this page, so the browser left the app's Strict cookies off."""
    headers = connection.headers
    return (
        headers.get("sec-fetch-site") == "cross-site"
        and headers.get("sec-fetch-mode") == "navigate"
        and headers.get("sec-fetch-dest") == "document"
        and not carries_app_cookie(connection)
    )


def _reload_from_here(connection: HTTPConnection) -> HTMLResponse:
    # The path only (never a scheme or host, so never another site), with a backslash or a leading
    # double slash encoded so that no browser reads it as an address elsewhere.
    target = "/" + quote(connection.url.path.lstrip("/"), safe="/:@!$&'()*+,;=-._~")
    if connection.url.query:
        target += "?" + quote(connection.url.query, safe="=&+%-._~")
    html = (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={escape(target)}"><title>Zelfscan Live</title></head>'
        f'<body><p><a href="{escape(target)}">Verder naar Zelfscan Live</a></p></body></html>'
    )
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


class SameOriginMiddleware:
    """Refuse foreign writes (403, in Dutch) and foreign websockets (closed before accept, 4403)."""

    def __init__(self, app: ASGIApp, *, public_url: str) -> None:
        self.app = app
        self.own = own_origins(public_url)
        self.public_origin = origin_of(public_url)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        if scope["type"] == "websocket" or scope["method"] not in SAFE_METHODS:
            reason = foreign(connection, self.own)
            if reason is not None:
                log.warning(
                    "refused %s %s from another site (%s); this app's own origin is %s (ZELFSCAN_PUBLIC_URL)",
                    scope.get("method", "WEBSOCKET"),
                    scope["path"],
                    reason,
                    self.public_origin,
                )
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": CLOSE_FORBIDDEN, "reason": ""})
                else:
                    await error_response(Request(scope), 403, REFUSED)(scope, receive, send)
                return
        elif _arrives_without_cookies(connection):
            await _reload_from_here(connection)(scope, receive, send)
            return
        await self.app(scope, receive, send)
