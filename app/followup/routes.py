"""Breakout support and the follow-up work: help calls, messages, agreements, theme groups, plan van aanpak.

Thin routes: parse, call one service function, publish after the commit, render a partial.
"""

from __future__ import annotations

import secrets
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from app.catalog.loader import Catalog
from app.core.deps import (
    CatalogDep,
    CodeMeeting,
    FacilitatorMeeting,
    HubDep,
    ParticipantDep,
    SessionDep,
    question_set_of,
)
from app.core.errors import NotFound
from app.core.inputs import CLEAN, Count, Id, clean_fields
from app.core.versioning import EditConflict
from app.core.web import render
from app.followup import agreements, theme_groups, themes
from app.followup import dashboard as followup_dashboard
from app.followup import help as help_service
from app.followup import plan as plan_service
from app.followup import screens as screens_followup
from app.live import events
from app.live.hub import Hub
from app.meetings.models import Meeting, Participant

router = APIRouter()
_random = secrets.SystemRandom()
Line = Annotated[str, Form(max_length=500), CLEAN]


async def submitted_fields(request: Request) -> dict[str, str]:
    """The raw text fields of the submitted form, empty ones included (clearing a field is a change)."""
    form = await request.form()
    return clean_fields({k: v for k, v in form.items() if isinstance(v, str)})


SubmittedFields = Annotated[dict[str, str], Depends(submitted_fields)]


# ---------------------------------------------------------------- help calls and messages


@router.post("/j/{code}/hulp", response_class=HTMLResponse)
def call_for_help(meeting: CodeMeeting, participant: ParticipantDep, session: SessionDep, hub: HubDep) -> HTMLResponse:
    help_service.call_for_help(
        session=session, meeting=meeting, municipality_id=participant.municipality_id, now=time.time()
    )
    events.meeting_changed(hub, meeting.id or 0, "help")
    return HTMLResponse(
        screens_followup.room_extras_html(session=session, meeting=meeting, municipality_id=participant.municipality_id)
    )


@router.post("/f/{token}/hulp/{call_id}/afgehandeld", status_code=204)
def clear_help_call(call_id: Id, meeting: FacilitatorMeeting, session: SessionDep, hub: HubDep) -> Response:
    help_service.clear_help_call(session=session, meeting=meeting, call_id=call_id, now=time.time())
    events.meeting_changed(hub, meeting.id or 0, "help")
    return Response(status_code=204)


@router.post("/f/{token}/berichten", status_code=204)
def send_message(
    meeting: FacilitatorMeeting,
    session: SessionDep,
    hub: HubDep,
    text: Annotated[str, Form(max_length=280), CLEAN],
    municipality_id: Annotated[Id | None, Form()] = None,  # none: to every room
) -> Response:
    help_service.send_message(
        session=session, meeting=meeting, text=text, municipality_id=municipality_id, now=time.time()
    )
    events.meeting_changed(hub, meeting.id or 0, "message")
    return Response(status_code=204)


# ---------------------------------------------------------------- agreements


@router.post("/f/{token}/afspraken", status_code=204)
def add_agreement(
    meeting: FacilitatorMeeting,
    session: SessionDep,
    hub: HubDep,
    what: Line,
    kind: Annotated[str, Form(max_length=20), CLEAN] = "agreement",
    who: Line = "",
    when: Line = "",
) -> Response:
    agreements.add_agreement(
        session=session, meeting=meeting, kind=kind, what=what, who=who, when=when, now=time.time()
    )
    events.followup_changed(hub, meeting.id or 0, "agreement")
    return Response(status_code=204)


@router.post("/f/{token}/afspraken/{agreement_id}/verwijderen", status_code=204)
def delete_agreement(agreement_id: Id, meeting: FacilitatorMeeting, session: SessionDep, hub: HubDep) -> Response:
    agreements.delete_agreement(session=session, meeting=meeting, agreement_id=agreement_id)
    events.followup_changed(hub, meeting.id or 0, "agreement")
    return Response(status_code=204)


# ---------------------------------------------------------------- the facilitator's follow-up page


@router.get("/f/{token}/vervolg", response_class=HTMLResponse)
def facilitator_followup(
    request: Request, meeting: FacilitatorMeeting, session: SessionDep, catalog: CatalogDep
) -> HTMLResponse:
    return render(
        request,
        "followup/facilitator.html",
        meeting=meeting,
        ws_url=f"/ws/fv/{meeting.facilitator_token}",
        panel_html=screens_followup.facilitator_panel_html(session=session, meeting=meeting, catalog=catalog),
    )


