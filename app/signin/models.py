"""The organiser's sign-in sessions: one row per signed-in browser, until it signs out or expires."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class OrganiserSession(SQLModel, table=True):
    __tablename__ = "organiser_session"

    id: int | None = Field(default=None, primary_key=True)
    # HMAC-SHA256 of the cookie's random session id, keyed with the organiser secret it was opened
    # under (hex): the database never holds a usable cookie, and a new secret ends every session.
    token_hash: str = Field(unique=True, index=True, max_length=64)
    created_at: float  # epoch seconds
    expires_at: float = Field(index=True)  # epoch seconds
