"""The JSON API beside the pages (documented at /docs): for organisers' scripts and black-box tests."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from app.clock import screens as clock_screens
from app.core.deps import (
    CatalogDep,
    CodeMeeting,
    HubDep,
    OrganiserMeeting,
    ParticipantDep,
    SessionDep,
    question_set_of,
)
from app.core.errors import Invalid
from app.core.inputs import Id
from app.core.privacy import DOCUMENT
from app.live import events
from app.meetings.models import Meeting
from app.zelfscan import answers, results, screens
from app.zelfscan.answers import AnswerConflict
from app.zelfscan.schemas import AnswerChangeRequest, ViewChange
from app.zelfscan.scoring import PRIVACY_MODES

router = APIRouter(prefix="/api", tags=["api"])


class AnswerConflictBody(BaseModel):
    """409: someone changed these fields first; `current` is the room's answer as it is now."""

    detail: str
    fields: list[str]
    current: dict[str, Any]


def _answer_json(answer: Any) -> dict[str, Any]:
    return {
        "question": answer.question,
        "status": answer.status,
        "toelichting": answer.toelichting,
        "nuancering": answer.nuancering,
        "checklist": answer.checklist,
        "version": answer.version,
        "updated_at": answer.updated_at,
    }


def _scan_json(meeting: Meeting | None) -> dict[str, Any] | None:
    """Which meeting's scan: its id, date and kind (nulmeting, evaluatie, toetsmoment)."""
    if meeting is None:
        return None
    return {"meeting_id": meeting.id, "date": meeting.date.isoformat(), "scan_kind": meeting.scan_kind}


@router.get("/meetings/{meeting_id}/results")
def meeting_results(
    meeting: OrganiserMeeting, session: SessionDep, catalog: CatalogDep, privacy: str | None = None
) -> dict[str, Any]:
    """Scores per municipality and standard (share op orde, 0–100), in a privacy mode."""
    if privacy is not None and privacy not in PRIVACY_MODES:
        raise Invalid("Onbekende privacystand. Kies 'named', 'anonymised' of 'regional'.")
    question_set = question_set_of(meeting, catalog)
    policy = results.privacy_policy(session=session, meeting=meeting, medium=DOCUMENT, mode=privacy)
    res = results.meeting_results(session=session, meeting=meeting, question_set=question_set, policy=policy)
    return {
        "privacy_mode": res.mode,
        "scan": _scan_json(res.scan),
        "earlier_scan": _scan_json(res.earlier),
        "question_set": {"key": question_set.key, "version": question_set.version},
        "standards": [{"number": s.number, "title": s.title} for s in question_set.standards],
        "regional_average": res.regional,
        "municipalities": [
            {"label": m.label, "scores": m.scores, "answered": m.answered, "previous": m.previous}
            for m in res.municipalities
        ],
        "fully_op_orde": res.fully_op_orde,
        "municipality_count": res.municipality_count,
        "most_niet_op_orde": [{"question": t.number, "municipalities": t.niet_op_orde} for t in res.most_niet],
        "most_disagreement": [{"question": t.number, "split_rooms": t.split_rooms} for t in res.most_split],
    }


@router.get("/j/{code}/room")
def room_state(
    meeting: CodeMeeting, participant: ParticipantDep, session: SessionDep, catalog: CatalogDep
) -> dict[str, Any]:
    """The participant's own room: the current block and the questions to work on now."""
    question_set = question_set_of(meeting, catalog)
    block = clock_screens.current_block(session, meeting)
    numbers = screens.zelfscan_questions(block, question_set)
    states = answers.room_state(
        session=session,
        meeting=meeting,
        municipality_id=participant.municipality_id,
        participant=participant,
        numbers=numbers,
        tallies=False,  # what it returns shows only the participant's own view
    )
    return {
        "block": {"title": block.title, "kind": block.kind, "work": block.work} if block else None,
        "municipality_id": participant.municipality_id,
        "questions": [{**_answer_json(s.answer), "own_view": s.own_view} for s in states],
    }


@router.post("/j/{code}/questions/{number}/view")
def set_view(
    number: Id,
    data: ViewChange,
    meeting: CodeMeeting,
    participant: ParticipantDep,
    session: SessionDep,
    catalog: CatalogDep,
    hub: HubDep,
) -> dict[str, Any]:
    answers.set_view(
        session=session,
        participant=participant,
        question_set=question_set_of(meeting, catalog),
        question=number,
        status=data.status,
    )
    events.view_changed(hub, meeting.id or 0, participant.municipality_id, number)
    return {"question": number, "status": data.status}


@router.post(
    "/j/{code}/questions/{number}/answer",
    response_model=None,
    responses={409: {"description": "Iemand anders was eerder", "model": AnswerConflictBody}},
)
def change_answer(
    number: Id,
    data: AnswerChangeRequest,
    meeting: CodeMeeting,
    participant: ParticipantDep,
    session: SessionDep,
    catalog: CatalogDep,
    hub: HubDep,
) -> JSONResponse:
    try:
        answer, change_id = answers.update_answer(
            session=session,
            participant=participant,
            question_set=question_set_of(meeting, catalog),
            question=number,
            change=data,
        )
    except AnswerConflict as conflict:
        return JSONResponse(
            {"detail": conflict.message, "fields": conflict.info.fields, "current": _answer_json(conflict.info.answer)},
            status_code=409,
        )
    if change_id is not None:
        events.answer_changed(hub, meeting.id or 0, participant.municipality_id, number, change_id)
    return JSONResponse(_answer_json(answer), headers={"X-Change-Id": str(change_id or "")})
