"""Security headers on every response: a strict Content-Security-Policy and its companions.

Everything a page uses comes from the app itself (DESIGN.md: no request leaves for a third party),
so the policy allows only 'self'. No inline script, no inline event handler, no eval: behaviour
lives in app/static/*.js and htmx runs with allowEval off. No inline style either: no style
attribute in any template (the wheel gets its angles from data attributes via wheel.js) and no
<style> element with content. The one exception is the hash of the *empty* <style> element:
plotly.js (and the /redoc page's styled-components) add an empty <style> and fill it through the
CSS object model, which the policy does not govern and markup cannot reach.

A route may set its own Content-Security-Policy; this one is added only where none is set.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"  # sha256 of ""


def content_security_policy(*, style_hashes: tuple[str, ...] = ()) -> str:
    """The policy; a page may allow a few inline stylesheets more, each by the hash of its exact text."""
    style_sources = " ".join(("'self'", EMPTY_STYLE_HASH, *(f"'{digest}'" for digest in style_hashes)))
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            f"style-src {style_sources}",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


CONTENT_SECURITY_POLICY = content_security_policy()

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


class SecurityHeadersMiddleware:
    """Add SECURITY_HEADERS to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
