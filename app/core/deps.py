"""Dependencies: the database session, the catalog, and access checks written once.

Access: organiser pages need the organiser secret (cookie after login, or `Authorization:
Bearer <secret>` for the API); the facilitator, gespreksleider and display links carry their own
unguessable token; a participant is known by the cookie set when they joined.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.catalog.loader import Catalog, QuestionSet
from app.core.config import Settings
from app.core.errors import Forbidden
from app.live.hub import Hub
from app.meetings import participants
from app.meetings import service as meetings
from app.meetings.models import Meeting, Participant

ORGANISER_COOKIE = "zs_organiser"


def participant_cookie(meeting: Meeting) -> str:
    return f"zs_p_{meeting.join_code}"


async def get_session(request: Request) -> AsyncIterator[Session]:
    # async on purpose: opening a Session does no I/O, and this saves a worker-thread hop per request.
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


def get_catalog(request: Request) -> Catalog:
    catalog: Catalog = request.app.state.catalog
    return catalog


def get_hub(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SessionDep = Annotated[Session, Depends(get_session)]
CatalogDep = Annotated[Catalog, Depends(get_catalog)]
HubDep = Annotated[Hub, Depends(get_hub)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def is_organiser(request: Request) -> bool:
    secret: str = request.app.state.organiser_secret
    supplied = request.cookies.get(ORGANISER_COOKIE, "")
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        supplied = auth[7:].strip()
    return bool(supplied) and hmac.compare_digest(supplied.encode(), secret.encode())


def require_organiser(request: Request) -> None:
    if not is_organiser(request):
        raise Forbidden("Alleen de organisator heeft toegang. Log in met de organisatorsleutel.")


OrganiserDep = Annotated[None, Depends(require_organiser)]


def meeting_for_organiser(meeting_id: int, session: SessionDep, _: OrganiserDep) -> Meeting:
    return meetings.get_meeting(session=session, meeting_id=meeting_id)


def meeting_for_facilitator(token: str, session: SessionDep) -> Meeting:
    return meetings.by_facilitator_token(session=session, token=token)


def meeting_for_display(token: str, session: SessionDep) -> Meeting:
    return meetings.by_display_token(session=session, token=token)


def meeting_for_gespreksleider(token: str, session: SessionDep) -> Meeting:
    return meetings.by_gespreksleider_token(session=session, token=token)


def meeting_by_code(code: str, session: SessionDep) -> Meeting:
    return meetings.by_join_code(session=session, code=code)


OrganiserMeeting = Annotated[Meeting, Depends(meeting_for_organiser)]
FacilitatorMeeting = Annotated[Meeting, Depends(meeting_for_facilitator)]
DisplayMeeting = Annotated[Meeting, Depends(meeting_for_display)]
GespreksleiderMeeting = Annotated[Meeting, Depends(meeting_for_gespreksleider)]
CodeMeeting = Annotated[Meeting, Depends(meeting_by_code)]


def current_participant(request: Request, meeting: CodeMeeting, session: SessionDep) -> Participant:
    return participants.by_token(
        session=session, meeting=meeting, token=request.cookies.get(participant_cookie(meeting))
    )


ParticipantDep = Annotated[Participant, Depends(current_participant)]


def question_set_of(meeting: Meeting, catalog: Catalog) -> QuestionSet:
    return catalog.question_set(meeting.question_set_key)
