"""Deleting personal data: a meeting with everything in it, and the retention that does so by date.

Every table that holds a meeting's data carries `meeting_id` (a test checks that every table
referring to a meeting's rows does), so deleting a meeting is one DELETE per such table, children
first, then the meeting itself — in one transaction. Other meetings that linked to it (took their
results from it, or compared with it) keep their own data and lose only that link. A meeting's
oefenversie (rehearsal copy) goes with it.

Retention (`ZELFSCAN_RETENTION_DAYS`, `ZELFSCAN_ANONYMISE_NAMES_DAYS`) runs at start and once a
day: meetings whose date lies more than N days back are deleted; participants' names are blanked
earlier if set. `today` is an argument, so tests need no clock.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy import Engine, Table, delete, func, select, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col
from starlette.concurrency import run_in_threadpool

from app.core.db import begin_write
from app.core.times import today_local
from app.meetings.models import Meeting, Participant
from app.models import register_tables

log = logging.getLogger("zelfscan.retention")
RETENTION_INTERVAL_SECONDS = 24 * 3600

# What the confirmation page calls the rows it counts (other tables are counted as "overige gegevens").
TABLE_LABELS = {
    "municipality": "gemeenten",
    "participant": "deelnemers",
    "participantview": "eigen meningen",
    "roomanswer": "antwoorden van de kamers",
    "answerchange": "wijzigingen van antwoorden",
    "theme": "thema's",
    "themeanswer": "antwoorden van themagroepen",
    "planrow": "rijen van plannen van aanpak",
    "agreement": "afspraken en actiepunten",
    "wheelnote": "notities bij het Rad van Fortuin",
    "roommessage": "berichten aan de kamers",
}


def meeting_tables() -> list[Table]:
    """Every table holding a meeting's rows (a `meeting_id` column), children before their parents."""
    metadata = register_tables().metadata
    return [table for table in reversed(metadata.sorted_tables) if "meeting_id" in table.c]


def rehearsal_copy_id(session: Session, meeting_id: int) -> int | None:
    """The id of the meeting's oefenversie, if it has one."""
    found: int | None = session.execute(
        select(Meeting.id).where(col(Meeting.rehearsal_of) == meeting_id)  # type: ignore[call-overload]
    ).scalar()
    return found


@dataclass(frozen=True)
class Contents:
    """What deleting a meeting takes with it (for the confirmation page)."""

    counts: list[tuple[str, int]]  # Dutch label, rows
    linked: list[Meeting]  # other meetings that take their results from it or compare with it
    rehearsal: bool  # whether an oefenversie goes with it


def contents(*, session: Session, meeting: Meeting) -> Contents:
    """Count what a delete would remove, and which other meetings would lose their link to it."""
    copy = rehearsal_copy_id(session, meeting.id or 0)
    totals: dict[str, int] = {}
    for table in meeting_tables():
        rows = session.execute(
            select(func.count()).select_from(table).where(table.c.meeting_id == meeting.id)
        ).scalar_one()
        label = TABLE_LABELS.get(table.name, "overige gegevens")
        totals[label] = totals.get(label, 0) + rows
    linked = session.execute(
        select(Meeting).where(
            col(Meeting.rehearsal_of).is_(None),
            col(Meeting.id) != meeting.id,
            (col(Meeting.scan_source_id) == meeting.id) | (col(Meeting.earlier_scan_id) == meeting.id),
        )
    ).scalars()
    return Contents(
        counts=[(label, rows) for label, rows in totals.items() if rows],
        linked=list(linked),
        rehearsal=copy is not None,
    )


def delete_meeting(*, session: Session, meeting_id: int) -> int:
    """Delete a meeting, its oefenversie and every row they hold; returns the number of rows deleted."""
    begin_write(session)
    gone = [meeting_id]
    copy = rehearsal_copy_id(session, meeting_id)
    if copy is not None:
        gone.insert(0, copy)
    deleted = sum(_delete_one(session, one) for one in gone)
    session.commit()
    for instance in list(session.identity_map.values()):  # objects of the deleted rows must not be used again
        owner = instance.id if isinstance(instance, Meeting) else getattr(instance, "meeting_id", None)
        if owner in gone:
            session.expunge(instance)
    return deleted


