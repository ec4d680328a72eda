"""JSON API of meetings: create and read a meeting, add a municipality, join as a participant."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from app.core.cookies import set_private_cookie
from app.core.deps import (
    CatalogDep,
    CodeMeeting,
    HubDep,
    OrganiserDep,
    OrganiserMeeting,
    SessionDep,
    SettingsDep,
    participant_cookie,
)
from app.core.redaction import parse_terms
from app.live import events
from app.meetings import follow_up, participants, rehearsal_copy, removal
from app.meetings import service as meetings
from app.meetings.models import Meeting
from app.meetings.schemas import (
    FollowUpCreate,
    JoinRequest,
    MeetingCreate,
    MeetingLinks,
    MeetingUpdate,
    MunicipalityAdd,
)

router = APIRouter(prefix="/api", tags=["api"])


@router.post("/meetings", status_code=201)
def create_meeting(
    data: MeetingCreate, organiser: OrganiserDep, session: SessionDep, catalog: CatalogDep, settings: SettingsDep
) -> MeetingLinks:
    data = follow_up.with_municipalities_from(session=session, data=data, organiser_id=organiser.id or 0)
    meeting = meetings.create_meeting(session=session, catalog=catalog, data=data, organiser_id=organiser.id or 0)
    return meetings.links(meeting, settings.public_url)


@router.post("/meetings/{meeting_id}/follow-up", status_code=201)
def create_follow_up(
    meeting: OrganiserMeeting, data: FollowUpCreate, session: SessionDep, catalog: CatalogDep, settings: SettingsDep
) -> MeetingLinks:
    """Create the follow-up of this startbijeenkomst: region, municipalities, privacy mode and speakers carried over."""
    created = follow_up.create_follow_up(
        session=session,
        catalog=catalog,
        source=meeting,
        date=data.date,
        start_time=data.start_time,
        video_link=data.video_link,
    )
    return meetings.links(created, settings.public_url)


def _meeting_json(session: Session, meeting: Meeting, public_url: str) -> dict[str, Any]:
    return {
        "links": meetings.links(meeting, public_url).model_dump(),
        "region": meeting.region,
        "date": meeting.date.isoformat(),
        "agenda": meeting.agenda_key,
        "question_set": {"key": meeting.question_set_key, "version": meeting.question_set_version},
        "privacy_mode": meeting.privacy_mode,
        "hidden_terms": parse_terms(meeting.hidden_terms),
        "scan_kind": meeting.scan_kind,
        "timezone": meeting.timezone,
        # A follow-up takes its results from `scan_source_id`; a scan compares with `earlier_scan_id`.
        "scan_source_id": meeting.scan_source_id,
        "earlier_scan_id": meeting.earlier_scan_id,
        "municipalities": [
            {"id": m.id, "name": m.name} for m in meetings.municipalities_of(session=session, meeting=meeting)
        ],
    }


@router.get("/meetings/{meeting_id}")
def get_meeting(meeting: OrganiserMeeting, session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    return _meeting_json(session, meeting, settings.public_url)


@router.patch("/meetings/{meeting_id}")
def update_meeting(
    data: MeetingUpdate, meeting: OrganiserMeeting, session: SessionDep, settings: SettingsDep, hub: HubDep
) -> dict[str, Any]:
    """Change a meeting's details (only the fields sent), e.g. its privacy mode or the words it hides.

    A null leaves a field as it is, except for the two links, where null removes the link.
    """
    links = {"scan_source_id", "earlier_scan_id"}
    sent = {k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None or k in links}
    meetings.update_meeting(session=session, meeting=meeting, data=MeetingUpdate.model_validate(sent))
    events.meeting_changed(hub, meeting.id or 0)
    return _meeting_json(session, meeting, settings.public_url)


@router.delete("/meetings/{meeting_id}", status_code=204)
def delete_meeting(meeting: OrganiserMeeting, session: SessionDep, hub: HubDep) -> Response:
    """Delete the meeting with everything in it (and its oefenversie); other meetings only lose their link to it."""
    meeting_id = meeting.id or 0
    rehearsal = rehearsal_copy.find(session=session, meeting=meeting)
    removal.delete_meeting(session=session, meeting_id=meeting_id)
    for gone in (meeting_id, rehearsal.id if rehearsal else None):
        if gone is not None:
            events.meeting_changed(hub, gone)
    return Response(status_code=204)


@router.post("/meetings/{meeting_id}/municipalities", status_code=201)
def add_municipality(
    meeting: OrganiserMeeting, data: MunicipalityAdd, session: SessionDep, hub: HubDep
) -> dict[str, Any]:
    municipality = meetings.add_municipality(session=session, meeting=meeting, name=data.name)
    events.meeting_changed(hub, meeting.id or 0)
    return {"id": municipality.id, "name": municipality.name}


@router.post("/j/{code}/join", status_code=201)
def join(
    data: JoinRequest, meeting: CodeMeeting, session: SessionDep, hub: HubDep, request: Request, response: Response
) -> dict[str, Any]:
    participant = participants.join(session=session, meeting=meeting, data=data)
    events.participant_joined(hub, meeting.id or 0)
    set_private_cookie(response, request, participant_cookie(meeting), participant.token, max_age=3 * 24 * 3600)
    return {"participant_id": participant.id, "municipality_id": participant.municipality_id}
