"""Meetings: creating one from a programme, reading it by its links, changing it."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import Integer, bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from app.catalog.loader import PLACEHOLDER, Catalog
from app.core.errors import Conflict, Gone, Invalid, NotFound
from app.core.times import today_local
from app.meetings.models import Meeting, MeetingBlock, Municipality, Participant
from app.meetings.schemas import MeetingCreate, MeetingLinks, MeetingUpdate
from app.wheel import service as wheel_service
from app.zelfscan.scoring import PRIVACY_MODES, anonymous_label

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: easy to read aloud and to type on a phone.
JOIN_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6
ATTEMPTS = 5


def new_join_code(session: Session) -> str:
    for _ in range(50):
        code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if session.exec(select(Meeting.id).where(Meeting.join_code == code)).first() is None:
            return code
    raise RuntimeError("could not find a free join code")


def normalise_join_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _shift(hhmm: str, minutes: int) -> str:
    hours, mins = divmod(int(hhmm[:2]) * 60 + int(hhmm[3:5]) + minutes, 60)
    return f"{hours % 24:02d}:{mins:02d}"


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:5])


def create_meeting(
    *, session: Session, catalog: Catalog, data: MeetingCreate, organiser_id: int, now: float | None = None
) -> Meeting:
    """Create an organiser's meeting from a programme in `agendas/`, with its blocks and municipalities."""
    if data.agenda_key not in catalog.agendas:
        raise Invalid(f"Onbekend programma '{data.agenda_key}'. Kies uit: {', '.join(sorted(catalog.agendas))}.")
    if data.question_set_key not in catalog.question_sets:
        raise Invalid(f"Onbekende vragenset '{data.question_set_key}'.")
    if not data.municipalities:
        raise Invalid("Vul minstens één gemeente in, of neem de gemeenten over van een eerdere bijeenkomst.")
    check_links(
        session=session,
        organiser_id=organiser_id,
        meeting=None,
        scan_source_id=data.scan_source_id,
        earlier_scan_id=data.earlier_scan_id,
    )
    agenda = catalog.agenda(data.agenda_key)
    question_set = catalog.question_set(data.question_set_key)
    meeting = Meeting(
        agenda_key=agenda.key,
        question_set_key=question_set.key,
        question_set_version=question_set.version,
        region=data.region,
        date=data.date,
        start_time=data.start_time,
        video_link=data.video_link,
        privacy_mode=data.privacy_mode,
        hidden_terms=data.hidden_terms,
        scan_kind=data.scan_kind,
        scan_source_id=data.scan_source_id,
        earlier_scan_id=data.earlier_scan_id,
        timezone=data.timezone,
        join_code=new_join_code(session),
        facilitator_token=secrets.token_urlsafe(16),
        gespreksleider_token=secrets.token_urlsafe(16),
        display_token=secrets.token_urlsafe(16),
        created_at=now or time.time(),
        organiser_id=organiser_id,
    )
    session.add(meeting)
    session.flush()
    first = agenda.blocks[0].start
    offset = _minutes(data.start_time) - (first.hour * 60 + first.minute)
    for position, block in enumerate(agenda.blocks):
        speaker = data.speakers.get(position, "") if data.speakers else ""
        session.add(
            MeetingBlock(
                meeting_id=meeting.id or 0,
                position=position,
                kind=block.kind,
                title=block.title,
                description=block.description,
                speaker=speaker or (block.speaker if PLACEHOLDER not in block.speaker else ""),
                planned_start=_shift(block.start.strftime("%H:%M"), offset),
                planned_seconds=block.minutes * 60,
                groups=block.breakout.groups if block.breakout else None,
                work=block.breakout.work if block.breakout else None,
                first_question=block.breakout.questions[0] if block.breakout and block.breakout.questions else None,
                last_question=block.breakout.questions[1] if block.breakout and block.breakout.questions else None,
                results=block.results,
                wheel=block.wheel,
            )
        )
    for name in data.municipalities or []:
        _add_municipality(session, meeting, name)
    session.add_all(wheel_service.bijlage_2_questions(meeting=meeting, catalog=catalog))
    session.commit()
    session.refresh(meeting)
    return meeting


