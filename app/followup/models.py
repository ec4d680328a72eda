"""Tables for the Rad van Fortuin, help calls and messages, agreements, theme groups and plans van aanpak.

Times are epoch seconds (float, UTC), as in app.models. Imported by the routes that use them, so
`SQLModel.metadata.create_all` sees them before the app serves.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

MAX_LINE = 500
MAX_TEXT = 4000
MAX_MESSAGE = 280


class HelpCall(SQLModel, table=True):
    """A room's call for the facilitator; at most one open call per room (`uq_helpcall_open`)."""

    __table_args__ = (
        Index(
            "uq_helpcall_open",
            "meeting_id",
            "municipality_id",
            unique=True,
            sqlite_where=text("cleared_at IS NULL"),
            postgresql_where=text("cleared_at IS NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id")
    at: float = 0.0
    cleared_at: float | None = None


class RoomMessage(SQLModel, table=True):
    """A short message from the facilitator to every room (municipality_id None) or one room."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    municipality_id: int | None = Field(default=None, foreign_key="municipality.id")
    text: str = Field(max_length=MAX_MESSAGE)
    at: float = 0.0


class Agreement(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    kind: str = "agreement"  # agreement | action
    what: str = Field(max_length=MAX_LINE)
    who: str = ""
    when: str = ""
    at: float = 0.0


class Theme(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    title: str = Field(max_length=MAX_LINE)
    standards: str = ""  # comma-separated standard numbers, e.g. "4,5"
    position: int = 0


class ThemeMember(SQLModel, table=True):
    """Which theme group a participant works in (one group per participant)."""

    __table_args__ = (UniqueConstraint("participant_id"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    theme_id: int = Field(foreign_key="theme.id", index=True)
    participant_id: int = Field(foreign_key="participant.id")


class ThemeAnswer(SQLModel, table=True):
    """A theme group's answers. `field_versions` lets writes to different fields merge (as RoomAnswer)."""

    __table_args__ = (UniqueConstraint("theme_id"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    theme_id: int = Field(foreign_key="theme.id")
    knelpunten: str = ""
    kansen: str = ""
    quick_win: str = ""
    scope: str = ""  # regionaal | lokaal | ""
    kosten: str = ""  # ja | nee | ""
    kosten_toelichting: str = ""
    version: int = 0
    # The version at which each field last changed (see app.core.versioning).
    field_versions: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: float = 0.0


class PlanRow(SQLModel, table=True):
    """One row of a municipality's plan van aanpak (Bijlage 5 layout); a scan question is drafted once."""

    __table_args__ = (UniqueConstraint("meeting_id", "municipality_id", "source_question", name="uq_planrow_draft"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    group: str  # 1-2 | 3-6 | 4-5-7-8 | 9 | 10
    maatregel: str = Field(max_length=MAX_TEXT)
    huidige_stand: str = ""
    verbeteractie: str = ""
    beoogd_resultaat: str = ""
    wie: str = ""
    planning: str = ""
    kosten: str = ""
    prioriteit: str = ""
    scope: str = "lokaal"  # lokaal | regionaal
    source_question: int | None = None
    position: int = 0
    version: int = 0
    # The version at which each field last changed (see app.core.versioning).
    field_versions: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: float = 0.0


class PlanText(SQLModel, table=True):
    """A municipality's plan van aanpak beyond its rows: Bijlage 5's inleiding, context and samenvatting.

    Co-edited like the rows: `field_versions` lets writes to different fields merge (app.core.versioning).
    """

    __table_args__ = (UniqueConstraint("meeting_id", "municipality_id", name="uq_plantext_municipality"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id")
    inleiding: str = Field(default="", max_length=MAX_TEXT)
    context: str = Field(default="", max_length=MAX_TEXT)
    samenvatting: str = Field(default="", max_length=MAX_TEXT)
    first_draft: bool = False  # the first draft's rows were added (once: deleted rows never come back)
    version: int = 0
    field_versions: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: float = 0.0