@router.get("/api/f/{token}/themes/proposal", tags=["api"])
def theme_proposal(meeting: FacilitatorMeeting, session: SessionDep, catalog: CatalogDep) -> list[dict[str, object]]:
    proposals = themes.propose_themes(session=session, meeting=meeting, question_set=question_set_of(meeting, catalog))
    return [
        {"standard": p.standard, "title": title, "regional": p.regional, "spread": p.spread, "reason": p.reason}
        for p, title in proposals
    ]


@router.post("/f/{token}/themas", status_code=204)
def add_theme(
    meeting: FacilitatorMeeting,
    session: SessionDep,
    catalog: CatalogDep,
    hub: HubDep,
    title: Line,
    standards: Line = "",
) -> Response:
    themes.add_theme(
        session=session,
        meeting=meeting,
        question_set=question_set_of(meeting, catalog),
        title=title,
        standards=standards,
    )
    events.meeting_changed(hub, meeting.id or 0, "themes")
    return Response(status_code=204)


@router.post("/f/{token}/themas/{theme_id}", status_code=204)
def rename_theme(theme_id: Id, meeting: FacilitatorMeeting, session: SessionDep, hub: HubDep, title: Line) -> Response:
    themes.rename_theme(session=session, meeting=meeting, theme_id=theme_id, title=title)
    events.meeting_changed(hub, meeting.id or 0, "themes")
    return Response(status_code=204)


@router.post("/f/{token}/themas/{theme_id}/verwijderen", status_code=204)
def remove_theme(theme_id: Id, meeting: FacilitatorMeeting, session: SessionDep, hub: HubDep) -> Response:
    themes.remove_theme(session=session, meeting=meeting, theme_id=theme_id)
    events.meeting_changed(hub, meeting.id or 0, "themes")
    return Response(status_code=204)


@router.post("/f/{token}/terugkoppeling", status_code=204)
def show_feedback_group(
    meeting: FacilitatorMeeting, session: SessionDep, hub: HubDep, position: Annotated[Count, Form()]
) -> Response:
    """The plenaire terugkoppeling: which theme group the projector shows (0-based; kept within the groups)."""
    followup_dashboard.show_feedback_group(session=session, meeting=meeting, position=position)
    events.meeting_changed(hub, meeting.id or 0, "feedback")
    return Response(status_code=204)


@router.post("/f/{token}/themas/{theme_id}/leden", status_code=204)
def assign_member(
    theme_id: Id, meeting: FacilitatorMeeting, session: SessionDep, hub: HubDep, participant_id: Annotated[Id, Form()]
) -> Response:
    person = session.get(Participant, participant_id)
    if person is None or person.meeting_id != meeting.id:
        raise NotFound("Deze deelnemer hoort niet bij deze bijeenkomst.")
    themes.join_theme(session=session, meeting=meeting, participant=person, theme_id=theme_id)
    events.meeting_changed(hub, meeting.id or 0, "themes")
    return Response(status_code=204)


@router.post("/f/{token}/themagroepen/indelen", status_code=204)
def form_theme_groups(meeting: FacilitatorMeeting, session: SessionDep, hub: HubDep) -> Response:
    theme_groups.form_theme_groups(session=session, meeting=meeting, rng=_random)
    events.meeting_changed(hub, meeting.id or 0, "themes")
    return Response(status_code=204)


@router.post("/f/{token}/themagroepen/verplaatsen", status_code=204)
def move_to_theme_group(
    meeting: FacilitatorMeeting,
    session: SessionDep,
    hub: HubDep,
    participant_id: Annotated[Id, Form()],
    theme_id: Annotated[Id, Form()],
) -> Response:
    return assign_member(theme_id, meeting, session, hub, participant_id)


# ---------------------------------------------------------------- participants: theme group and plan


@router.get("/j/{code}/thema", response_class=HTMLResponse)
def theme_page(
    request: Request, meeting: CodeMeeting, participant: ParticipantDep, session: SessionDep
) -> HTMLResponse:
    return render(
        request,
        "followup/page.html",
        meeting=meeting,
        title="Themagroep",
        ws_url=f"/ws/j/{meeting.join_code}/thema",
        main_html=screens_followup.theme_page_html(session=session, meeting=meeting, participant=participant),
    )


