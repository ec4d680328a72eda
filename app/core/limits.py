"""Request bodies are limited while they arrive, so an oversized one costs nothing.

A body over its route's limit is refused with a Dutch 413: at once when its Content-Length says
so (nothing is read), else as soon as the bytes read pass the limit (nothing is parsed: the
handler is still waiting for its body). Routes that take a file declare a larger limit.

Starlette's RequestBodyLimitMiddleware counts the same way, but answers in English plain text and
replaces any answer when the declared length is too large; hence this small one.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import BodyTooLarge
from app.core.web import error_response

KIB = 1024
# JSON and forms. The largest legitimate form is a plan van aanpak row: seven fields of 4,000
# characters, which percent-encoded Dutch text (é is %C3%A9: 6 bytes) keeps under 192 KiB.
BODY_LIMIT = 256 * KIB


class BodyLimit:
    """ASGI middleware: `default` bytes per request body; `larger` gives (path template, limit) exceptions."""

    def __init__(self, app: ASGIApp, *, default: int, larger: Sequence[tuple[str, int]] = ()) -> None:
        self.app = app
        self.default = default
        self.larger = [(compile_path(path)[0], limit) for path, limit in larger]

    def limit_for(self, path: str) -> int:
        return next((limit for pattern, limit in self.larger if pattern.match(path)), self.default)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            refused = BodyTooLarge(limit)
            await error_response(Request(scope), refused.status_code, refused.detail)(scope, receive, send)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)  # from inside the handler's read: answered by the 413 handler
            return message

        await self.app(scope, counted_receive, send)
