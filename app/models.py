"""Tables. Everything that matters lives here, nothing only in memory: a restart loses nothing.

Times are epoch seconds (float, UTC) so the clock arithmetic is the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

MAX_NAME = 80
MAX_TEXT = 4000


class Meeting(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    agenda_key: str = Field(index=True)
    question_set_key: str
    question_set_version: int
    region: str = Field(max_length=MAX_NAME)
    date: dt.date
    start_time: str = "09:00"  # HH:MM, local time (Europe/Amsterdam)
    video_link: str = ""
    privacy_mode: str = "anonymised"  # named | anonymised | regional
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
    previous_meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    created_at: float = 0.0


class MeetingBlock(SQLModel, table=True):
    """One block of a meeting's programme, with its timer (see app.domain.clock)."""

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
    __table_args__ = (UniqueConstraint("meeting_id", "name"),)
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


class RoomAnswer(SQLModel, table=True):
    """The room's agreed answer to one question. `version` guards against lost updates."""

    __table_args__ = (UniqueConstraint("municipality_id", "question"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    question: int
    status: str = "open"
    toelichting: str = ""
    nuancering: str = ""
    checklist: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    version: int = 0
    # The answer version at which each field last changed: lets changes to different fields merge.
    field_versions: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: float = 0.0
    updated_by: int | None = Field(default=None, foreign_key="participant.id")


class ParticipantView(SQLModel, table=True):
    """One participant's own view on a question (op orde / niet op orde)."""

    __table_args__ = (UniqueConstraint("participant_id", "question"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    question: int
    status: str = "open"
    updated_at: float = 0.0


class AnswerChange(SQLModel, table=True):
    """Every change of an answer or view, with who and when (the audit trail)."""

    __table_args__ = (Index("ix_answerchange_room", "municipality_id", "question"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id")
    question: int
    participant_id: int | None = Field(default=None, foreign_key="participant.id")
    field: str  # status | toelichting | nuancering | checklist | view
    old: Any = Field(default=None, sa_column=Column(JSON))
    new: Any = Field(default=None, sa_column=Column(JSON))
    at: float = 0.0
