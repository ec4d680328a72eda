"""Input shapes of the zelfscan answers (validated, with limits)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, StringConstraints

from app.core.inputs import CLEAN, Count
from app.meetings.models import MAX_TEXT

Text = Annotated[str, StringConstraints(max_length=MAX_TEXT), CLEAN]
Status = Literal["open", "op_orde", "niet_op_orde"]


class ViewChange(BaseModel):
    status: Status


class AnswerChangeRequest(BaseModel):
    """One field of the room's answer; `base_version` is the version the change was made on."""

    base_version: Count
    status: Status | None = None
    toelichting: Text | None = None
    nuancering: Text | None = None
    checklist: list[Annotated[str, StringConstraints(max_length=2), CLEAN]] | None = None
