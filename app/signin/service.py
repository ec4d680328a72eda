"""Signing the organiser in and out: the secret is checked once, then a random session id in a cookie.

The cookie holds a random id (32 bytes), never the secret. The database keeps only an HMAC of that
id keyed with the secret the session was opened under, so a copy of the database opens no session,
and a new secret (rotated, or changed in the environment) ends every session by itself; rotation
also deletes the rows.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from sqlmodel import Session, col, delete, select

from app.core.attempts import AttemptLimiter, refuse_if_spent
from app.core.errors import Forbidden
from app.signin.models import OrganiserSession
from app.signin.secret import OrganiserSecret

TOO_MANY_SIGN_INS = "Te veel verkeerde sleutels vanaf dit adres. Wacht even en probeer het dan opnieuw."
WRONG_SECRET = "Deze sleutel klopt niet."


def _digest(key: str, token: str) -> str:
    return hmac.new(key.encode(), token.encode(), hashlib.sha256).hexdigest()


def check_secret(*, secret: OrganiserSecret, attempts: AttemptLimiter, client: str, supplied: str) -> None:
    """Refuse a spent address (429) before comparing, and a wrong secret (403, counted against the address)."""
    refuse_if_spent(attempts, client, TOO_MANY_SIGN_INS)
    if not secret.matches(supplied):
        attempts.failed(client)
        raise Forbidden(WRONG_SECRET)


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
    """Check the secret and open a session; returns the cookie's value (a new random id)."""
    check_secret(secret=secret, attempts=attempts, client=client, supplied=supplied)
    now = time.time() if now is None else now
    token = secrets.token_urlsafe(32)
    session.exec(delete(OrganiserSession).where(col(OrganiserSession.expires_at) <= now))
    session.add(
        OrganiserSession(token_hash=_digest(secret.current(), token), created_at=now, expires_at=now + hours * 3600)
    )
    session.commit()
    return token


def find_session(
    *, session: Session, secret: OrganiserSecret, token: str | None, now: float | None = None
) -> OrganiserSession | None:
    """The open session behind a cookie, or None (no cookie, signed out, expired, or another secret)."""
    if not token:
        return None
    now = time.time() if now is None else now
    return session.exec(
        select(OrganiserSession).where(
            OrganiserSession.token_hash == _digest(secret.current(), token), col(OrganiserSession.expires_at) > now
        )
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
