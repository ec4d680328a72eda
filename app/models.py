"""Every table of the app, registered on SQLModel's metadata (for the schema, migrations and tests)."""

from __future__ import annotations

from sqlmodel import SQLModel


def register_tables() -> type[SQLModel]:
    """Import every concept's tables so `SQLModel.metadata` knows them all; returns the base class."""
    import app.followup.models  # noqa: F401
    import app.meetings.models  # noqa: F401
    import app.wheel.models  # noqa: F401
    import app.zelfscan.models  # noqa: F401

    return SQLModel
