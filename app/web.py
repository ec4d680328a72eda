"""Templates, and turning errors into clear Dutch answers: JSON for the API, HTML for pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.domain.scoring import PRIVACY_LABELS, STATUS_LABELS
from app.schemas import ROLE_LABELS
from app.services.errors import ServiceError
from app.services.meetings import local_hhmm, municipality_label

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
templates.env.auto_reload = False  # templates do not change while serving; saves a stat per render
templates.env.globals.update(
    STATUS_LABELS=STATUS_LABELS, ROLE_LABELS=ROLE_LABELS, PRIVACY_LABELS=PRIVACY_LABELS, municipality_label=municipality_label
)
templates.env.filters["hhmm"] = lambda epoch: local_hhmm(epoch) if epoch else "–"
templates.env.filters["tojson_attr"] = lambda value: json.dumps(value, separators=(",", ":"))


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
        return render(request, "partials/error.html", status_code=status_code, message=message, details=details or [])
    return render(request, "error.html", status_code=status_code, message=message, details=details or [])


_PYDANTIC_DUTCH = {
    "missing": "ontbreekt",
    "string_too_long": "is te lang (maximaal {max_length} tekens)",
    "string_too_short": "is te kort of leeg",
    "too_short": "moet minstens {min_length} item(s) bevatten",
    "too_long": "mag hoogstens {max_length} items bevatten",
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "float_parsing": "moet een getal zijn",
    "bool_parsing": "moet ja of nee zijn",
    "date_from_datetime_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_type": "moet een datum zijn (JJJJ-MM-DD)",
    "string_pattern_mismatch": "heeft niet de juiste vorm",
    "string_type": "moet tekst zijn",
    "list_type": "moet een lijst zijn",
    "dict_type": "moet een object zijn",
    "model_type": "moet een object zijn",
    "literal_error": "moet een van deze waarden zijn: {expected}",
    "extra_forbidden": "is geen bekend veld",
    "greater_than_equal": "moet minstens {ge} zijn",
    "json_invalid": "is geen geldige JSON",
}


def dutch_validation_errors(exc: RequestValidationError | ValidationError) -> list[str]:
    lines = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "form")]
        template = _PYDANTIC_DUTCH.get(error.get("type", ""))
        ctx = error.get("ctx") or {}
        if template:
            try:
                message = template.format(**ctx)
            except (KeyError, IndexError):
                message = template
        else:
            message = str(error.get("msg", "is ongeldig")).removeprefix("Value error, ")
        lines.append(f"{'.'.join(loc) or 'invoer'}: {message}")
    return lines


async def service_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServiceError)
    return error_response(request, exc.status_code, exc.message)


async def validation_error_handler(request: Request, exc: Exception) -> Response:
    """Invalid input, from FastAPI's parsing or from a model validated in a handler."""
    assert isinstance(exc, (RequestValidationError, ValidationError))
    return error_response(request, 422, "De invoer klopt niet.", dutch_validation_errors(exc))


async def http_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    messages = {404: "Deze pagina bestaat niet.", 405: "Deze actie is hier niet toegestaan.", 413: "Het verzoek is te groot."}
    message = messages.get(exc.status_code, str(exc.detail) if exc.detail else "Er ging iets mis.")
    return error_response(request, exc.status_code, message)
