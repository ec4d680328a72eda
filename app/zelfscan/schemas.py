"""Input shapes of the zelfscan answers (validated, with limits)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from app.meetings.models import MAX_TEXT

Text = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
Status = Literal["open", "op_orde", "niet_op_orde"]


class ViewChange(BaseModel):
    status: Status


class AnswerChangeRequest(BaseModel):
    """One field of the room's answer; `base_version` is the version the change was made on."""

    base_version: int = Field(ge=0)
    status: Status | None = None
    toelichting: Text | None = None
    nuancering: Text | None = None
    checklist: list[Annotated[str, StringConstraints(max_length=2)]] | None = None
