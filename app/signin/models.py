"""Organiser accounts and their sign-in sessions: one row per organiser, one per signed-in browser."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, event, text
from sqlmodel import Field, SQLModel

# The instance's own key (ZELFSCAN_ORGANISER_SECRET or data/organiser-secret) signs in as this
# organiser: the first administrator, made by migration 0015, who owns every meeting made before
# there were accounts. It has no personal key and cannot be removed.
FIRST_ADMINISTRATOR = 1
MAX_NAME = 80


class Organiser(SQLModel, table=True):
    """A person who organises meetings: sees and exports only their own; an administrator also manages accounts."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=MAX_NAME)
    # The personal key is `<key_id>.<secret>`: `key_id` finds the row, `key_hash` (scrypt of the
    # whole key, salted, hex) checks it. Neither opens anything; the key itself is shown once.
    key_id: str | None = Field(default=None, unique=True, index=True, max_length=16)
    key_salt: str = Field(default="", max_length=32)
    key_hash: str = Field(default="", max_length=128)
    administrator: bool = False
    created_at: float = 0.0  # epoch seconds


FIRST_ADMINISTRATOR_ROW = {
    "id": FIRST_ADMINISTRATOR,
    "name": "Beheerder",
    "key_id": None,
    "key_salt": "",
    "key_hash": "",
    "administrator": True,
    "created_at": 0.0,
}


def add_first_administrator(table: Table, connection: Connection) -> None:
    """The first administrator's row (migration 0015 adds it to an existing database, this to a new one)."""
    connection.execute(table.insert().values(FIRST_ADMINISTRATOR_ROW))
    if connection.dialect.name == "postgresql":  # an explicit id leaves the sequence behind: move it on
        connection.execute(
            text("SELECT setval(pg_get_serial_sequence('organiser', 'id'), (SELECT max(id) FROM organiser))")
        )


@event.listens_for(Organiser.__table__, "after_create")  # type: ignore[attr-defined]
def _first_administrator_on_create(target: Table, connection: Connection, **_: Any) -> None:
    add_first_administrator(target, connection)


class OrganiserSession(SQLModel, table=True):
    __tablename__ = "organiser_session"

    id: int | None = Field(default=None, primary_key=True)
    # HMAC-SHA256 of the cookie's random session id, keyed with the organiser secret it was opened
    # under (hex): the database never holds a usable cookie, and a new secret ends every session.
    token_hash: str = Field(unique=True, index=True, max_length=64)
    # Who signed in; removing the organiser deletes their sessions.
    organiser_id: int = Field(default=FIRST_ADMINISTRATOR, foreign_key="organiser.id", index=True)
    created_at: float  # epoch seconds
    expires_at: float = Field(index=True)  # epoch seconds
