"""One language per kind of URL: pages (HTML for people, their forms and live sockets) have Dutch
paths, the JSON API under /api has English ones. Walks every route the app serves, so a new route
with a word from the other language (say `/organisator/meetings/...`) fails here until it is
renamed, or the word is added to the right list below."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute, APIWebSocketRoute, iter_route_contexts
from starlette.routing import Mount, Route

from app.core.moved import MOVED_ROUTE_NAME

# Link kinds (join code, facilitator, display, gespreksleider), the QR image and the socket prefix:
# the same in both languages.
NEUTRAL = {"j", "f", "d", "g", "fv", "qr", "ws"}
DUTCH = {
    "organisator",
    "pagina",
    "vervolgbijeenkomst",
    "terugkoppeling",
    "themagroepen",
    "indelen",
    "verplaatsen",
    "tekst",
    "inloggen",
    "uitloggen",
    "bijeenkomsten",
    "gemeenten",
    "gegevens",
    "proefdraaien",
    "stoppen",
    "export",
    "verslag",
    "resultaten",
    "plan",
    "regio",
    "import",
    "meedoen",
    "kamer",
    "vraag",
    "mening",
    "antwoord",
    "klok",
    "privacy",
    "rad",
    "draaien",
    "bijlage-2",
    "beginnen",
    "vragen",
    "verwijderen",
    "terugzetten",
    "notitie",
    "hulp",
    "afgehandeld",
    "berichten",
    "afspraken",
    "vervolg",
    "themas",
    "thema",
    "leden",
    "regels",
    "beheer",
    "organisatoren",
    "factsheet",  # a Dutch loanword, the same in both languages
}
ENGLISH = {
    "api",
    "follow-up",
    "agendas",
    "question-sets",
    "meetings",
    "municipalities",
    "results",
    "join",
    "room",
    "questions",
    "view",
    "answer",
    "clock",
    "themes",
    "proposal",
    "wheel",
    "remove",
    "export",
    "minutes",
    "plan",
    "region",
    "import",
    "organisers",
    "factsheet",
}
# Plumbing for machines, not pages: the health probe and FastAPI's own documentation.
MACHINE = {"/healthz", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


def _words(path: str) -> list[str]:
    """The fixed words of a path: parameters skipped, a file extension (.docx, .xlsx) dropped."""
    return [segment.split(".")[0] for segment in path.strip("/").split("/") if segment and "{" not in segment]


def _served_routes(app: FastAPI) -> list[object]:
    return [context.original_route for context in iter_route_contexts(app.routes)]


def test_pages_have_dutch_paths_and_the_api_english_ones(app: FastAPI) -> None:
    pages, api, wrong = [], [], []
    for route in _served_routes(app):
        if isinstance(route, Mount):
            assert route.path.startswith("/static"), route.path  # files, not pages
            continue
        assert isinstance(route, (APIRoute, APIWebSocketRoute, Route)), route
        path = route.path
        if path in MACHINE or getattr(route, "name", "") == MOVED_ROUTE_NAME:
            continue
        is_api = path.startswith("/api/")
        (api if is_api else pages).append(path)
        allowed = (ENGLISH if is_api else DUTCH) | NEUTRAL
        wrong += [f"{path}: '{word}'" for word in _words(path) if word not in allowed]

    assert wrong == [], "pages need Dutch paths, /api English ones:\n" + "\n".join(wrong)
    # Guard against a walk that silently finds nothing (routers are included lazily).
    assert {"/", "/organisator/bijeenkomsten/{meeting_id}/export", "/j/{code}/kamer", "/ws/j/{code}"} <= set(pages)
    assert {"/api/meetings", "/api/j/{code}/room", "/api/meetings/{meeting_id}/export/minutes.docx"} <= set(api)
    assert len(pages) > 40 and len(api) > 20


def test_json_is_served_under_api_and_html_is_not(app: FastAPI) -> None:
    json_pages, html_api = [], []
    for route in _served_routes(app):
        if not isinstance(route, APIRoute) or route.path in MACHINE:
            continue
        if route.path.startswith("/api/"):
            if route.response_class is HTMLResponse:
                html_api.append(route.path)
        elif route.response_model is not None:
            json_pages.append(route.path)
    assert json_pages == [], "JSON for scripts belongs under /api"
    assert html_api == [], "HTML for people belongs on a page, not under /api"


def test_old_page_urls_are_only_redirects(app: FastAPI) -> None:
    moved = {
        route.path: sorted(route.methods)
        for route in _served_routes(app)
        if isinstance(route, APIRoute) and route.name == MOVED_ROUTE_NAME
    }
    assert moved == {
        "/organisator/login": ["POST"],
        "/organisator/meetings/{meeting_id}/export": ["GET"],
        "/organisator/meetings/{meeting_id}/export/verslag": ["GET"],
        "/organisator/meetings/{meeting_id}/export/verslag.docx": ["GET"],
        "/organisator/meetings/{meeting_id}/export/resultaten.xlsx": ["GET"],
        "/organisator/meetings/{meeting_id}/export/plan/regio.docx": ["GET"],
        "/organisator/meetings/{meeting_id}/export/plan/{municipality_id}.docx": ["GET"],
        "/organisator/meetings/{meeting_id}/import": ["POST"],
    }
