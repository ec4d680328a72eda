"""Organiser accounts: personal keys (stored only as a salted scrypt hash), adding, listing and removing.

A personal key reads `<key_id>.<secret>`: the key id finds the account, scrypt of the whole key
checks it (constant-time comparison). The instance's own secret stays the key of the first
administrator. Removing an organiser hands their meetings to the administrator who removes them
(a region's results outlive one person's job and stay under the retention rules), and ends every
session they have open at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Annotated

from pydantic import BaseModel, StringConstraints
from sqlmodel import Session, col, delete, select, update

from app.core.errors import Conflict, NotFound
from app.core.inputs import CLEAN
from app.meetings.models import Meeting
from app.signin.models import FIRST_ADMINISTRATOR, MAX_NAME, Organiser, OrganiserSession
from app.signin.secret import OrganiserSecret

# 16 MiB and some tens of milliseconds per check: cheap for a sign-in, costly for a stolen table.
# (The keys are 24 random bytes anyway; the hash is there so a copy of the database opens nothing.)
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_UNUSED_SALT = "00" * 16

OrganiserName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME), CLEAN]


class OrganiserCreate(BaseModel):
    name: OrganiserName
    administrator: bool = False


class OrganiserPublic(BaseModel):
    id: int
    name: str
    administrator: bool
    meetings: int


class OrganiserCreated(OrganiserPublic):
    key: str  # shown this once; only its hash is stored


def hash_key(key: str, salt: str) -> str:
    """Salted scrypt of a personal key (hex)."""
    digest = hashlib.scrypt(key.encode(), salt=bytes.fromhex(salt), n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return digest.hex()


def identify(*, session: Session, secret: OrganiserSecret, supplied: str) -> Organiser | None:
    """The organiser whose key `supplied` is (the instance secret: the first administrator), or None."""
    if secret.matches(supplied):
        return session.get(Organiser, FIRST_ADMINISTRATOR)
    key_id, dot, rest = supplied.partition(".")
    if not (dot and key_id and rest) or len(supplied) > 200:
        return None
    organiser = session.exec(select(Organiser).where(Organiser.key_id == key_id)).first()
    if organiser is None or not organiser.key_hash:
        hash_key(supplied, _UNUSED_SALT)  # the same work either way: the answer's time tells nothing
        return None
    if not hmac.compare_digest(hash_key(supplied, organiser.key_salt), organiser.key_hash):
        return None
    return organiser


def add_organiser(*, session: Session, data: OrganiserCreate, now: float | None = None) -> tuple[Organiser, str]:
    """Create an account; returns it with its personal key, which is stored only as a hash."""
    key_id = secrets.token_hex(6)
    key = f"{key_id}.{secrets.token_urlsafe(24)}"
    salt = secrets.token_hex(16)
    organiser = Organiser(
        name=data.name,
        administrator=data.administrator,
        key_id=key_id,
        key_salt=salt,
        key_hash=hash_key(key, salt),
        created_at=time.time() if now is None else now,
    )
    session.add(organiser)
    session.commit()
    session.refresh(organiser)
    return organiser, key


def meeting_counts(*, session: Session) -> dict[int, int]:
    """How many real meetings each organiser owns (oefenversies not counted)."""
    rows = session.exec(select(Meeting.organiser_id, Meeting.id).where(col(Meeting.rehearsal_of).is_(None))).all()
    counts: dict[int, int] = {}
    for organiser_id, _ in rows:
        counts[organiser_id] = counts.get(organiser_id, 0) + 1
    return counts


def list_organisers(*, session: Session) -> list[OrganiserPublic]:
    """Every account, oldest first, with how many meetings it owns."""
    counts = meeting_counts(session=session)
    return [
        OrganiserPublic(id=o.id or 0, name=o.name, administrator=o.administrator, meetings=counts.get(o.id or 0, 0))
        for o in session.exec(select(Organiser).order_by(col(Organiser.id)))
    ]


def public(*, organiser: Organiser, key: str) -> OrganiserCreated:
    """A new account as the API shows it, once, with its key."""
    return OrganiserCreated(
        id=organiser.id or 0, name=organiser.name, administrator=organiser.administrator, meetings=0, key=key
    )


def remove_organiser(*, session: Session, organiser_id: int, heir_id: int) -> tuple[Organiser, int]:
    """Remove an account: its meetings go to `heir_id` (the removing administrator), its sessions end now.

    Returns the removed organiser and how many meetings were handed over. The first administrator
    (the instance's own key) and the administrator removing are refused.
    """
    organiser = session.get(Organiser, organiser_id)
    if organiser is None:
        raise NotFound(f"Organisator {organiser_id} bestaat niet.")
    if organiser_id == FIRST_ADMINISTRATOR:
        raise Conflict("De eerste beheerder (de sleutel van deze installatie) kan niet verwijderd worden.")
    if organiser_id == heir_id:
        raise Conflict("Je kunt jezelf niet verwijderen: laat een andere beheerder dat doen.")
    moved = meeting_counts(session=session).get(organiser_id, 0)
    session.exec(update(Meeting).where(col(Meeting.organiser_id) == organiser_id).values(organiser_id=heir_id))
    session.exec(delete(OrganiserSession).where(col(OrganiserSession.organiser_id) == organiser_id))
    session.delete(organiser)
    session.commit()
    return organiser, moved
