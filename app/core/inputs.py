"""What may come in at the door: bounded integers and clean text (body sizes: app.core.limits).

Every schema and form uses these, so a hostile value is refused with a Dutch 422 before any
service or the database sees it (an integer past 2**63 or a lone surrogate used to give a 500):

- `Id` for database ids (path, query, form and JSON alike), `Count` for versions and positions;
- `CLEAN` as the last annotation of every text field: carriage returns become newlines, and
  control characters (other than newline and tab) are refused. Lone surrogates (JSON can carry
  "\\ud800") pydantic refuses itself for every str; messages.py words that in Dutch too.

    Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80), CLEAN]
    text: Annotated[str, Form(max_length=500), CLEAN]
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import Field, GetCoreSchemaHandler, TypeAdapter
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

MAX_ID = 2**31 - 1  # the largest id any database we run on (SQLite, PostgreSQL integer) can hold

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=MAX_ID)]  # versions and 0-based positions

# Control characters (C0 and C1, DEL) except tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _normalise_newlines(value: object) -> object:
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _refuse_hidden_characters(value: str) -> str:
    if found := _CONTROL.search(value):
        raise PydanticCustomError(
            "text_control_character",
            "bevat een onzichtbaar stuurteken ({character}); haal het weg en probeer het opnieuw",
            {"character": f"U+{ord(found.group()):04X}"},
        )
    return value


class _CleanText:
    """Annotation: newlines normalised before the other checks, hidden characters refused after them."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        checked = core_schema.no_info_after_validator_function(_refuse_hidden_characters, handler(source))
        return core_schema.no_info_before_validator_function(_normalise_newlines, checked)

    def __repr__(self) -> str:
        return "CLEAN"


CLEAN = _CleanText()
Text = Annotated[str, CLEAN]

_text_fields: TypeAdapter[dict[str, str]] = TypeAdapter(dict[Text, Text])


def clean_fields(fields: dict[str, str]) -> dict[str, str]:
    """A form's raw text fields through the same check (a ValidationError becomes the Dutch 422)."""
    return _text_fields.validate_python(fields)
