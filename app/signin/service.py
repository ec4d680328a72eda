"""Signing organisers in and out: their key is checked once, then a random session id in a cookie.

The cookie holds a random id (32 bytes), never the secret. The database keeps only an HMAC of that
id keyed with the secret the session was opened under, so a copy of the database opens no session,
and a new secret (rotated, or changed in the environment) ends every session by itself; rotation
also deletes the rows. Each session names its organiser (app.signin.accounts); removing the
organiser deletes their sessions.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from sqlmodel import Session, col, delete, select

from app.core.attempts import AttemptLimiter, refuse_if_spent
from app.core.errors import Forbidden
from app.signin.accounts import identify
from app.signin.models import Organiser, OrganiserSession
from app.signin.secret import OrganiserSecret

TOO_MANY_SIGN_INS = "Te veel verkeerde sleutels vanaf dit adres. Wacht even en probeer het dan opnieuw."
WRONG_SECRET = "Deze sleutel klopt niet."


def _digest(key: str, token: str) -> str:
    return hmac.new(key.encode(), token.encode(), hashlib.sha256).hexdigest()


def check_key(
    *, session: Session, secret: OrganiserSecret, attempts: AttemptLimiter, client: str, supplied: str
) -> Organiser:
    """The organiser of a key (the instance secret or a personal key); a spent address is refused (429)
    before comparing, a wrong key is a 403 counted against the address."""
    refuse_if_spent(attempts, client, TOO_MANY_SIGN_INS)
    organiser = identify(session=session, secret=secret, supplied=supplied)
    if organiser is None:
        attempts.failed(client)
        raise Forbidden(WRONG_SECRET)
    return organiser


def sign_in(
    *,
    session: Session,
    secret: OrganiserSecret,
    attempts: AttemptLimiter,
    client: str,
    supplied: str,
    hours: float,
    now: float | None = None,
) -> str:
    """Check the key and open a session for its organiser; returns the cookie's value (a new random id)."""
    organiser = check_key(session=session, secret=secret, attempts=attempts, client=client, supplied=supplied)
    now = time.time() if now is None else now
    token = secrets.token_urlsafe(32)
    session.exec(delete(OrganiserSession).where(col(OrganiserSession.expires_at) <= now))
    session.add(
        OrganiserSession(
            token_hash=_digest(secret.current(), token),
            organiser_id=organiser.id or 0,
            created_at=now,
            expires_at=now + hours * 3600,
        )
    )
    session.commit()
    return token


def find_session(
    *, session: Session, secret: OrganiserSecret, token: str | None, now: float | None = None
) -> Organiser | None:
    """The organiser signed in behind a cookie, or None (no cookie, signed out, expired, removed, or another secret)."""
    if not token:
        return None
    now = time.time() if now is None else now
    return session.exec(
        select(Organiser)
        .join(OrganiserSession, col(OrganiserSession.organiser_id) == col(Organiser.id))
        .where(OrganiserSession.token_hash == _digest(secret.current(), token), col(OrganiserSession.expires_at) > now)
    ).first()


def sign_out(*, session: Session, secret: OrganiserSecret, token: str | None) -> None:
    """Delete the session behind a cookie (nothing happens when there is none)."""
    if token:
        session.exec(
            delete(OrganiserSession).where(col(OrganiserSession.token_hash) == _digest(secret.current(), token))
        )
        session.commit()


def end_all_sessions(*, session: Session) -> int:
    """Delete every organiser session (after a rotation); returns how many there were."""
    result = session.exec(delete(OrganiserSession))
    session.commit()
    return int(result.rowcount)
