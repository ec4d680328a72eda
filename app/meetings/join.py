"""Public pages: the start page with the join form, and the QR code."""

from __future__ import annotations

import io
from typing import Annotated

import segno
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.core.cookies import set_private_cookie
from app.core.deps import (
    CodeMeeting,
    HubDep,
    SessionDep,
    SettingsDep,
    meeting_by_code,
    participant_cookie,
)
from app.core.errors import ServiceError
from app.core.inputs import CLEAN, Id
from app.core.web import REDIRECT, render
from app.live import events
from app.meetings import participants
from app.meetings import service as meetings
from app.meetings.schemas import JoinRequest

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, code: str = "") -> HTMLResponse:
    return render(request, "meetings/home.html", code=code[:12], error="")


@router.get("/meedoen", response_class=HTMLResponse, response_model=None, responses=REDIRECT)
def join_with_code(request: Request, session: SessionDep, code: str = "") -> Response:
    try:
        meeting = meeting_by_code(code[:20], request, session)
    except ServiceError as refusal:  # unknown (404), over (410), or too many wrong codes from here (429)
        page = render(
            request, "meetings/home.html", status_code=refusal.status_code, code=code[:12], error=refusal.message
        )
        page.headers.update(refusal.headers)
        return page
    return RedirectResponse(f"/j/{meeting.join_code}", status_code=303)


@router.get(
    "/qr/{code}.svg",
    response_class=Response,
    responses={200: {"description": "De QR-code", "content": {"image/svg+xml": {"schema": {"type": "string"}}}}},
)
def qr_code(meeting: CodeMeeting, settings: SettingsDep) -> Response:
    buffer = io.BytesIO()
    segno.make(f"{settings.public_url}/j/{meeting.join_code}", error="m").save(
        buffer, kind="svg", scale=8, border=2, dark="#000", light="#fff"
    )
    return Response(buffer.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=3600"})


COOKIE_SECONDS = 3 * 24 * 3600


@router.get("/privacy", response_class=HTMLResponse)
def privacy(request: Request, settings: SettingsDep) -> HTMLResponse:
    """What is stored, how long, and who sees it (linked from the join pages and the room)."""
    return render(
        request,
        "meetings/privacy.html",
        retention_days=settings.retention_days,
        anonymise_names_days=settings.anonymise_names_days,
        cookie_days=COOKIE_SECONDS // (24 * 3600),
        access_log=settings.access_log,
    )


@router.get("/j/{code}", response_class=HTMLResponse, response_model=None, responses=REDIRECT)
def choose_municipality(request: Request, meeting: CodeMeeting, session: SessionDep) -> Response:
    if participants.find_by_token(
        session=session, meeting=meeting, token=request.cookies.get(participant_cookie(meeting))
    ):
        return RedirectResponse(f"/j/{meeting.join_code}/kamer", status_code=303)  # back where they were
    return render(
        request,
        "meetings/choose.html",
        meeting=meeting,
        municipalities=meetings.municipalities_of(session=session, meeting=meeting),
    )


@router.post("/j/{code}", response_class=HTMLResponse, responses=REDIRECT)
def join(
    meeting: CodeMeeting,
    session: SessionDep,
    hub: HubDep,
    request: Request,
    municipality_id: Annotated[Id, Form()],
    name: Annotated[str, Form(max_length=80), CLEAN] = "",
    role: Annotated[str, Form(max_length=20), CLEAN] = "",
) -> Response:
    data = JoinRequest.model_validate({"municipality_id": municipality_id, "name": name, "role": role})
    participant = participants.join(session=session, meeting=meeting, data=data)
    events.participant_joined(hub, meeting.id or 0)
    response = RedirectResponse(f"/j/{meeting.join_code}/kamer", status_code=303)
    set_private_cookie(response, request, participant_cookie(meeting), participant.token, max_age=COOKIE_SECONDS)
    return response
