"""The organiser's pages: sign in with the secret (and out), create, change, rehearse and delete meetings."""

from __future__ import annotations

import datetime as dt
import time
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from app.core.attempts import client_key
from app.core.cookies import set_private_cookie
from app.core.deps import (
    ORGANISER_COOKIE,
    CatalogDep,
    HubDep,
    OrganiserDep,
    OrganiserMeeting,
    SessionDep,
    SettingsDep,
    organiser_secret,
    sign_in_attempts,
    signed_in_organiser,
)
from app.core.errors import Forbidden, TooManyAttempts
from app.core.inputs import CLEAN
from app.core.moved import add_moved_page
from app.core.times import today_local
from app.core.web import REDIRECT, render
from app.live import events
from app.meetings import follow_up, rehearsal_copy, rehearsal_jobs, removal
from app.meetings import service as meetings
from app.meetings.schemas import FollowUpCreate, MeetingCreate, MeetingUpdate
from app.signin import service as signin

router = APIRouter()

KEY_IN_LINK = (
    "Inloggen met de sleutel in een link kan niet meer (links komen in logboeken terecht). Typ de sleutel hier."
)


@router.get("/organisator", response_class=HTMLResponse, response_model=None, responses=REDIRECT)
def organiser_home(
    request: Request,
    session: SessionDep,
    catalog: CatalogDep,
    sleutel: str = "",
    oude_link: str = "",
    melding: str = "",
) -> Response:
    if sleutel:  # a secret in the URL (an old bookmark) never signs in; off the address bar, the form asks for it
        return RedirectResponse("/organisator?oude_link=1", status_code=303)
    organiser = signed_in_organiser(request, session)
    if organiser is None:
        return render(request, "meetings/organiser_login.html", error="", notice=KEY_IN_LINK if oude_link else "")
    return render(
        request,
        "meetings/organiser_index.html",
        organiser=organiser,
        meetings=meetings.list_meetings(session=session, organiser_id=organiser.id or 0),
        agendas=catalog.agendas,
        today=today_local(),
        message=melding[:200],
    )


@router.post("/organisator/inloggen", response_class=HTMLResponse, response_model=None, responses=REDIRECT)
def login(
    request: Request, session: SessionDep, settings: SettingsDep, sleutel: Annotated[str, Form(max_length=200)]
) -> Response:
    try:
        token = signin.sign_in(
            session=session,
            secret=organiser_secret(request),
            attempts=sign_in_attempts(request),
            client=client_key(request),
            supplied=sleutel,
            hours=settings.organiser_session_hours,
        )
    except (Forbidden, TooManyAttempts) as refusal:
        page = render(
            request, "meetings/organiser_login.html", status_code=refusal.status_code, error=refusal.message, notice=""
        )
        page.headers.update(refusal.headers)
        return page
    response = RedirectResponse("/organisator", status_code=303)
    set_private_cookie(response, request, ORGANISER_COOKIE, token, max_age=int(settings.organiser_session_hours * 3600))
    return response


@router.post("/organisator/uitloggen", response_class=HTMLResponse, response_model=None, responses=REDIRECT)
def logout(request: Request, session: SessionDep) -> Response:
    signin.sign_out(session=session, secret=organiser_secret(request), token=request.cookies.get(ORGANISER_COOKIE))
    response = RedirectResponse("/organisator", status_code=303)
    response.delete_cookie(ORGANISER_COOKIE, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


add_moved_page(router, "/organisator/login", "/organisator/inloggen", methods=("POST",))


@router.post("/organisator/bijeenkomsten", response_class=HTMLResponse, responses=REDIRECT)
def create_meeting(
    organiser: OrganiserDep,
    session: SessionDep,
    catalog: CatalogDep,
    region: Annotated[str, Form(max_length=80), CLEAN],
    date: Annotated[dt.date, Form()],
    municipalities: Annotated[str, Form(max_length=5000), CLEAN] = "",
    agenda_key: Annotated[str, Form(max_length=64), CLEAN] = "startbijeenkomst",
    start_time: Annotated[str, Form(max_length=8), CLEAN] = "09:00",
    video_link: Annotated[str, Form(max_length=500), CLEAN] = "",
    privacy_mode: Annotated[str, Form(max_length=20), CLEAN] = "anonymised",
    scan_kind: Annotated[str, Form(max_length=20), CLEAN] = "nulmeting",
    scan_source_id: Annotated[str, Form(max_length=12), CLEAN] = "",
    earlier_scan_id: Annotated[str, Form(max_length=12), CLEAN] = "",
    municipalities_from: Annotated[str, Form(max_length=12), CLEAN] = "",
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
            "municipalities_from": municipalities_from or None,
            "municipalities": [line.strip() for line in municipalities.splitlines() if line.strip()],
        }
    )
    data = follow_up.with_municipalities_from(session=session, data=data, organiser_id=organiser.id or 0)
    meeting = meetings.create_meeting(session=session, catalog=catalog, data=data, organiser_id=organiser.id or 0)
    return RedirectResponse(f"/organisator/bijeenkomsten/{meeting.id}", status_code=303)


