"""Tables of the Rad van Fortuin: its questions, spins and the gespreksleider's notes."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.followup.models import MAX_LINE


class WheelQuestion(SQLModel, table=True):
    """One question on a meeting's wheel; `removed` takes it off without losing its notes."""

    __table_args__ = (UniqueConstraint("meeting_id", "position", name="uq_wheelquestion_position"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    text: str = Field(max_length=MAX_LINE)
    position: int
    removed: bool = False


class WheelSpin(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    question_id: int = Field(foreign_key="wheelquestion.id")
    block_position: int | None = None  # the programme block during which it was spun
    drawn_at: float = 0.0
    by: str = ""  # gespreksleider | facilitator


class WheelNote(SQLModel, table=True):
    """What was said about a drawn question (for the minutes)."""

    __table_args__ = (UniqueConstraint("question_id"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    question_id: int = Field(foreign_key="wheelquestion.id")
    text: str = ""
    updated_at: float = 0.0
