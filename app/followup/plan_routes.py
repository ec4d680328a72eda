"""The plan van aanpak beyond editing a row: deleting and reordering rows, and its inleiding, context, samenvatting.

Thin routes: parse, call one service function, publish after the commit, render a partial.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse

from app.core.deps import CatalogDep, CodeMeeting, HubDep, ParticipantDep, SessionDep
from app.core.inputs import CLEAN, Count, Id
from app.core.versioning import EditConflict
from app.followup import plan as plan_service
from app.followup import screens as screens_followup
from app.followup.routes import SubmittedFields, plan_changed
from app.live import events

router = APIRouter()


@router.post("/j/{code}/plan/regels/{row_id}/verwijderen", response_class=HTMLResponse)
def delete_plan_row(
    row_id: Id, meeting: CodeMeeting, participant: ParticipantDep, session: SessionDep, catalog: CatalogDep, hub: HubDep
) -> HTMLResponse:
    plan_service.delete_plan_row(
        session=session, meeting=meeting, municipality_id=participant.municipality_id, row_id=row_id
    )
    return plan_changed(
        hub=hub, session=session, meeting=meeting, participant=participant, catalog=catalog, notice="Regel verwijderd."
    )


@router.post("/j/{code}/plan/regels/{row_id}/verplaatsen", response_class=HTMLResponse)
def move_plan_row(
    row_id: Id,
    meeting: CodeMeeting,
    participant: ParticipantDep,
    session: SessionDep,
    catalog: CatalogDep,
    hub: HubDep,
    richting: Annotated[str, Form(max_length=10), CLEAN],  # omhoog | omlaag
) -> HTMLResponse:
    plan_service.move_plan_row(
        session=session, meeting=meeting, municipality_id=participant.municipality_id, row_id=row_id, direction=richting
    )
    return plan_changed(hub=hub, session=session, meeting=meeting, participant=participant, catalog=catalog)


@router.post("/j/{code}/plan/tekst", response_class=HTMLResponse)
def change_plan_text(
    meeting: CodeMeeting,
    participant: ParticipantDep,
    session: SessionDep,
    hub: HubDep,
    base_version: Annotated[Count, Form()],
    fields: SubmittedFields,
) -> HTMLResponse:
    changes = {k: v for k, v in fields.items() if k in plan_service.PLAN_TEXT_FIELDS}
    try:
        plan_service.update_plan_text(
            session=session,
            meeting=meeting,
            municipality_id=participant.municipality_id,
            base_version=base_version,
            changes=changes,
            now=time.time(),
        )
    except EditConflict as conflict:
        return HTMLResponse(
            screens_followup.plan_text_html(
                session=session, meeting=meeting, municipality_id=participant.municipality_id, conflict=conflict
            ),
            status_code=409,
        )
    events.followup_changed(hub, meeting.id or 0, "plan")
    return HTMLResponse(
        screens_followup.plan_text_html(
            session=session, meeting=meeting, municipality_id=participant.municipality_id, notice="Opgeslagen."
        )
    )
