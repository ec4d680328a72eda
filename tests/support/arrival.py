"""Orders of arrival on a page: a save's answer and the live push of the same change, in an order chosen by the test.

A save's answer and the room's echo of that save travel separately (HTTP and the websocket), so either can
reach the phone first. `HeldAnswers` holds back a request at the browser (sent to the server only on
`send()`, its answer shown only on `deliver()`); `HeldPushes` holds back what the server pushes over the
page's websocket until `release()`. Both use Playwright's routing: nothing waits on time.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from playwright.sync_api import APIResponse, Page, Route, WebSocketRoute

TIMEOUT = 20.0  # seconds; only reached when the page never sent what the test waits for


def _until(page: Page, done: Callable[[], bool], what: str) -> None:
    """Let Playwright handle the page's events until `done()` holds (its routes are handled meanwhile)."""
    deadline = time.monotonic() + TIMEOUT
    while not done():
        assert time.monotonic() < deadline, f"the page never {what}"
        page.wait_for_timeout(20)


class HeldAnswers:
    """The next request to a URL matching `pattern` is held at the browser: sent on `send()`, shown on `deliver()`."""

    def __init__(self, page: Page, pattern: str) -> None:
        self.page = page
        self.routes: list[Route] = []
        self.answers: list[tuple[Route, APIResponse]] = []
        page.route(pattern, self._hold, times=1)

    def _hold(self, route: Route) -> None:
        self.routes.append(route)

    def send(self) -> list[int]:
        """Wait for the page's request, send it to the server now; the statuses of the answers (not yet shown)."""
        _until(self.page, lambda: bool(self.routes), "sent the request")
        while self.routes:
            route = self.routes.pop(0)
            self.answers.append((route, route.fetch()))
        return [response.status for _, response in self.answers]

    def deliver(self) -> None:
        """Let the page have the answers of the requests sent."""
        for route, response in self.answers:
            route.fulfill(response=response)
        self.answers.clear()


class HeldPushes:
    """The page's websocket (opened after this is made) with what the server sends held back while `holding`."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.holding = False
        self.held: list[str | bytes] = []
        self.socket: WebSocketRoute | None = None
        page.route_web_socket(re.compile(r"/ws/"), self._connect)

    def _connect(self, socket: WebSocketRoute) -> None:
        server = socket.connect_to_server()
        self.socket = socket
        server.on_message(lambda message: self.held.append(message) if self.holding else socket.send(message))

    def hold(self) -> None:
        self.holding = True

    def wait_held(self, count: int = 1) -> None:
        """Wait until the server has pushed `count` messages that are being held back."""
        _until(self.page, lambda: len(self.held) >= count, f"was pushed {count} message(s)")

    def release(self) -> None:
        """Pass on what was held (in order) and wait until the page has handled it."""
        assert self.socket is not None, "the page has no websocket"
        before = pushes_handled(self.page)
        messages, self.held, self.holding = self.held, [], False
        for message in messages:
            self.socket.send(message)
        _until(self.page, lambda: pushes_handled(self.page) >= before + len(messages), "handled the pushes")


def pushes_handled(page: Page) -> int:
    """How many websocket messages the page has handled (counted in every test page: `browser.COUNT_PUSHES`)."""
    return int(page.evaluate("window.__pushesHandled"))
