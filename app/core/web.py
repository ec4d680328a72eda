"""Templates, and turning errors into clear Dutch answers: JSON for the API, HTML for pages."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core import csrf
from app.core.dutch import counted, dutch_date, dutch_number
from app.core.errors import BodyTooLarge, ServiceError
from app.core.messages import dutch_message
from app.core.storage import NOT_READ, NOT_STORED, storage_cause
from app.core.times import local_hhmm
from app.meetings.schemas import ROLE_LABELS, http_link
from app.wheel.rules import SEGMENT_COLOURS
from app.zelfscan.scoring import GRID_MARK_LABELS, GRID_MARKS, PRIVACY_LABELS, STATUS_LABELS

log = logging.getLogger("zelfscan.web")
TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"
templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
templates.env.auto_reload = False  # templates do not change while serving; saves a stat per render
templates.env.globals.update(
    STATUS_LABELS=STATUS_LABELS,
    ROLE_LABELS=ROLE_LABELS,
    PRIVACY_LABELS=PRIVACY_LABELS,
    GRID_MARKS=GRID_MARKS,
    GRID_MARK_LABELS=GRID_MARK_LABELS,
    WHEEL_COLOURS=SEGMENT_COLOURS,
)


@pass_context
def _csrf_token(context: Context) -> str:
    request = context.get("request")
    return csrf.token_of(request) if request is not None else ""


@pass_context
def _csrf_field(context: Context) -> Markup:
    request = context.get("request")
    return csrf.csrf_field(request) if request is not None else Markup("")


templates.env.globals.update(csrf_token=_csrf_token, csrf_field=_csrf_field)
templates.env.filters["hhmm"] = lambda epoch, meeting=None: local_hhmm(epoch, meeting) if epoch else "–"
templates.env.filters["nl_number"] = dutch_number  # 38.5 -> "38,5"
templates.env.filters["nl_date"] = lambda day: dutch_date(day, weekday=False)  # "1 december 2026"
templates.env.filters["counted"] = counted  # 1|counted("deelnemer", "deelnemers") -> "1 deelnemer"
templates.env.filters["http_link"] = http_link  # only http(s) links become an href
templates.env.filters["tojson_attr"] = lambda value: json.dumps(value, separators=(",", ":"))


class ErrorBody(BaseModel):
    """Every refusal as JSON: a Dutch message, and for invalid input one Dutch line per problem."""

    detail: str
    errors: list[str]


def _refusal(description: str) -> dict[str, Any]:
    """A refusal as the OpenAPI declares it: JSON for the API and scripts, an HTML page (or fragment) for pages."""
    return {"description": description, "model": ErrorBody, "content": {"text/html": {"schema": {"type": "string"}}}}


# Declared on every route (main.py), so the OpenAPI tells the real shape of each refusal.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _refusal("Het verzoek kon niet worden gelezen"),
    403: _refusal("Geen toegang (organisatorsleutel of link ontbreekt of klopt niet)"),
    404: _refusal("Bestaat niet (bijeenkomst, code, link, vraag of regel)"),
    409: _refusal("Iemand anders was eerder (het antwoord is intussen gewijzigd)"),
    410: _refusal("De bijeenkomst is voorbij: de code werkt niet meer"),
    413: _refusal("Het verzoek is te groot"),
    422: _refusal("De invoer klopt niet: `errors` noemt elk probleem"),
    429: _refusal("Te veel pogingen: probeer het later opnieuw (Retry-After)"),
    503: _refusal("Niet opgeslagen of niet gelezen: de opslag weigert nu; probeer opnieuw"),
}
REDIRECT: dict[int | str, dict[str, Any]] = {303: {"description": "Gelukt: door naar de volgende pagina"}}


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def render_fragment(name: str, **context: Any) -> str:
    """Render a partial to a string (for live pushes over the websocket)."""
    return templates.env.get_template(name).render(**context)


def wants_json(request: Request) -> bool:
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(request: Request, status_code: int, message: str, details: list[str] | None = None) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": message, "errors": details or []}, status_code=status_code)
    if request.headers.get("hx-request"):
        return render(
            request, "core/error_fragment.html", status_code=status_code, message=message, details=details or []
        )
    return render(request, "core/error.html", status_code=status_code, message=message, details=details or [])


def dutch_validation_errors(exc: RequestValidationError | ValidationError) -> list[str]:
    lines = []
    for error in exc.errors():
        # A location can hold the client's own key (an unknown field): keep it printable, even a lone surrogate.
        loc = [
            str(part).encode("utf-8", "backslashreplace").decode()
            for part in error.get("loc", ())
            if part not in ("body", "query", "path", "form")
        ]
        message = dutch_message(error)
        lines.append(f"{'.'.join(loc) or 'invoer'}: {message}")
    return lines


async def service_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServiceError)
    response = error_response(request, exc.status_code, exc.message)
    response.headers.update(exc.headers)
    return response


async def validation_error_handler(request: Request, exc: Exception) -> Response:
    """Invalid input, from FastAPI's parsing or from a model validated in a handler."""
    assert isinstance(exc, (RequestValidationError, ValidationError))
    return error_response(request, 422, "De invoer klopt niet.", dutch_validation_errors(exc))


async def database_error_handler(request: Request, exc: Exception) -> Response:
    """A write the disk cannot store now (full, read-only, I/O error, locked): 503, nothing acknowledged
    (a read that fails the same way: 503 too, with its own words).

    Any other database error is a bug and stays a 500 (re-raised to the server's error handling).
    """
    assert isinstance(exc, DBAPIError)
    cause = storage_cause(exc)
    if cause is None:
        raise exc
    log.warning("Niet opgeslagen / not stored: %s %s: %s", request.method, request.url.path, cause.orig)
    response = error_response(request, 503, NOT_READ if request.method in ("GET", "HEAD") else NOT_STORED)
    response.headers["Retry-After"] = "5"
    return response


async def http_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if isinstance(exc, BodyTooLarge):
        return error_response(request, exc.status_code, exc.detail)
    messages = {
        400: "Het verzoek kon niet worden gelezen.",
        404: "Deze pagina bestaat niet.",
        405: "Deze actie is hier niet toegestaan.",
        413: "Het verzoek is te groot.",
    }
    message = messages.get(exc.status_code, str(exc.detail) if exc.detail else "Er ging iets mis.")
    return error_response(request, exc.status_code, message)
