"""Tables of the zelfscan: a room's agreed answers, each member's own view, and every change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


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
