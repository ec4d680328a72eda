"""The JSON API beside the pages (documented at /docs): for organisers' scripts and black-box tests."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from app import events, screens
from app.deps import (
    CatalogDep, CodeMeeting, FacilitatorMeeting, HubDep, OrganiserDep, OrganiserMeeting, ParticipantDep, SessionDep,
    SettingsDep, participant_cookie, question_set_of,
)
from app.catalog import Agenda, QuestionSet
from app.schemas import AnswerChangeRequest, JoinRequest, MeetingCreate, MeetingLinks, ViewChange
from app.services import answers, meetings, participants, results
from app.services import clock as clock_service
from app.services.answers import AnswerConflict
from app.domain.scoring import PRIVACY_MODES
from app.services.errors import Invalid, NotFound

router = APIRouter(prefix="/api", tags=["api"])


def _answer_json(answer: Any) -> dict[str, Any]:
    return {
        "question": answer.question, "status": answer.status, "toelichting": answer.toelichting,
        "nuancering": answer.nuancering, "checklist": answer.checklist, "version": answer.version, "updated_at": answer.updated_at,
    }


@router.get("/agendas")
def list_agendas(catalog: CatalogDep) -> dict[str, Agenda]:
    return catalog.agendas


@router.get("/question-sets")
def list_question_sets(catalog: CatalogDep) -> list[dict[str, Any]]:
    return [{"key": q.key, "version": q.version, "title": q.title, "questions": len(q.questions)} for q in catalog.question_sets.values()]


@router.get("/question-sets/{key}")
def get_question_set(key: str, catalog: CatalogDep) -> QuestionSet:
    if key not in catalog.question_sets:
        raise NotFound(f"Vragenset '{key}' bestaat niet.")
    return catalog.question_set(key)


@router.post("/meetings", status_code=201)
def create_meeting(data: MeetingCreate, _: OrganiserDep, session: SessionDep, catalog: CatalogDep, settings: SettingsDep) -> MeetingLinks:
    meeting = meetings.create_meeting(session=session, catalog=catalog, data=data)
    return meetings.links(meeting, settings.public_url)


@router.get("/meetings/{meeting_id}")
def get_meeting(meeting: OrganiserMeeting, session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    return {
        "links": meetings.links(meeting, settings.public_url).model_dump(),
        "region": meeting.region, "date": meeting.date.isoformat(), "agenda": meeting.agenda_key,
        "question_set": {"key": meeting.question_set_key, "version": meeting.question_set_version},
        "privacy_mode": meeting.privacy_mode,
        "municipalities": [{"id": m.id, "name": m.name} for m in meetings.municipalities_of(session=session, meeting=meeting)],
    }


@router.post("/meetings/{meeting_id}/municipalities", status_code=201)
def add_municipality(meeting: OrganiserMeeting, payload: dict[str, str], session: SessionDep, hub: HubDep) -> dict[str, Any]:
    municipality = meetings.add_municipality(session=session, meeting=meeting, name=str(payload.get("name", ""))[:80])
    events.meeting_changed(hub, meeting.id or 0)
    return {"id": municipality.id, "name": municipality.name}


@router.get("/meetings/{meeting_id}/results")
def meeting_results(meeting: OrganiserMeeting, session: SessionDep, catalog: CatalogDep, privacy: str | None = None) -> dict[str, Any]:
    """Scores per municipality and standard (share op orde, 0–100), in a privacy mode."""
    if privacy is not None and privacy not in PRIVACY_MODES:
        raise Invalid("Onbekende privacystand. Kies 'named', 'anonymised' of 'regional'.")
    question_set = question_set_of(meeting, catalog)
    previous = session.get(type(meeting), meeting.previous_meeting_id) if meeting.previous_meeting_id else None
    res = results.build_results(session=session, meeting=meeting, question_set=question_set, mode=privacy, previous=previous)
    return {
        "privacy_mode": res.mode,
        "question_set": {"key": question_set.key, "version": question_set.version},
        "standards": [{"number": s.number, "title": s.title} for s in question_set.standards],
        "regional_average": res.regional,
        "municipalities": [{"label": m.label, "scores": m.scores, "answered": m.answered, "previous": m.previous} for m in res.municipalities],
        "fully_op_orde": res.fully_op_orde,
        "municipality_count": res.municipality_count,
        "most_niet_op_orde": [{"question": t.number, "municipalities": t.niet_op_orde} for t in res.most_niet],
        "most_disagreement": [{"question": t.number, "split_rooms": t.split_rooms} for t in res.most_split],
    }


@router.post("/j/{code}/join", status_code=201)
def join(data: JoinRequest, meeting: CodeMeeting, session: SessionDep, hub: HubDep, request: Request, response: Response) -> dict[str, Any]:
    participant = participants.join(session=session, meeting=meeting, data=data)
    events.participant_joined(hub, meeting.id or 0)
    response.set_cookie(participant_cookie(meeting), participant.token, max_age=3 * 24 * 3600, httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return {"participant_id": participant.id, "municipality_id": participant.municipality_id}


@router.get("/j/{code}/kamer")
def room_state(meeting: CodeMeeting, participant: ParticipantDep, session: SessionDep, catalog: CatalogDep) -> dict[str, Any]:
    """The participant's own room: the current block and the questions to work on now."""
    question_set = question_set_of(meeting, catalog)
    block = screens.current_block(session, meeting)
    numbers = screens.room_questions(session, meeting, question_set)
    states = answers.room_state(session=session, meeting=meeting, municipality_id=participant.municipality_id, participant=participant, numbers=numbers)
    return {
        "block": {"title": block.title, "kind": block.kind, "work": block.work} if block else None,
        "municipality_id": participant.municipality_id,
        "questions": [{**_answer_json(s.answer), "own_view": s.own_view} for s in states],
    }


@router.post("/j/{code}/vragen/{number}/mening")
def set_view(number: int, data: ViewChange, meeting: CodeMeeting, participant: ParticipantDep, session: SessionDep, catalog: CatalogDep, hub: HubDep) -> dict[str, Any]:
    answers.set_view(session=session, participant=participant, question_set=question_set_of(meeting, catalog), question=number, status=data.status)
    events.view_changed(hub, meeting.id or 0, participant.municipality_id, number)
    return {"question": number, "status": data.status}


@router.post("/j/{code}/vragen/{number}/antwoord", response_model=None)
def change_answer(number: int, data: AnswerChangeRequest, meeting: CodeMeeting, participant: ParticipantDep, session: SessionDep, catalog: CatalogDep, hub: HubDep) -> JSONResponse:
    try:
        answer, change_id = answers.update_answer(session=session, participant=participant, question_set=question_set_of(meeting, catalog), question=number, change=data)
    except AnswerConflict as conflict:
        return JSONResponse({"detail": conflict.message, "fields": conflict.info.fields, "current": _answer_json(conflict.info.answer)}, status_code=409)
    if change_id is not None:
        events.answer_changed(hub, meeting.id or 0, participant.municipality_id, number, change_id)
    return JSONResponse(_answer_json(answer), headers={"X-Change-Id": str(change_id or "")})


@router.post("/f/{token}/klok/{action}")
def clock_action(action: str, meeting: FacilitatorMeeting, session: SessionDep, hub: HubDep) -> dict[str, Any]:
    clock_service.act(session=session, meeting=meeting, action=action, now=time.time())
    events.meeting_changed(hub, meeting.id or 0, "clock")
    view = clock_service.clock_view(session=session, meeting=meeting, now=time.time())
    return {"current_block": meeting.current_block, "finished": meeting.finished, "remaining": view.current.remaining if view.current else None}
