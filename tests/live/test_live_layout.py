"""The rules of the live layer: only `app.live.events` publishes, and every live screen is in one table."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path

from fastapi import FastAPI
from fastapi.routing import APIWebSocketRoute, iter_route_contexts

import app as app_package
from app.live import events
from app.live.hub import Hub, followup_channel, progress_channel
from app.live.sockets import SCREENS

APP_DIR = Path(app_package.__file__).resolve().parent
EVENTS = APP_DIR / "live" / "events.py"
HUB = APP_DIR / "live" / "hub.py"
BROKER = APP_DIR / "live" / "broker.py"  # the Redis backend: carries what the hub hands on, publishes nothing itself


def publishers(path: Path) -> list[str]:
    """Every `<something>.publish` in the module, as `line: source`, except the hub handing on to its backend
    and that backend handing on to Redis."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Attribute) and node.attr == "publish":
            if (path, ast.unparse(node.value)) in {(HUB, "self.backend"), (BROKER, "self._redis")}:
                continue
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_only_the_events_module_publishes_on_the_hub() -> None:
    elsewhere = {
        str(path.relative_to(APP_DIR.parent)): hits
        for path in sorted(APP_DIR.rglob("*.py"))
        if path != EVENTS and (hits := publishers(path))
    }

    assert elsewhere == {}, "publish through a named function in app/live/events.py instead"
    assert publishers(EVENTS), "the scan found no publish in app/live/events.py: is it still looking?"


def test_every_websocket_of_the_app_is_a_screen_in_the_one_table(app: FastAPI) -> None:
    served = [context.original_route for context in iter_route_contexts(app.routes)]  # routers are included lazily
    sockets = {route.path for route in served if isinstance(route, APIWebSocketRoute)}

    assert sockets == set(SCREENS)
    assert len(SCREENS) == 7


def test_a_follow_up_change_reaches_the_follow_up_pages_and_the_dashboards() -> None:
    async def scenario() -> None:
        hub = Hub(queue_size=8)
        await hub.start()
        async with hub.subscribe(followup_channel(1)) as pages, hub.subscribe(progress_channel(1)) as dashboards:
            events.followup_changed(hub, 1, "plan")
            assert await asyncio.wait_for(pages.get(), timeout=5) == {"type": "plan"}
            assert await asyncio.wait_for(dashboards.get(), timeout=5) == {"type": "plan"}
        await hub.stop()

    asyncio.run(scenario())
