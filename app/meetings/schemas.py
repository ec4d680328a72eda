"""Input and output shapes for meetings and joining (validated, with limits)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from app.core.inputs import CLEAN, Count, Id
from app.core.redaction import MAX_TERMS_TEXT, check_terms
from app.core.times import DEFAULT_TIMEZONE, is_known_zone
from app.meetings.models import MAX_NAME

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME), CLEAN]
OptionalName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_NAME), CLEAN]
Key = Annotated[str, StringConstraints(max_length=64), CLEAN]  # a programme or question set in the catalog
HHMM = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
_HTTP_URL = TypeAdapter(HttpUrl)


def http_link(value: str) -> str:
    """`value` when it is an http(s) link a browser may open, else "" (a `javascript:` link never reaches a page)."""
    try:
        _HTTP_URL.validate_python(value)
    except ValidationError:
        return ""
    return value


def _http_or_empty(value: str) -> str:
    if value and not http_link(value):
        raise ValueError("moet een link zijn die begint met https:// of http:// (bijvoorbeeld https://zoom.us/j/123)")
    return value


# Kept as typed (pydantic's HttpUrl only checks it: it would add a trailing slash).
VideoLink = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=500), CLEAN, AfterValidator(_http_or_empty)
]
# The organiser's words to hide (one a line or comma-separated), checked and stored one a line.
HiddenTerms = Annotated[str, StringConstraints(max_length=MAX_TERMS_TEXT), CLEAN, AfterValidator(check_terms)]
PrivacyMode = Literal["named", "anonymised", "regional"]
ScanKind = Literal["nulmeting", "evaluatie", "toetsmoment"]
Role = Literal["", "beleid", "uitvoering", "veilig_thuis", "gi", "anders"]

MAX_MUNICIPALITIES = 60

ROLE_LABELS = {
    "beleid": "Beleid",
    "uitvoering": "Uitvoering",
    "veilig_thuis": "Veilig Thuis",
    "gi": "GI (gecertificeerde instelling)",
    "anders": "Anders",
}


class MeetingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    region: Name
    date: dt.date
    start_time: HHMM = "09:00"
    agenda_key: Key = "startbijeenkomst"
    question_set_key: Key = "kwaliteitskader-2021"
    # The earlier meeting whose municipalities this one takes over (the typed ones come after them).
    municipalities_from: Id | None = None
    # Required (at least one) unless `municipalities_from` is given.
    municipalities: list[Name] | None = Field(default=None, max_length=MAX_MUNICIPALITIES, validate_default=True)
    speakers: dict[Count, OptionalName] = Field(default_factory=dict)  # by block position (from 0)
    video_link: VideoLink = ""
    privacy_mode: PrivacyMode = "anonymised"
    hidden_terms: HiddenTerms = ""
    scan_kind: ScanKind = "nulmeting"
    # The meeting whose scan counts here: a follow-up's startbijeenkomst.
    scan_source_id: Id | None = None
    # The earlier scan to compare with (PDCA: an evaluatie or toetsmoment compares with its nulmeting).
    earlier_scan_id: Id | None = None
    timezone: Key = DEFAULT_TIMEZONE

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        if not is_known_zone(name):
            raise ValueError(f"onbekende tijdzone '{name}' (bijvoorbeeld Europe/Amsterdam)")
        return name

    @field_validator("municipalities")
    @classmethod
    def _unique(cls, names: list[str] | None, info: ValidationInfo) -> list[str]:
        taken_over = info.data.get("municipalities_from") is not None
        if names is None and not taken_over:
            raise PydanticCustomError("missing", "Field required")
        if not names and not taken_over:
            raise PydanticCustomError("too_short", "too short", {"min_length": 1, "actual_length": 0})
        names = names or []
        seen: set[str] = set()
        for name in names:
            if name.lower() in seen:
                raise ValueError(f"gemeente '{name}' staat er twee keer in")
            seen.add(name.lower())
        return names


class MeetingUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    region: Name | None = None
    date: dt.date | None = None
    start_time: HHMM | None = None
    video_link: VideoLink | None = None
    privacy_mode: PrivacyMode | None = None
    hidden_terms: HiddenTerms | None = None
    speakers: dict[Count, OptionalName] | None = None
    scan_kind: ScanKind | None = None
    scan_source_id: Id | None = None
    earlier_scan_id: Id | None = None


class MeetingLinks(BaseModel):
    id: int
    region: str
    join_code: str
    join_url: str
    qr_url: str
    facilitator_url: str
    gespreksleider_url: str
    display_url: str
    organiser_url: str


class FollowUpCreate(BaseModel):
    """The follow-up of a startbijeenkomst: everything else is carried over from it."""

    model_config = ConfigDict(extra="forbid")
    date: dt.date
    start_time: HHMM = "09:00"
    video_link: VideoLink = ""


class MunicipalityAdd(BaseModel):
    name: Name


class JoinRequest(BaseModel):
    municipality_id: Id
    name: OptionalName = ""
    role: Role = ""