def _delete_one(session: Session, meeting_id: int) -> int:
    deleted = 0
    meeting = register_tables().metadata.tables["meeting"]
    for link in ("scan_source_id", "earlier_scan_id"):
        session.execute(update(meeting).where(meeting.c[link] == meeting_id).values({link: None}))
    for table in meeting_tables():
        deleted += _rowcount(session.execute(delete(table).where(table.c.meeting_id == meeting_id)))
    return deleted + _rowcount(session.execute(delete(meeting).where(meeting.c.id == meeting_id)))


def _rowcount(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def purge_date(meeting_date: dt.date, retention_days: int) -> dt.date | None:
    """The first day on which retention deletes a meeting of `meeting_date` (None: retention is off)."""
    return meeting_date + dt.timedelta(days=retention_days + 1) if retention_days else None


@dataclass
class RetentionReport:
    deleted: list[int] = field(default_factory=list)  # ids of the meetings deleted
    anonymised: int = 0  # participants whose name was blanked


def apply_retention(
    *, session: Session, today: dt.date, retention_days: int, anonymise_names_days: int
) -> RetentionReport:
    """Delete the meetings more than `retention_days` past their date; blank names after `anonymise_names_days`.

    0 switches either off. Rehearsal copies are judged by their own date (the real meeting's), and
    go with their meeting in any case. Repeating it changes nothing.
    """
    report = RetentionReport()
    if retention_days:
        cutoff = today - dt.timedelta(days=retention_days)
        expired = session.execute(
            select(Meeting.id)  # type: ignore[call-overload]
            .where(col(Meeting.date) < cutoff)
            .order_by(col(Meeting.rehearsal_of).is_(None), col(Meeting.id))
        ).scalars()
        for meeting_id in list(expired):
            if session.get(Meeting, meeting_id) is not None:  # not gone already with its real meeting
                delete_meeting(session=session, meeting_id=meeting_id)
                report.deleted.append(meeting_id)
    if anonymise_names_days:
        cutoff = today - dt.timedelta(days=anonymise_names_days)
        old_meetings = select(Meeting.id).where(col(Meeting.date) < cutoff)  # type: ignore[call-overload]
        result = session.execute(
            update(Participant)
            .where(col(Participant.meeting_id).in_(old_meetings), col(Participant.name) != "")
            .values(name="")
            .execution_options(synchronize_session=False)
        )
        report.anonymised = _rowcount(result)
        session.commit()
    return report


def run_retention(
    engine: Engine, *, retention_days: int, anonymise_names_days: int, today: dt.date | None = None
) -> RetentionReport:
    """One retention pass on its own session (logged); a disk that refuses the write is logged, not raised."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            report = apply_retention(
                session=session,
                today=today or today_local(),
                retention_days=retention_days,
                anonymise_names_days=anonymise_names_days,
            )
        except DBAPIError as exc:
            log.warning("Bewaartermijn niet toegepast / retention not applied: %s", exc.orig)
            return RetentionReport()
    if report.deleted or report.anonymised:
        log.info(
            "Bewaartermijn: %d bijeenkomst(en) verwijderd, %d naam/namen weggehaald.",
            len(report.deleted),
            report.anonymised,
        )
    return report


async def retention_loop(engine: Engine, *, retention_days: int, anonymise_names_days: int) -> None:
    """Apply the retention once a day, until cancelled (the app's lifespan applies it once at start, then runs this)."""
    while True:
        await asyncio.sleep(RETENTION_INTERVAL_SECONDS)
        await run_in_threadpool(
            run_retention, engine, retention_days=retention_days, anonymise_names_days=anonymise_names_days
        )
