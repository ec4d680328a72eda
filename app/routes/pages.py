"""Public pages: the start page with the join form, and the QR code."""

from __future__ import annotations

import io

import segno
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.deps import SessionDep, SettingsDep
from app.services import meetings
from app.services.errors import NotFound
from app.web import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, code: str = "") -> HTMLResponse:
    return render(request, "home.html", code=code[:12], error="")


@router.get("/meedoen", response_model=None)
def join_with_code(request: Request, session: SessionDep, code: str = "") -> Response:
    try:
        meeting = meetings.by_join_code(session=session, code=code[:20])
    except NotFound as exc:
        return render(request, "home.html", status_code=404, code=code[:12], error=exc.message)
    return RedirectResponse(f"/j/{meeting.join_code}", status_code=303)


@router.get("/qr/{code}.svg")
def qr_code(code: str, session: SessionDep, settings: SettingsDep) -> Response:
    meeting = meetings.by_join_code(session=session, code=code)
    buffer = io.BytesIO()
    segno.make(f"{settings.public_url}/j/{meeting.join_code}", error="m").save(buffer, kind="svg", scale=8, border=2, dark="#000", light="#fff")
    return Response(buffer.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/healthz")
def health() -> dict[str, str]:
    return {"status": "ok"}
