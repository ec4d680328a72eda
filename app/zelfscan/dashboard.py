"""The facilitator's dashboard (with controls) and the read-only projector display."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse

from app.clock import screens as clock_screens
from app.core.deps import (
    CatalogDep,
    DisplayMeeting,
    FacilitatorMeeting,
    HubDep,
    SessionDep,
    SettingsDep,
)
from app.core.inputs import CLEAN
from app.core.web import render
from app.live import events
from app.meetings import service as meetings
from app.meetings.models import Meeting
from app.zelfscan import pages, screens

router = APIRouter()


def _dashboard(
    request: Request, meeting: Meeting, kind: str, session: SessionDep, catalog: CatalogDep, public_url: str
) -> HTMLResponse:
    token = meeting.facilitator_token if kind == "facilitator" else meeting.display_token
    return render(
        request,
        "zelfscan/dashboard.html",
        meeting=meeting,
        kind=kind,
        ws_url=f"/ws/{'f' if kind == 'facilitator' else 'd'}/{token}",
        status_html=clock_screens.status_html(session=session, meeting=meeting),
        main_html=screens.dashboard_main_html(
            session=session, meeting=meeting, catalog=catalog, kind=kind, public_url=public_url
        ),
        controls_html=clock_screens.facilitator_controls_html(session=session, meeting=meeting)
        if kind == "facilitator"
        else "",
    )


@router.get("/f/{token}", response_class=HTMLResponse)
def facilitator_dashboard(
    request: Request, meeting: FacilitatorMeeting, session: SessionDep, catalog: CatalogDep, settings: SettingsDep
) -> HTMLResponse:
    return _dashboard(request, meeting, "facilitator", session, catalog, settings.public_url)


@router.get("/d/{token}", response_class=HTMLResponse)
def display(
    request: Request, meeting: DisplayMeeting, session: SessionDep, catalog: CatalogDep, settings: SettingsDep
) -> HTMLResponse:
    return _dashboard(request, meeting, "display", session, catalog, settings.public_url)


@router.post("/f/{token}/resultaten", status_code=204)
def show_results(
    meeting: FacilitatorMeeting, session: SessionDep, hub: HubDep, visible: Annotated[bool, Form()]
) -> Response:
    meetings.set_results_visible(session=session, meeting=meeting, visible=visible)
    events.meeting_changed(hub, meeting.id or 0)
    return Response(status_code=204)


@router.post("/f/{token}/privacy", response_class=HTMLResponse)
def privacy(
    meeting: FacilitatorMeeting,
    session: SessionDep,
    hub: HubDep,
    mode: Annotated[str, Form(max_length=20), CLEAN],
    bevestigd: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    """Change the privacy mode; to named while results are shown only once confirmed (else: the question)."""
    if not bevestigd and meetings.named_needs_confirmation(meeting=meeting, mode=mode):
        return HTMLResponse(clock_screens.facilitator_controls_html(session=session, meeting=meeting, asking=mode))
    meetings.set_privacy_mode(session=session, meeting=meeting, mode=mode)
    events.meeting_changed(hub, meeting.id or 0)
    return HTMLResponse(clock_screens.facilitator_controls_html(session=session, meeting=meeting))


PageKey = Annotated[str, Form(max_length=40), CLEAN]
Step = Annotated[int, Form(ge=-1, le=1)]


@router.post("/f/{token}/resultaten/pagina", status_code=204)
def facilitator_result_page(
    meeting: FacilitatorMeeting,
    session: SessionDep,
    hub: HubDep,
    catalog: CatalogDep,
    pagina: PageKey = "",
    stap: Step = 0,
    vanaf: PageKey = "",
) -> Response:
    """Show a results page on the projector: `pagina`, or `stap` pages on from `vanaf` (the page shown)."""
    question_set = catalog.question_set(meeting.question_set_key)
    pages.turn(session=session, meeting=meeting, question_set=question_set, page=pagina, by=stap, shown=vanaf)
    events.results_paged(hub, meeting.id or 0)
    return Response(status_code=204)


@router.post("/d/{token}/resultaten/pagina", status_code=204)
def display_result_page(
    meeting: DisplayMeeting, session: SessionDep, hub: HubDep, catalog: CatalogDep, stap: Step, vanaf: PageKey = ""
) -> Response:
    """A presenter's keys on the projector's own screen: one page on or back (nothing else can change there)."""
    question_set = catalog.question_set(meeting.question_set_key)
    pages.turn(session=session, meeting=meeting, question_set=question_set, by=stap, shown=vanaf)
    events.results_paged(hub, meeting.id or 0)
    return Response(status_code=204)
