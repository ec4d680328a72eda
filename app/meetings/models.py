"""Tables of a meeting: its programme blocks, municipalities and participants. Nothing lives only in memory.

Times are epoch seconds (float, UTC) so the clock arithmetic is the same everywhere.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.signin.models import FIRST_ADMINISTRATOR

MAX_NAME = 80
MAX_TEXT = 4000
MAX_HIDDEN_TERMS = 2000  # app.core.redaction.MAX_TERMS_TEXT


class Meeting(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("rehearsal_of", name="uq_meeting_rehearsal_of"),)
    id: int | None = Field(default=None, primary_key=True)
    agenda_key: str = Field(index=True)
    question_set_key: str
    question_set_version: int
    region: str = Field(max_length=MAX_NAME)
    date: dt.date
    start_time: str = "09:00"  # HH:MM, local time in `timezone`
    timezone: str = Field(default="Europe/Amsterdam", max_length=64)  # IANA zone of every local time shown
    video_link: str = ""
    privacy_mode: str = "anonymised"  # named | anonymised | regional
    # Words the organiser hides in every redacted screen and file (a wethouder's name, a street), one a line.
    hidden_terms: str = Field(default="", max_length=MAX_HIDDEN_TERMS)
    scan_kind: str = "nulmeting"  # nulmeting | evaluatie | toetsmoment
    join_code: str = Field(unique=True, index=True)
    facilitator_token: str = Field(unique=True, index=True)
    gespreksleider_token: str = Field(unique=True, index=True)
    display_token: str = Field(unique=True, index=True)
    # Clock: index of the current block (None: not started), and whether the day is over.
    current_block: int | None = None
    finished: bool = False
    # Results stay off the projector until the facilitator shows them.
    results_visible: bool = False
    # Plenaire terugkoppeling: which theme group (0-based, in the themes' order) the projector shows.
    feedback_position: int = 0
    # Results as pages on the projector: the page every projected screen shows (app.zelfscan.pages; "" the first).
    result_page: str = Field(default="", max_length=40)
    # Two links to other meetings, one meaning each (see app.zelfscan.results.scan_links):
    # a follow-up takes its results from its startbijeenkomst; a scan compares with an earlier scan.
    scan_source_id: int | None = Field(default=None, foreign_key="meeting.id")
    earlier_scan_id: int | None = Field(default=None, foreign_key="meeting.id")
    # Proefdraaien: an oefenversie (rehearsal copy) names the real meeting it rehearses; at most one per
    # meeting. Rehearsal data lives only in the copy, so it never shares a meeting_id with real data
    # (see app.meetings.rehearsal_copy).
    rehearsal_of: int | None = Field(default=None, foreign_key="meeting.id")
    created_at: float = 0.0
    # The organiser who owns the meeting: only they see, change and export it (app.core.deps).
    organiser_id: int = Field(default=FIRST_ADMINISTRATOR, foreign_key="organiser.id", index=True)


class MeetingBlock(SQLModel, table=True):
    """One block of a meeting's programme, with its timer (see app.clock.rules)."""

    __table_args__ = (UniqueConstraint("meeting_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    position: int
    kind: str
    title: str
    description: str = ""
    speaker: str = ""  # filled placeholder, e.g. "Jan Jansen, wethouder"
    planned_start: str  # HH:MM as in the agenda (shifted by the meeting's start time)
    planned_seconds: int
    groups: str | None = None  # per_municipality | mixed_themes
    work: str | None = None  # zelfscan | themes | plan_van_aanpak
    first_question: int | None = None
    last_question: int | None = None
    results: bool = False
    wheel: bool = False
    extra_seconds: int = 0
    elapsed_seconds: float = 0.0
    running_since: float | None = None
    actual_start: float | None = None
    actual_end: float | None = None


class Municipality(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("meeting_id", "name"),
        UniqueConstraint("meeting_id", "position", name="uq_municipality_position"),
    )
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    name: str = Field(max_length=MAX_NAME)
    position: int  # order of adding; gives the anonymous letter


class Participant(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    token: str = Field(unique=True, index=True)
    name: str = Field(default="", max_length=MAX_NAME)
    role: str = ""  # beleid | uitvoering | veilig_thuis | gi | anders | ""
    simulated: bool = False
    joined_at: float = 0.0


class RehearsalJob(SQLModel, table=True):
    """A proefdraaien run (simulated participants in an oefenversie) that any worker may pick up and stop.

    `meeting_id` is the real meeting (deleting it deletes its jobs); `rehearsal_id` its oefenversie.
    A worker claims a job by setting `worker` (a conditional UPDATE: one worker wins) and renews
    `heartbeat` while it runs; a job whose heartbeat is old (its worker died) is claimed again.
    `stop_requested` (from any worker's request) stops it at the next heartbeat. See app.meetings.rehearsal_jobs.
    """

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    rehearsal_id: int  # the oefenversie (no foreign key: removing it leaves the job to be stopped)
    per_municipality: int
    minutes: float
    base_url: str = Field(max_length=500)  # where the simulated participants reach the app
    created_at: float
    worker: str | None = Field(default=None, max_length=120)
    heartbeat: float | None = None
    stop_requested: bool = False
    finished: bool = False
