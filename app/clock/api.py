"""JSON API of the programme clock (the facilitator link)."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter

from app.clock import service as clock_service
from app.core.deps import (
    CatalogDep,
    FacilitatorMeeting,
    HubDep,
    SessionDep,
    question_set_of,
)
from app.live import events

router = APIRouter(prefix="/api", tags=["api"])


@router.post("/f/{token}/clock/{action}")
def clock_action(
    action: str, meeting: FacilitatorMeeting, session: SessionDep, catalog: CatalogDep, hub: HubDep
) -> dict[str, Any]:
    question_set = question_set_of(meeting, catalog)
    clock_service.act(session=session, meeting=meeting, action=action, now=time.time(), question_set=question_set)
    events.meeting_changed(hub, meeting.id or 0, "clock")
    view = clock_service.clock_view(session=session, meeting=meeting, now=time.time())
    return {
        "current_block": meeting.current_block,
        "finished": meeting.finished,
        "remaining": view.current.remaining if view.current else None,
    }
