"""The app's own cookies: sent back only to this app's own pages, never readable by scripts.

Every cookie is HttpOnly and SameSite=Strict (a browser leaves it off any request another site
starts, even a link; see app.core.origin for how a link from elsewhere still lands signed in) and
Secure when the request came over HTTPS. The scheme is the request's own, or the proxy's
X-Forwarded-Proto when Settings.trust_proxy says a proxy in front terminates HTTPS.
"""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.responses import Response

APP_COOKIE_PREFIX = "zs_"  # every cookie the app sets starts with this


def is_https(connection: HTTPConnection) -> bool:
    return connection.url.scheme in ("https", "wss")


def set_private_cookie(response: Response, connection: HTTPConnection, name: str, value: str, *, max_age: int) -> None:
    """Set one of the app's cookies on `response` (see the module docstring for its flags)."""
    response.set_cookie(
        name, value, max_age=max_age, path="/", httponly=True, samesite="strict", secure=is_https(connection)
    )


def carries_app_cookie(connection: HTTPConnection) -> bool:
    """Whether the request holds any of the app's cookies (a participant, organiser or form-token cookie)."""
    return any(name.startswith(APP_COOKIE_PREFIX) for name in connection.cookies)
