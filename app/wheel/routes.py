"""The Rad van Fortuin: the gespreksleider's page, spinning (server draws), editing and notes.

Spinning needs the gespreksleider link (/g/…) or the facilitator link (/f/…); editing the
questions also works for the organiser (/api/meetings/{id}/wheel/…).
"""

from __future__ import annotations

import secrets
import time
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse

from app.clock import screens as clock_screens
from app.core.deps import (
    CatalogDep,
    FacilitatorMeeting,
    GespreksleiderMeeting,
    HubDep,
    OrganiserMeeting,
    SessionDep,
)
from app.core.inputs import CLEAN, Id
from app.core.web import render
from app.live import events
from app.meetings.models import Meeting
from app.wheel import rules as wheel_rules
from app.wheel import screens as wheel_screens
from app.wheel import service as wheel_service

router = APIRouter()
_random = secrets.SystemRandom()
Text = Annotated[str, Form(max_length=500), CLEAN]
REVEAL_MARGIN = 0.05  # seconds


def _changed(hub: HubDep, meeting: Meeting) -> Response:
    events.meeting_changed(hub, meeting.id or 0, "wheel")
    return Response(status_code=204)


@router.get("/g/{token}", response_class=HTMLResponse)
def gespreksleider_page(request: Request, meeting: GespreksleiderMeeting, session: SessionDep) -> HTMLResponse:
    base = f"/g/{meeting.gespreksleider_token}/rad"
    return render(
        request,
        "wheel/gespreksleider.html",
        meeting=meeting,
        ws_url=f"/ws/g/{meeting.gespreksleider_token}",
        status_html=clock_screens.status_html(session=session, meeting=meeting),
        wheel_html=wheel_screens.wheel_html(session=session, meeting=meeting, spin_url=f"{base}/draaien"),
        admin_html=wheel_screens.wheel_admin_html(session=session, meeting=meeting, base=base),
    )


def _spun(hub: HubDep, meeting: Meeting, drawn_at: float) -> Response:
    # The push that reveals the question comes just after the landing moment, so its render counts as landed.
    lands_in = wheel_rules.lands_at(drawn_at) - time.time() + REVEAL_MARGIN
    events.wheel_spun(hub, meeting.id or 0, lands_in)
    return Response(status_code=204)


@router.post("/g/{token}/rad/draaien", status_code=204)
def spin_as_gespreksleider(meeting: GespreksleiderMeeting, session: SessionDep, hub: HubDep) -> Response:
    spun = wheel_service.spin(session=session, meeting=meeting, rng=_random, now=time.time(), by="gespreksleider")
    return _spun(hub, meeting, spun.drawn_at)


@router.post("/f/{token}/rad/draaien", status_code=204)
def spin_as_facilitator(meeting: FacilitatorMeeting, session: SessionDep, hub: HubDep) -> Response:
    spun = wheel_service.spin(session=session, meeting=meeting, rng=_random, now=time.time(), by="facilitator")
    return _spun(hub, meeting, spun.drawn_at)


@router.post("/g/{token}/rad/bijlage-2", status_code=204)
def load_bijlage_2(meeting: GespreksleiderMeeting, session: SessionDep, catalog: CatalogDep, hub: HubDep) -> Response:
    wheel_service.load_bijlage_2(session=session, meeting=meeting, catalog=catalog)
    return _changed(hub, meeting)


@router.post("/g/{token}/rad/vragen", status_code=204)
def add_question(meeting: GespreksleiderMeeting, session: SessionDep, hub: HubDep, text: Text) -> Response:
    wheel_service.add_question(session=session, meeting=meeting, text=text)
    return _changed(hub, meeting)


@router.post("/g/{token}/rad/vragen/{question_id}", status_code=204)
def edit_question(
    question_id: Id, meeting: GespreksleiderMeeting, session: SessionDep, hub: HubDep, text: Text
) -> Response:
    wheel_service.edit_question(session=session, meeting=meeting, question_id=question_id, text=text)
    return _changed(hub, meeting)


@router.post("/g/{token}/rad/vragen/{question_id}/verwijderen", status_code=204)
def remove_question(question_id: Id, meeting: GespreksleiderMeeting, session: SessionDep, hub: HubDep) -> Response:
    wheel_service.set_removed(session=session, meeting=meeting, question_id=question_id, removed=True)
    return _changed(hub, meeting)


@router.post("/g/{token}/rad/vragen/{question_id}/terugzetten", status_code=204)
def restore_question(question_id: Id, meeting: GespreksleiderMeeting, session: SessionDep, hub: HubDep) -> Response:
    wheel_service.set_removed(session=session, meeting=meeting, question_id=question_id, removed=False)
    return _changed(hub, meeting)


@router.post("/g/{token}/rad/vragen/{question_id}/notitie", status_code=204)
def save_note(
    question_id: Id,
    meeting: GespreksleiderMeeting,
    session: SessionDep,
    hub: HubDep,
    text: Annotated[str, Form(max_length=4000), CLEAN] = "",
) -> Response:
    wheel_service.save_note(session=session, meeting=meeting, question_id=question_id, text=text, now=time.time())
    return _changed(hub, meeting)


@router.get("/api/meetings/{meeting_id}/wheel", tags=["api"])
def wheel_for_organiser(meeting: OrganiserMeeting, session: SessionDep) -> dict[str, object]:
    view = wheel_service.wheel_view(session=session, meeting=meeting)
    return {
        "questions": [
            {"id": q.id, "text": q.text, "position": q.position, "removed": q.removed} for q in view.all_questions
        ],
        "drawn": [
            {"question_id": d.question.id, "text": d.question.text, "note": d.note, "drawn_at": d.drawn_at}
            for d in view.drawn
        ],
    }


@router.post("/api/meetings/{meeting_id}/wheel/questions", status_code=201, tags=["api"])
def add_question_as_organiser(
    meeting: OrganiserMeeting, session: SessionDep, hub: HubDep, text: Text
) -> dict[str, object]:
    question = wheel_service.add_question(session=session, meeting=meeting, text=text)
    events.meeting_changed(hub, meeting.id or 0, "wheel")
    return {"id": question.id, "text": question.text}


@router.post("/api/meetings/{meeting_id}/wheel/questions/{question_id}", status_code=204, tags=["api"])
def edit_question_as_organiser(
    question_id: Id, meeting: OrganiserMeeting, session: SessionDep, hub: HubDep, text: Text
) -> Response:
    wheel_service.edit_question(session=session, meeting=meeting, question_id=question_id, text=text)
    return _changed(hub, meeting)


@router.post("/api/meetings/{meeting_id}/wheel/questions/{question_id}/remove", status_code=204, tags=["api"])
def remove_question_as_organiser(
    question_id: Id, meeting: OrganiserMeeting, session: SessionDep, hub: HubDep
) -> Response:
    wheel_service.set_removed(session=session, meeting=meeting, question_id=question_id, removed=True)
    return _changed(hub, meeting)