def check_links(
    *,
    session: Session,
    organiser_id: int,
    meeting: Meeting | None,
    scan_source_id: int | None,
    earlier_scan_id: int | None,
) -> None:
    """Refuse links to a meeting that does not exist (or is another organiser's), to the meeting itself,
    or in a circle."""
    own = meeting.id if meeting is not None else None
    for linked, what in (
        (scan_source_id, "De bijeenkomst waar de resultaten vandaan komen"),
        (earlier_scan_id, "De eerdere scan om mee te vergelijken"),
    ):
        if linked is None:
            continue
        if linked == own:
            raise Invalid(f"{what} kan niet deze bijeenkomst zelf zijn.")
        target = session.get(Meeting, linked)
        # An oefenversie is never a scan to link to; another organiser's meeting does not exist here.
        if target is None or target.rehearsal_of is not None or target.organiser_id != organiser_id:
            raise Invalid(f"{what} bestaat niet (bijeenkomst {linked}).")
    if scan_source_id is not None and scan_source_id == earlier_scan_id:
        raise Invalid("Kies voor de resultaten en voor de vergelijking twee verschillende bijeenkomsten.")
    source = session.get(Meeting, scan_source_id) if scan_source_id is not None else None
    seen: set[int | None] = {scan_source_id}
    while source is not None and source.scan_source_id is not None:
        if source.scan_source_id == own or source.scan_source_id in seen:
            raise Invalid("Deze koppeling maakt een kring: de resultaten zouden uit deze bijeenkomst zelf komen.")
        seen.add(source.scan_source_id)
        source = session.get(Meeting, source.scan_source_id)


def _add_municipality(session: Session, meeting: Meeting, name: str) -> Municipality:
    clean = " ".join(name.split())
    if not clean:
        raise Invalid("De naam van de gemeente is leeg.")
    exists = session.exec(
        select(Municipality).where(
            Municipality.meeting_id == meeting.id, func.lower(Municipality.name) == clean.lower()
        )
    ).first()
    if exists is not None:
        raise Conflict(f"Gemeente '{clean}' staat al in deze bijeenkomst.")
    last = session.exec(select(func.max(Municipality.position)).where(Municipality.meeting_id == meeting.id)).one()
    municipality = Municipality(meeting_id=meeting.id or 0, name=clean, position=(last if last is not None else -1) + 1)
    session.add(municipality)
    session.flush()
    return municipality


def add_municipality(*, session: Session, meeting: Meeting, name: str) -> Municipality:
    """Add a municipality that turns up late; its room is ready at once.

    Two added at the same moment would take the same position (and so the same anonymous letter);
    the unique position makes the second one try again, and find its name taken or the next place.
    """
    for _attempt in range(ATTEMPTS):
        try:
            municipality = _add_municipality(session, meeting, name)
            session.commit()
        except IntegrityError:
            session.rollback()
            continue
        return municipality
    raise Conflict("Er worden nu veel gemeenten tegelijk toegevoegd. Probeer het zo nog eens.")


def update_meeting(*, session: Session, meeting: Meeting, data: MeetingUpdate) -> Meeting:
    """Change a meeting's details, speakers and links (links checked as at creation)."""
    given = data.model_fields_set
    check_links(
        session=session,
        organiser_id=meeting.organiser_id,
        meeting=meeting,
        scan_source_id=data.scan_source_id if "scan_source_id" in given else meeting.scan_source_id,
        earlier_scan_id=data.earlier_scan_id if "earlier_scan_id" in given else meeting.earlier_scan_id,
    )
    for field, value in data.model_dump(exclude_unset=True, exclude={"speakers"}).items():
        setattr(meeting, field, value)
    if data.speakers:
        for block in blocks_of(session=session, meeting=meeting):
            if block.position in data.speakers:
                block.speaker = data.speakers[block.position]
                session.add(block)
    session.add(meeting)
    session.commit()
    session.refresh(meeting)
    return meeting


def set_privacy_mode(*, session: Session, meeting: Meeting, mode: str) -> Meeting:
    if mode not in PRIVACY_MODES:
        raise Invalid("Onbekende privacystand. Kies 'named', 'anonymised' of 'regional'.")
    meeting.privacy_mode = mode
    session.add(meeting)
    session.commit()
    return meeting


def named_needs_confirmation(*, meeting: Meeting, mode: str) -> bool:
    """To named while the results are on the room's screen puts names there: the facilitator is asked first."""
    return mode == "named" and meeting.privacy_mode != "named" and meeting.results_visible


def set_results_visible(*, session: Session, meeting: Meeting, visible: bool) -> Meeting:
    meeting.results_visible = visible
    session.add(meeting)
    session.commit()
    return meeting


def list_meetings(*, session: Session, organiser_id: int) -> list[Meeting]:
    """An organiser's real meetings, newest first (an oefenversie is shown on its meeting's page only)."""
    return list(
        session.exec(
            select(Meeting)
            .where(col(Meeting.rehearsal_of).is_(None), Meeting.organiser_id == organiser_id)
            .order_by(col(Meeting.date).desc(), col(Meeting.id).desc())
        )
    )