@router.post(
    "/organisator/bijeenkomsten/{meeting_id}/vervolgbijeenkomst", response_class=HTMLResponse, responses=REDIRECT
)
def create_follow_up(
    meeting: OrganiserMeeting,
    session: SessionDep,
    catalog: CatalogDep,
    date: Annotated[dt.date, Form()],
    start_time: Annotated[str, Form(max_length=8), CLEAN] = "09:00",
) -> Response:
    data = FollowUpCreate.model_validate({"date": date, "start_time": start_time[:5]})
    created = follow_up.create_follow_up(
        session=session, catalog=catalog, source=meeting, date=data.date, start_time=data.start_time
    )
    message = quote(
        f"Vervolgbijeenkomst aangemaakt; de resultaten komen uit de startbijeenkomst van {meeting.date:%d-%m-%Y}."
    )
    return RedirectResponse(f"/organisator/bijeenkomsten/{created.id}?melding={message}", status_code=303)


@router.get("/organisator/bijeenkomsten/{meeting_id}", response_class=HTMLResponse)
def meeting_page(
    request: Request,
    meeting: OrganiserMeeting,
    session: SessionDep,
    catalog: CatalogDep,
    settings: SettingsDep,
    melding: str = "",
) -> HTMLResponse:
    rehearsal = rehearsal_copy.find(session=session, meeting=meeting)
    return render(
        request,
        "meetings/organiser_meeting.html",
        meeting=meeting,
        links=meetings.links(meeting, settings.public_url),
        blocks=meetings.blocks_of(session=session, meeting=meeting),
        agenda=catalog.agenda(meeting.agenda_key),
        attendance=meetings.attendance(session=session, meeting=meeting),
        others=[
            m for m in meetings.list_meetings(session=session, organiser_id=meeting.organiser_id) if m.id != meeting.id
        ],
        follow_ups=follow_up.follow_ups_of(session=session, meeting=meeting),
        today=today_local(meeting),
        agendas=catalog.agendas,
        message=melding[:200],
        rehearsal=rehearsal,
        rehearsal_links=meetings.links(rehearsal, settings.public_url) if rehearsal else None,
        rehearsal_people=rehearsal_copy.simulated_count(session=session, rehearsal=rehearsal) if rehearsal else 0,
        rehearsal_running=len(rehearsal_jobs.running(session=session, meeting=meeting)),
        retention_days=settings.retention_days,
        purge_on=removal.purge_date(meeting.date, settings.retention_days),
    )


@router.post("/organisator/bijeenkomsten/{meeting_id}/gemeenten", response_class=HTMLResponse, responses=REDIRECT)
def add_municipality(
    meeting: OrganiserMeeting, session: SessionDep, hub: HubDep, name: Annotated[str, Form(max_length=80), CLEAN]
) -> Response:
    municipality = meetings.add_municipality(session=session, meeting=meeting, name=name)
    events.meeting_changed(hub, meeting.id or 0)
    return RedirectResponse(
        f"/organisator/bijeenkomsten/{meeting.id}?melding=Gemeente {municipality.name} toegevoegd.", status_code=303
    )


@router.post("/organisator/bijeenkomsten/{meeting_id}/gegevens", response_class=HTMLResponse, responses=REDIRECT)
async def update_meeting(request: Request, meeting: OrganiserMeeting, session: SessionDep, hub: HubDep) -> Response:
    form = await request.form()
    speakers = {  # block position -> speaker; MeetingUpdate checks both (a huge number is a 422, not a 500)
        key.removeprefix("speaker_"): value for key, value in form.items() if key.startswith("speaker_")
    }
    data = MeetingUpdate.model_validate(
        {
            "region": form.get("region"),
            "date": form.get("date"),
            "start_time": str(form.get("start_time", ""))[:5],
            "video_link": form.get("video_link", ""),
            "privacy_mode": form.get("privacy_mode"),
            **({"hidden_terms": form.get("hidden_terms")} if "hidden_terms" in form else {}),
            "speakers": speakers,
            **{link: form.get(link) or None for link in ("scan_source_id", "earlier_scan_id") if link in form},
            **({"scan_kind": form.get("scan_kind")} if form.get("scan_kind") else {}),
        }
    )
    meetings.update_meeting(session=session, meeting=meeting, data=data)
    events.meeting_changed(hub, meeting.id or 0)
    return RedirectResponse(f"/organisator/bijeenkomsten/{meeting.id}?melding=Opgeslagen.", status_code=303)


