"""A meeting made from an earlier one: the follow-up of a startbijeenkomst, or a new one with its municipalities.

The follow-up carries over what the region already settled (region, municipalities, privacy mode, the
speakers of the blocks both programmes share) and takes its results from the startbijeenkomst's scan
(`scan_source_id`); the organiser only gives the date and start time.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from app.catalog.loader import PLACEHOLDER, Agenda, Catalog
from app.core.errors import Invalid
from app.meetings import service as meetings
from app.meetings.models import Meeting, MeetingBlock
from app.meetings.schemas import MAX_MUNICIPALITIES, MeetingCreate

FOLLOW_UP_AGENDA = "follow-up"
START_AGENDA = "startbijeenkomst"


def carried_speakers(*, source_blocks: list[MeetingBlock], agenda: Agenda) -> dict[int, str]:
    """Speakers for `agenda`'s placeholder blocks, by role: the opening speaker and the closing speaker.

    The startbijeenkomst's first speaker (welkom, usually the dagvoorzitter) opens the follow-up too, and
    its closing speaker closes it; the follow-up's own talks stay for the organiser to fill in.
    """
    spoken = [b for b in source_blocks if b.speaker]
    opening = next((b.speaker for b in spoken if b.kind != "closing"), "")
    closing = next((b.speaker for b in spoken if b.kind == "closing"), "")
    speakers: dict[int, str] = {}
    with_placeholder = [i for i, block in enumerate(agenda.blocks) if PLACEHOLDER in block.speaker]
    for position in with_placeholder:
        kind = agenda.blocks[position].kind
        if kind == "closing" and closing:
            speakers[position] = closing
        elif position == with_placeholder[0] and kind != "closing" and opening:
            speakers[position] = opening
    return speakers


def create_follow_up(
    *, session: Session, catalog: Catalog, source: Meeting, date: dt.date, start_time: str, video_link: str = ""
) -> Meeting:
    """Create the follow-up bijeenkomst of a startbijeenkomst, its scan linked as the results source."""
    if source.agenda_key != START_AGENDA:
        title = catalog.agendas[source.agenda_key].title if source.agenda_key in catalog.agendas else source.agenda_key
        raise Invalid(
            f"Een vervolgbijeenkomst maak je vanuit een startbijeenkomst; "
            f"bijeenkomst {source.id} is een {title.lower()}."
        )
    if FOLLOW_UP_AGENDA not in catalog.agendas:
        raise Invalid(f"Het programma '{FOLLOW_UP_AGENDA}' ontbreekt in agendas/.")
    if date < source.date:
        raise Invalid(
            f"De vervolgbijeenkomst komt na de startbijeenkomst: kies een datum vanaf {source.date:%d-%m-%Y}."
        )
    agenda = catalog.agenda(FOLLOW_UP_AGENDA)
    data = MeetingCreate.model_validate(
        {
            "region": source.region,
            "date": date,
            "start_time": start_time,
            "agenda_key": FOLLOW_UP_AGENDA,
            "question_set_key": source.question_set_key,
            "municipalities": [m.name for m in meetings.municipalities_of(session=session, meeting=source)],
            "speakers": carried_speakers(
                source_blocks=meetings.blocks_of(session=session, meeting=source), agenda=agenda
            ),
            "video_link": video_link or source.video_link,
            "privacy_mode": source.privacy_mode,
            "scan_kind": source.scan_kind,
            "scan_source_id": source.id,
            "timezone": source.timezone,
        }
    )
    return meetings.create_meeting(session=session, catalog=catalog, data=data, organiser_id=source.organiser_id)


def follow_ups_of(*, session: Session, meeting: Meeting) -> list[Meeting]:
    """The meetings that take their results from `meeting` (its follow-ups), oldest first."""
    return list(
        session.exec(
            select(Meeting)
            .where(Meeting.scan_source_id == meeting.id, col(Meeting.rehearsal_of).is_(None))
            .order_by(col(Meeting.date), col(Meeting.id))
        )
    )


def with_municipalities_from(*, session: Session, data: MeetingCreate, organiser_id: int) -> MeetingCreate:
    """`data` with the municipalities of `data.municipalities_from` (one of the organiser's own meetings)
    first, then the typed ones not among them."""
    if data.municipalities_from is None:
        return data
    source = meetings.get_meeting(session=session, meeting_id=data.municipalities_from, organiser_id=organiser_id)
    names = [m.name for m in meetings.municipalities_of(session=session, meeting=source)]
    known = {name.casefold() for name in names}
    names += [name for name in data.municipalities or [] if name.casefold() not in known]
    if len(names) > MAX_MUNICIPALITIES:
        raise Invalid(f"Een bijeenkomst heeft hoogstens {MAX_MUNICIPALITIES} gemeenten; dit zijn er {len(names)}.")
    return data.model_copy(update={"municipalities": names})