def get_meeting(*, session: Session, meeting_id: int, organiser_id: int) -> Meeting:
    """A real meeting of this organiser: an oefenversie has no organiser pages, API or exports of its own,
    and another organiser's meeting does not exist for them (same message, so an id reveals nothing)."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.organiser_id != organiser_id:
        raise NotFound(f"Bijeenkomst {meeting_id} bestaat niet.")
    if meeting.rehearsal_of is not None:
        raise NotFound(
            f"Bijeenkomst {meeting_id} is een oefenversie (proefdraaien): die beheer je op de pagina van "
            f"bijeenkomst {meeting.rehearsal_of}, en er komen geen verslagen of bestanden van."
        )
    return meeting


def _by(session: Session, column: object, value: str, message: str) -> Meeting:
    meeting = session.exec(select(Meeting).where(column == value)).first()
    if meeting is None:
        raise NotFound(message)
    return meeting


UNKNOWN_CODE = "Deze code hoort bij geen enkele bijeenkomst. Controleer de code en probeer het opnieuw."


def by_join_code(*, session: Session, code: str) -> Meeting:
    return _by(session, Meeting.join_code, normalise_join_code(code), UNKNOWN_CODE)


def join_code_last_day(meeting: Meeting, *, days: int) -> dt.date:
    """The last day a meeting's join code works: `days` after the meeting's date."""
    return meeting.date + dt.timedelta(days=days)


def check_join_code_open(*, meeting: Meeting, days: int, today: dt.date | None = None) -> None:
    """Refuse (410) a join code whose meeting is over: the day after its last day, in the meeting's zone.

    The organiser reopens it by moving the meeting's date.
    """
    last_day = join_code_last_day(meeting, days=days)
    if (today or today_local(meeting)) > last_day:
        raise Gone(
            f"Deze bijeenkomst is voorbij: de code {meeting.join_code} gold tot en met {last_day:%d-%m-%Y}. "
            "Vraag de organisator als je nog iets wilt inzien."
        )


def by_facilitator_token(*, session: Session, token: str) -> Meeting:
    return _by(session, Meeting.facilitator_token, token, "Deze dagvoorzitterslink is ongeldig.")


def by_display_token(*, session: Session, token: str) -> Meeting:
    return _by(session, Meeting.display_token, token, "Deze schermlink is ongeldig.")


def by_gespreksleider_token(*, session: Session, token: str) -> Meeting:
    return _by(session, Meeting.gespreksleider_token, token, "Deze gespreksleiderslink is ongeldig.")


def blocks_of(*, session: Session, meeting: Meeting) -> list[MeetingBlock]:
    return list(
        session.exec(
            select(MeetingBlock).where(MeetingBlock.meeting_id == meeting.id).order_by(col(MeetingBlock.position))
        )
    )


def block_at(*, session: Session, meeting: Meeting, index: int) -> MeetingBlock | None:
    """The meeting's block at `index` in the programme's order (as `blocks_of(...)[index]`), read alone."""
    return session.exec(_BLOCK_AT, params={"meeting": meeting.id, "index": index}).first()


# Built once with parameters: every room read and room push asks for the current block.
_BLOCK_AT = (
    select(MeetingBlock)
    .where(MeetingBlock.meeting_id == bindparam("meeting"))
    .order_by(col(MeetingBlock.position))
    .offset(bindparam("index", type_=Integer))
    .limit(1)
)


def municipalities_of(*, session: Session, meeting: Meeting) -> list[Municipality]:
    return list(
        session.exec(
            select(Municipality).where(Municipality.meeting_id == meeting.id).order_by(col(Municipality.position))
        )
    )


def get_municipality(*, session: Session, meeting: Meeting, municipality_id: int) -> Municipality:
    municipality = session.get(Municipality, municipality_id)
    if municipality is None or municipality.meeting_id != meeting.id:
        raise NotFound("Deze gemeente hoort niet bij deze bijeenkomst.")
    return municipality


def municipality_label(municipality: Municipality, mode: str) -> str:
    """The name shown for a municipality in the given privacy mode."""
    if mode == "named":
        return municipality.name
    return anonymous_label(municipality.position)


@dataclass(frozen=True)
class Attendance:
    municipality: Municipality
    participants: list[Participant]


def attendance(*, session: Session, meeting: Meeting) -> list[Attendance]:
    """Who has joined, per municipality (for the login screen and the minutes)."""
    people = session.exec(
        select(Participant).where(Participant.meeting_id == meeting.id).order_by(col(Participant.joined_at))
    )
    grouped: dict[int, list[Participant]] = {}
    for person in people:
        grouped.setdefault(person.municipality_id, []).append(person)
    return [Attendance(m, grouped.get(m.id or 0, [])) for m in municipalities_of(session=session, meeting=meeting)]


def links(meeting: Meeting, public_url: str) -> MeetingLinks:
    """The links handed out for a meeting (participants, facilitator, gespreksleider, projector)."""

    base = public_url.rstrip("/")
    return MeetingLinks(
        id=meeting.id or 0,
        region=meeting.region,
        join_code=meeting.join_code,
        join_url=f"{base}/j/{meeting.join_code}",
        qr_url=f"{base}/qr/{meeting.join_code}.svg",
        facilitator_url=f"{base}/f/{meeting.facilitator_token}",
        gespreksleider_url=f"{base}/g/{meeting.gespreksleider_token}",
        display_url=f"{base}/d/{meeting.display_token}",
        organiser_url=f"{base}/organisator/bijeenkomsten/{meeting.id}",
    )
