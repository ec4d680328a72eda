"""Dependencies: the database session, the catalog, and access checks written once.

Access: organiser pages need an organiser session (a cookie holding a random session id, opened by
signing in with a key; see app.signin) or `Authorization: Bearer <key>` for scripts. Every organiser
has an account and sees only their own meetings: `meeting_for_organiser` answers 404 for another's,
exactly as for one that does not exist; account management needs an administrator. The
facilitator, gespreksleider and display links carry their own unguessable token; a participant is
known by the cookie set when they joined. Wrong secrets and wrong join codes are counted per client
address (app.core.attempts) and refused with 429 once spent; a join code closes
`Settings.join_code_days` after its meeting (410).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.catalog.loader import Catalog, QuestionSet
from app.core.attempts import AttemptLimiter, client_key, refuse_if_spent
from app.core.config import Settings
from app.core.errors import Forbidden, NotFound
from app.core.inputs import Id
from app.live.hub import Hub
from app.meetings import participants
from app.meetings import service as meetings
from app.meetings.models import Meeting, Participant
from app.signin import service as signin
from app.signin.models import Organiser
from app.signin.secret import OrganiserSecret

ORGANISER_COOKIE = "zs_organiser"


PARTICIPANT_COOKIE_PREFIX = "zs_p_"


def participant_cookie(meeting: Meeting) -> str:
    return PARTICIPANT_COOKIE_PREFIX + meeting.join_code


async def get_session(request: Request) -> AsyncIterator[Session]:
    # async on purpose: opening a Session does no I/O, and this saves a worker-thread hop per request.
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


# The app's own objects: async so that handing them over costs no worker-thread hop (a sync dependency
# runs in the thread pool: a participant's request made five hops, now two, its identity and its endpoint).
async def get_catalog(request: Request) -> Catalog:
    catalog: Catalog = request.app.state.catalog
    return catalog


async def get_hub(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SessionDep = Annotated[Session, Depends(get_session)]
CatalogDep = Annotated[Catalog, Depends(get_catalog)]
HubDep = Annotated[Hub, Depends(get_hub)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


TOO_MANY_CODES = "Te veel onbekende codes vanaf dit adres. Wacht even en probeer het dan opnieuw."


def organiser_secret(request: Request) -> OrganiserSecret:
    secret: OrganiserSecret = request.app.state.organiser_secret
    return secret


def sign_in_attempts(request: Request) -> AttemptLimiter:
    limiter: AttemptLimiter = request.app.state.sign_in_attempts
    return limiter


def join_code_attempts(request: Request) -> AttemptLimiter:
    limiter: AttemptLimiter = request.app.state.join_code_attempts
    return limiter


def signed_in_organiser(request: Request, session: Session) -> Organiser | None:
    """A script's `Authorization: Bearer <key>` (counted when wrong), else the browser's session cookie."""
    secret = organiser_secret(request)
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        try:
            return signin.check_key(
                session=session,
                secret=secret,
                attempts=sign_in_attempts(request),
                client=client_key(request),
                supplied=auth[7:].strip(),
            )
        except Forbidden:
            return None
    return signin.find_session(session=session, secret=secret, token=request.cookies.get(ORGANISER_COOKIE))


def require_organiser(request: Request, session: SessionDep) -> Organiser:
    organiser = signed_in_organiser(request, session)
    if organiser is None:
        raise Forbidden("Alleen de organisator heeft toegang. Log in met de organisatorsleutel.")
    return organiser


OrganiserDep = Annotated[Organiser, Depends(require_organiser)]


def require_administrator(organiser: OrganiserDep) -> Organiser:
    if not organiser.administrator:
        raise Forbidden("Alleen een beheerder kan organisatoren toevoegen en verwijderen.")
    return organiser


AdministratorDep = Annotated[Organiser, Depends(require_administrator)]


def meeting_for_organiser(meeting_id: Id, session: SessionDep, organiser: OrganiserDep) -> Meeting:
    """The signed-in organiser's own meeting; another's is a 404, word for word as one that does not exist."""
    return meetings.get_meeting(session=session, meeting_id=meeting_id, organiser_id=organiser.id or 0)


def meeting_for_facilitator(token: str, session: SessionDep) -> Meeting:
    return meetings.by_facilitator_token(session=session, token=token)


def meeting_for_display(token: str, session: SessionDep) -> Meeting:
    return meetings.by_display_token(session=session, token=token)


def meeting_for_gespreksleider(token: str, session: SessionDep) -> Meeting:
    return meetings.by_gespreksleider_token(session=session, token=token)


def meeting_by_code(code: str, request: Request, session: SessionDep) -> Meeting:
    """The meeting of a join code that is still open; every page, API call and QR code by code goes through here.

    An address that has spent its wrong codes is refused before the lookup (429), unless the device
    has already joined this very meeting (its participant cookie proves it knew the code), so a
    guesser on the venue's wifi does not lock out the people already in their rooms.

    The device's participant is read in the same statement and kept for `current_participant`, with
    the refusal it gets when its cookie is not one of this meeting's participants.
    """
    limiter, client = join_code_attempts(request), client_key(request)
    if limiter.wait_seconds(client) > 0 and not _already_joined(request, session, code):
        refuse_if_spent(limiter, client, TOO_MANY_CODES)
    token = request.cookies.get(PARTICIPANT_COOKIE_PREFIX + meetings.normalise_join_code(code))
    try:
        meeting, member = participants.meeting_with_member(session=session, code=code, token=token)
    except NotFound:
        if meetings.normalise_join_code(code):  # an empty field is no guess
            limiter.failed(client)
        raise
    meetings.check_join_code_open(meeting=meeting, days=request.app.state.settings.join_code_days)
    request.state.member = member
    if member is None:
        try:  # the reason, read now in this worker thread (rarely: a cookie that is not this meeting's)
            request.state.member = participants.by_token(session=session, meeting=meeting, token=token)
        except Forbidden as refusal:
            request.state.member = refusal
    return meeting


def _already_joined(request: Request, session: Session, code: str) -> bool:
    try:
        meeting = meetings.by_join_code(session=session, code=code)
    except NotFound:
        return False
    token = request.cookies.get(participant_cookie(meeting))
    return participants.find_by_token(session=session, meeting=meeting, token=token) is not None


OrganiserMeeting = Annotated[Meeting, Depends(meeting_for_organiser)]
FacilitatorMeeting = Annotated[Meeting, Depends(meeting_for_facilitator)]
DisplayMeeting = Annotated[Meeting, Depends(meeting_for_display)]
GespreksleiderMeeting = Annotated[Meeting, Depends(meeting_for_gespreksleider)]
CodeMeeting = Annotated[Meeting, Depends(meeting_by_code)]


async def current_participant(request: Request, meeting: CodeMeeting) -> Participant:
    """The device's participant in this meeting, read with the meeting (`meeting_by_code`); async: no thread hop."""
    member: Participant | Forbidden | None = getattr(request.state, "member", None)
    if isinstance(member, Participant) and member.meeting_id == meeting.id:
        return member
    raise member if isinstance(member, Forbidden) else Forbidden(participants.UNKNOWN_MEMBER)


ParticipantDep = Annotated[Participant, Depends(current_participant)]


def question_set_of(meeting: Meeting, catalog: Catalog) -> QuestionSet:
    return catalog.question_set(meeting.question_set_key)
