"""Every table of the app, registered on SQLModel's metadata (for the schema, migrations and tests)."""

from __future__ import annotations

from sqlmodel import SQLModel


def register_tables() -> type[SQLModel]:
    """Import every concept's tables so `SQLModel.metadata` knows them all; returns the base class."""
    import app.followup.models
    import app.meetings.models
    import app.signin.models
    import app.wheel.models
    import app.zelfscan.models  # noqa: F401

    return SQLModel