@router.post("/organisator/bijeenkomsten/{meeting_id}/proefdraaien", response_class=HTMLResponse, responses=REDIRECT)
async def rehearse(
    request: Request,
    meeting: OrganiserMeeting,
    session: SessionDep,
    per_municipality: Annotated[int, Form(ge=1, le=10)] = 3,
) -> Response:
    copy = await run_in_threadpool(rehearsal_copy.open_rehearsal, session=session, meeting=meeting)
    base_url = str(request.base_url).rstrip("/")
    await run_in_threadpool(
        rehearsal_jobs.enqueue,
        session=session,
        meeting=meeting,
        rehearsal=copy,
        per_municipality=per_municipality,
        base_url=base_url,
        now=time.time(),
    )
    request.app.state.rehearsal_jobs.wake()  # this worker looks at once; any worker may take the job
    return RedirectResponse(
        f"/organisator/bijeenkomsten/{meeting.id}?melding=Proefdraaien gestart in de oefenversie: gesimuleerde "
        "deelnemers melden zich aan.",
        status_code=303,
    )


@router.post(
    "/organisator/bijeenkomsten/{meeting_id}/proefdraaien/stoppen", response_class=HTMLResponse, responses=REDIRECT
)
def stop_rehearsal(request: Request, meeting: OrganiserMeeting, session: SessionDep) -> Response:
    stopped = rehearsal_jobs.request_stop(session=session, meeting=meeting)
    request.app.state.rehearsal_jobs.wake()
    message = (
        "Proefdraaien gestopt: de gesimuleerde deelnemers houden op."
        if stopped
        else "Er liep geen proefdraaironde; er is niets gestopt."
    )
    return RedirectResponse(f"/organisator/bijeenkomsten/{meeting.id}?melding={quote(message)}", status_code=303)


@router.post(
    "/organisator/bijeenkomsten/{meeting_id}/proefdraaien/verwijderen", response_class=HTMLResponse, responses=REDIRECT
)
def remove_rehearsal(request: Request, meeting: OrganiserMeeting, session: SessionDep, hub: HubDep) -> Response:
    meeting_id = meeting.id
    rehearsal_jobs.request_stop(session=session, meeting=meeting)  # its simulated participants stop too
    request.app.state.rehearsal_jobs.wake()
    removed = rehearsal_copy.remove_rehearsal(session=session, meeting=meeting)
    if removed is not None:
        events.meeting_changed(hub, removed)  # the oefenversie's open screens find it gone and close
    message = "Oefengegevens verwijderd." if removed is not None else "Er waren geen oefengegevens."
    return RedirectResponse(f"/organisator/bijeenkomsten/{meeting_id}?melding={message}", status_code=303)


@router.get("/organisator/bijeenkomsten/{meeting_id}/verwijderen", response_class=HTMLResponse)
def confirm_delete(request: Request, meeting: OrganiserMeeting, session: SessionDep) -> HTMLResponse:
    """What deleting the meeting takes with it, the exports to save first, and the confirmation form."""
    return render(
        request,
        "meetings/organiser_delete.html",
        meeting=meeting,
        contents=removal.contents(session=session, meeting=meeting),
        error="",
    )


@router.post(
    "/organisator/bijeenkomsten/{meeting_id}/verwijderen",
    response_class=HTMLResponse,
    response_model=None,
    responses=REDIRECT,
)
def delete_meeting(
    request: Request,
    meeting: OrganiserMeeting,
    session: SessionDep,
    hub: HubDep,
    bevestigd: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    if bevestigd != "ja":
        return render(
            request,
            "meetings/organiser_delete.html",
            status_code=422,
            meeting=meeting,
            contents=removal.contents(session=session, meeting=meeting),
            error="Vink aan dat je de bijeenkomst met alles erin wilt verwijderen.",
        )
    meeting_id, region = meeting.id or 0, meeting.region
    rehearsal = rehearsal_copy.find(session=session, meeting=meeting)
    removal.delete_meeting(session=session, meeting_id=meeting_id)
    for gone in (meeting_id, rehearsal.id if rehearsal else None):
        if gone is not None:
            events.meeting_changed(hub, gone)  # open screens of the meeting find it gone and close
    message = f"Bijeenkomst {region} is verwijderd, met alles erin."
    return RedirectResponse(f"/organisator?melding={quote(message)}", status_code=303)
