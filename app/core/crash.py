"""An error no handler expected: logged with its traceback, answered in Dutch, the connection kept.

Starlette's outermost ServerErrorMiddleware answers such an error too, but then raises it again, and
uvicorn closes the keep-alive connection of every request whose app raised: one bug on one page
cost a phone its connection. This middleware sits just inside it, answers a Dutch 500 (JSON under
/api, a page otherwise) and does not raise again. Once a response has started it can only let go.
"""

from __future__ import annotations

import logging

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core import web
from app.core.logmask import mask_path

logger = logging.getLogger("app.errors")
MESSAGE = "Er ging iets mis aan onze kant. Probeer het opnieuw; blijft het misgaan, meld het dan bij de organisator."


class UnexpectedErrors:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            logger.exception("Unexpected error on %s %s", scope.get("method", ""), mask_path(scope.get("path", "")))
            if started:
                raise
            await web.error_response(Request(scope), 500, MESSAGE)(scope, receive, send)