@router.post("/j/{code}/thema/antwoord", response_class=HTMLResponse)
def change_theme_answer(
    meeting: CodeMeeting,
    participant: ParticipantDep,
    session: SessionDep,
    hub: HubDep,
    base_version: Annotated[Count, Form()],
    fields: SubmittedFields,
    theme_id: Annotated[Id | None, Form()] = None,
) -> HTMLResponse:
    theme = themes.participant_theme(session=session, participant=participant)
    if theme is None:
        raise NotFound("Kies eerst een thema.")
    changes = {k: v for k, v in fields.items() if k in themes.THEME_FIELDS}
    if theme_id is not None and theme_id != theme.id:  # moved to another group while typing: never save it there
        return HTMLResponse(
            screens_followup.theme_page_html(
                session=session, meeting=meeting, participant=participant, conflict=themes.GroupChanged(changes)
            ),
            status_code=409,
        )
    try:
        themes.update_theme_answer(
            session=session, theme=theme, base_version=base_version, changes=changes, now=time.time()
        )
    except EditConflict as conflict:
        return HTMLResponse(
            screens_followup.theme_page_html(
                session=session, meeting=meeting, participant=participant, conflict=conflict
            ),
            status_code=409,
        )
    events.followup_changed(hub, meeting.id or 0, "theme")
    return HTMLResponse(
        screens_followup.theme_page_html(
            session=session, meeting=meeting, participant=participant, notice="Opgeslagen."
        )
    )


@router.get("/j/{code}/plan", response_class=HTMLResponse)
def plan_page(
    request: Request, meeting: CodeMeeting, participant: ParticipantDep, session: SessionDep, catalog: CatalogDep
) -> HTMLResponse:
    return render(
        request,
        "followup/page.html",
        meeting=meeting,
        title="Plan van aanpak",
        ws_url=f"/ws/j/{meeting.join_code}/plan",
        main_html=screens_followup.plan_html(
            session=session, meeting=meeting, participant=participant, catalog=catalog
        ),
    )


@router.post("/j/{code}/plan/beginnen", response_class=HTMLResponse)
def start_plan(
    meeting: CodeMeeting, participant: ParticipantDep, session: SessionDep, catalog: CatalogDep, hub: HubDep
) -> HTMLResponse:
    added = plan_service.draft_first_rows(
        session=session,
        meeting=meeting,
        municipality_id=participant.municipality_id,
        question_set=question_set_of(meeting, catalog),
    )
    if added:
        events.followup_changed(hub, meeting.id or 0, "plan")
    notice = (
        f"Eerste aanzet: {added} {'regel' if added == 1 else 'regels'} uit de zelfscan toegevoegd."
        if added
        else "Er zijn geen (nieuwe) vragen die niet op orde zijn om over te nemen."
    )
    return HTMLResponse(
        screens_followup.plan_html(
            session=session, meeting=meeting, participant=participant, catalog=catalog, notice=notice
        )
    )


@router.post("/j/{code}/plan/regels", response_class=HTMLResponse)
def add_plan_row(
    meeting: CodeMeeting,
    participant: ParticipantDep,
    session: SessionDep,
    catalog: CatalogDep,
    hub: HubDep,
    group: Annotated[str, Form(max_length=40), CLEAN],
    fields: SubmittedFields,
) -> HTMLResponse:
    values = {k: v for k, v in fields.items() if k in plan_service.PLAN_FIELDS}
    plan_service.add_plan_row(
        session=session,
        meeting=meeting,
        municipality_id=participant.municipality_id,
        question_set=question_set_of(meeting, catalog),
        group=group,
        values=values,
        now=time.time(),
    )
    return plan_changed(
        hub=hub, session=session, meeting=meeting, participant=participant, catalog=catalog, notice="Regel toegevoegd."
    )


@router.post("/j/{code}/plan/regels/{row_id}", response_class=HTMLResponse)
def change_plan_row(
    row_id: Id,
    meeting: CodeMeeting,
    participant: ParticipantDep,
    session: SessionDep,
    catalog: CatalogDep,
    hub: HubDep,
    base_version: Annotated[Count, Form()],
    fields: SubmittedFields,
) -> HTMLResponse:
    changes = {k: v for k, v in fields.items() if k in plan_service.PLAN_FIELDS}
    try:
        plan_service.update_plan_row(
            session=session,
            meeting=meeting,
            municipality_id=participant.municipality_id,
            row_id=row_id,
            base_version=base_version,
            changes=changes,
            now=time.time(),
        )
    except (EditConflict, plan_service.RowRemoved) as conflict:
        return HTMLResponse(
            screens_followup.plan_html(
                session=session, meeting=meeting, participant=participant, catalog=catalog, conflict=conflict
            ),
            status_code=409,
        )
    return plan_changed(
        hub=hub, session=session, meeting=meeting, participant=participant, catalog=catalog, notice="Opgeslagen."
    )


def plan_changed(
    *, hub: Hub, session: Session, meeting: Meeting, participant: Participant, catalog: Catalog, notice: str = ""
) -> HTMLResponse:
    """After a committed change to a plan: tell every screen, and answer the member with their plan."""
    events.followup_changed(hub, meeting.id or 0, "plan")
    return HTMLResponse(
        screens_followup.plan_html(
            session=session, meeting=meeting, participant=participant, catalog=catalog, notice=notice
        )
    )
