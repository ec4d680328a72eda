"""Page URLs that moved: the old URL answers with a permanent redirect to the new one.

Pages have Dutch paths, the JSON API under /api has English ones. A page that used to live at an
English path keeps working from bookmarks and open tabs: GET answers 301, POST answers 308 so a
form post (an upload, a login) is repeated with its body. The query string is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

MOVED_ROUTE_NAME = "moved_page"


def _redirect_to(new: str) -> Callable[[Request], RedirectResponse]:
    def moved_page(request: Request) -> RedirectResponse:
        target = new.format(**request.path_params)
        if request.url.query:
            target += "?" + request.url.query
        return RedirectResponse(target, status_code=301 if request.method in ("GET", "HEAD") else 308)

    return moved_page


def add_moved_page(router: APIRouter, old: str, new: str, methods: Sequence[str] = ("GET",)) -> None:
    """Redirect `old` permanently to `new`; both are path templates with the same {parameters}."""
    router.add_api_route(old, _redirect_to(new), methods=list(methods), include_in_schema=False, name=MOVED_ROUTE_NAME)
