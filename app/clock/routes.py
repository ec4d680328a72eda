"""The facilitator's clock actions (start, pause, resume, +5 min, next, previous)."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Form, Response

from app.clock import service as clock_service
from app.core.deps import (
    CatalogDep,
    FacilitatorMeeting,
    HubDep,
    SessionDep,
    question_set_of,
)
from app.core.inputs import Count
from app.live import events

router = APIRouter()


@router.post("/f/{token}/klok/{action}", status_code=204)
def clock_action(
    action: str,
    meeting: FacilitatorMeeting,
    session: SessionDep,
    catalog: CatalogDep,
    hub: HubDep,
    vanaf: Annotated[Count | None, Form()] = None,  # the block the dagvoorzitter saw when clicking next/previous
) -> Response:
    question_set = question_set_of(meeting, catalog)
    clock_service.act(
        session=session, meeting=meeting, action=action, now=time.time(), question_set=question_set, seen_block=vanaf
    )
    events.meeting_changed(hub, meeting.id or 0, "clock")
    return Response(status_code=204)
