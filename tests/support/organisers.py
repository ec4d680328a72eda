"""Organiser accounts for tests: add one (as an administrator would) and use its personal key."""

from __future__ import annotations

from sqlmodel import Session

from app.signin import accounts
from app.signin.models import Organiser


def add_organiser(session: Session, name: str, *, administrator: bool = False) -> tuple[Organiser, str]:
    """A new organiser and their personal key (shown once, as the page and the CLI do)."""
    return accounts.add_organiser(
        session=session, data=accounts.OrganiserCreate(name=name, administrator=administrator)
    )


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}
