"""The participant's pages: choosing a municipality, the room, and answering (phone first)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from app.clock import screens as clock_screens
from app.core.deps import (
    CatalogDep,
    CodeMeeting,
    HubDep,
    ParticipantDep,
    SessionDep,
    question_set_of,
)
from app.core.inputs import CLEAN, Count, Id
from app.core.web import render
from app.live import events
from app.zelfscan import answers, screens
from app.zelfscan.answers import AnswerConflict
from app.zelfscan.schemas import AnswerChangeRequest, Status

router = APIRouter()


@router.get("/j/{code}/kamer", response_class=HTMLResponse)
def room(
    request: Request, meeting: CodeMeeting, participant: ParticipantDep, session: SessionDep, catalog: CatalogDep
) -> HTMLResponse:
    return render(
        request,
        "zelfscan/room.html",
        meeting=meeting,
        status_html=clock_screens.status_html(session=session, meeting=meeting),
        room_main_html=screens.room_main_html(
            session=session, meeting=meeting, catalog=catalog, participant=participant
        ),
    )


@router.post("/j/{code}/vraag/{number}/mening", response_class=HTMLResponse)
def set_own_view(
    number: Id,
    meeting: CodeMeeting,
    participant: ParticipantDep,
    session: SessionDep,
    catalog: CatalogDep,
    hub: HubDep,
    status: Annotated[Status, Form()],
) -> HTMLResponse:
    question_set = question_set_of(meeting, catalog)
    view = answers.set_view(
        session=session, participant=participant, question_set=question_set, question=number, status=status
    )
    events.view_changed(hub, meeting.id or 0, participant.municipality_id, number)
    return HTMLResponse(
        screens.own_view_html(
            session=session,
            meeting=meeting,
            question_set=question_set,
            participant=participant,
            number=number,
            own_view=view.status,
        )
    )


@router.post("/j/{code}/vraag/{number}/antwoord", response_class=HTMLResponse)
def change_room_answer(
    number: Id,
    meeting: CodeMeeting,
    participant: ParticipantDep,
    session: SessionDep,
    catalog: CatalogDep,
    hub: HubDep,
    base_version: Annotated[Count, Form()],
    status: Annotated[Status | None, Form()] = None,
    toelichting: Annotated[str | None, Form(max_length=4000), CLEAN] = None,
    nuancering: Annotated[str | None, Form(max_length=4000), CLEAN] = None,
    checklist: Annotated[list[str] | None, Form()] = None,
    checklist_present: Annotated[str | None, Form(max_length=10)] = None,
) -> HTMLResponse:
    question_set = question_set_of(meeting, catalog)
    fields = {"status": status, "toelichting": toelichting, "nuancering": nuancering}
    if checklist_present:
        fields["checklist"] = checklist or []  # type: ignore[assignment]
    change = AnswerChangeRequest(base_version=base_version, **{k: v for k, v in fields.items() if v is not None})
    try:
        _, change_id = answers.update_answer(
            session=session, participant=participant, question_set=question_set, question=number, change=change
        )
    except AnswerConflict as conflict:
        html = screens.question_html(
            session=session,
            meeting=meeting,
            question_set=question_set,
            participant=participant,
            number=number,
            conflict=conflict.info,
        )
        return HTMLResponse(html, status_code=409)
    if change_id is not None:
        events.answer_changed(hub, meeting.id or 0, participant.municipality_id, number, change_id)
    notice = "Opgeslagen." if change_id is not None else ""
    return HTMLResponse(
        screens.question_html(
            session=session,
            meeting=meeting,
            question_set=question_set,
            participant=participant,
            number=number,
            notice=notice,
        )
    )
