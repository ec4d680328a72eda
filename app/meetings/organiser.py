"""The organiser's pages: log in with the secret, create and change meetings, rehearse."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from app.core.cookies import set_private_cookie
from app.core.deps import (
    ORGANISER_COOKIE,
    CatalogDep,
    HubDep,
    OrganiserDep,
    OrganiserMeeting,
    SessionDep,
    SettingsDep,
    is_organiser,
)
from app.core.moved import add_moved_page
from app.core.times import today_local
from app.core.web import render
from app.live import events
from app.meetings import rehearsal as simulator
from app.meetings import service as meetings
from app.meetings.schemas import MeetingCreate, MeetingUpdate

router = APIRouter()


def _login_response(request: Request, secret: str) -> Response:
    expected: str = request.app.state.organiser_secret
    if not hmac.compare_digest(secret.encode(), expected.encode()):
        return render(request, "meetings/organiser_login.html", status_code=403, error="Deze sleutel klopt niet.")
    response = RedirectResponse("/organisator", status_code=303)
    set_private_cookie(response, request, ORGANISER_COOKIE, secret, max_age=14 * 24 * 3600)
    return response


@router.get("/organisator", response_class=HTMLResponse, response_model=None)
def organiser_home(request: Request, session: SessionDep, catalog: CatalogDep, sleutel: str = "") -> Response:
    if sleutel:
        return _login_response(request, sleutel)
    if not is_organiser(request):
        return render(request, "meetings/organiser_login.html", error="")
    return render(
        request,
        "meetings/organiser_index.html",
        meetings=meetings.list_meetings(session=session),
        agendas=catalog.agendas,
        today=today_local(),
    )


@router.post("/organisator/inloggen", response_model=None)
def login(request: Request, sleutel: Annotated[str, Form(max_length=200)]) -> Response:
    return _login_response(request, sleutel)


add_moved_page(router, "/organisator/login", "/organisator/inloggen", methods=("POST",))


@router.post("/organisator/bijeenkomsten")
def create_meeting(
    _: OrganiserDep,
    session: SessionDep,
    catalog: CatalogDep,
    region: Annotated[str, Form(max_length=80)],
    date: Annotated[dt.date, Form()],
    municipalities: Annotated[str, Form(max_length=5000)],
    agenda_key: Annotated[str, Form()] = "startbijeenkomst",
    start_time: Annotated[str, Form()] = "09:00",
    video_link: Annotated[str, Form(max_length=500)] = "",
    privacy_mode: Annotated[str, Form()] = "anonymised",
    scan_kind: Annotated[str, Form()] = "nulmeting",
    scan_source_id: Annotated[str, Form(max_length=12)] = "",
    earlier_scan_id: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    data = MeetingCreate.model_validate(
        {
            "region": region,
            "date": date,
            "start_time": start_time[:5],
            "agenda_key": agenda_key,
            "video_link": video_link,
            "privacy_mode": privacy_mode,
            "scan_kind": scan_kind,
            "scan_source_id": scan_source_id or None,
            "earlier_scan_id": earlier_scan_id or None,
            "municipalities": [line.strip() for line in municipalities.splitlines() if line.strip()],
        }
    )
    meeting = meetings.create_meeting(session=session, catalog=catalog, data=data)
    return RedirectResponse(f"/organisator/bijeenkomsten/{meeting.id}", status_code=303)


@router.get("/organisator/bijeenkomsten/{meeting_id}", response_class=HTMLResponse)
def meeting_page(
    request: Request,
    meeting: OrganiserMeeting,
    session: SessionDep,
    catalog: CatalogDep,
    settings: SettingsDep,
    melding: str = "",
) -> HTMLResponse:
    return render(
        request,
        "meetings/organiser_meeting.html",
        meeting=meeting,
        links=meetings.links(meeting, settings.public_url),
        blocks=meetings.blocks_of(session=session, meeting=meeting),
        agenda=catalog.agenda(meeting.agenda_key),
        attendance=meetings.attendance(session=session, meeting=meeting),
        others=[m for m in meetings.list_meetings(session=session) if m.id != meeting.id],
        agendas=catalog.agendas,
        message=melding[:200],
    )


@router.post("/organisator/bijeenkomsten/{meeting_id}/gemeenten")
def add_municipality(
    meeting: OrganiserMeeting, session: SessionDep, hub: HubDep, name: Annotated[str, Form(max_length=80)]
) -> Response:
    municipality = meetings.add_municipality(session=session, meeting=meeting, name=name)
    events.meeting_changed(hub, meeting.id or 0)
    return RedirectResponse(
        f"/organisator/bijeenkomsten/{meeting.id}?melding=Gemeente {municipality.name} toegevoegd.", status_code=303
    )


@router.post("/organisator/bijeenkomsten/{meeting_id}/gegevens")
async def update_meeting(request: Request, meeting: OrganiserMeeting, session: SessionDep, hub: HubDep) -> Response:
    form = await request.form()
    speakers = {
        int(key.removeprefix("speaker_")): str(value)
        for key, value in form.items()
        if key.startswith("speaker_") and key[8:].isdigit()
    }
    data = MeetingUpdate.model_validate(
        {
            "region": form.get("region"),
            "date": form.get("date"),
            "start_time": str(form.get("start_time", ""))[:5],
            "video_link": form.get("video_link", ""),
            "privacy_mode": form.get("privacy_mode"),
            "speakers": speakers,
            **{link: form.get(link) or None for link in ("scan_source_id", "earlier_scan_id") if link in form},
            **({"scan_kind": form.get("scan_kind")} if form.get("scan_kind") else {}),
        }
    )
    meetings.update_meeting(session=session, meeting=meeting, data=data)
    events.meeting_changed(hub, meeting.id or 0)
    return RedirectResponse(f"/organisator/bijeenkomsten/{meeting.id}?melding=Opgeslagen.", status_code=303)


@router.post("/organisator/bijeenkomsten/{meeting_id}/proefdraaien")
async def rehearse(
    request: Request,
    meeting: OrganiserMeeting,
    session: SessionDep,
    per_municipality: Annotated[int, Form(ge=1, le=10)] = 3,
) -> Response:
    ids = [m.id or 0 for m in await run_in_threadpool(meetings.municipalities_of, session=session, meeting=meeting)]
    simulator.start_rehearsal(
        request.app,
        meeting=meeting,
        base_url=str(request.base_url).rstrip("/"),
        municipality_ids=ids,
        per_municipality=per_municipality,
    )
    return RedirectResponse(
        f"/organisator/bijeenkomsten/{meeting.id}?melding=Proefdraaien gestart: gesimuleerde deelnemers melden zich "
        "aan.",
        status_code=303,
    )
