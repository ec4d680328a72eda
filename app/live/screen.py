"""What a live screen is: who connects, the channels it listens to and how it renders a batch of events.

Each concept declares its screens as factories (`ScreenFactory`) next to its partials; the one table
in `app.live.sockets` maps every websocket path to its factory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session

from app.catalog.loader import Catalog
from app.core.config import Settings
from app.core.deps import participant_cookie
from app.live.frames import Frames
from app.live.hub import Event
from app.meetings import participants
from app.meetings import service as meetings
from app.meetings.models import Meeting, Participant


@dataclass(frozen=True)
class Connection:
    """Who connects (the path's one parameter and the cookies) and what the app holds for rendering."""

    link: str  # a link's token or a join code
    cookies: Mapping[str, str]
    engine: Engine
    catalog: Catalog
    settings: Settings
    frames: Frames


@dataclass(frozen=True)
class Personal:
    """A push the same for every member but for a small piece of its own (say a phone's own views).

    Every member is sent `html` followed by its screen's `own(context)`: a few bytes made from what
    the push already read (`context`), without a database read or a template render per member.
    """

    html: str
    context: object


Push = str | list[str] | Personal | None
"""What an audience's push renders: one message, several (sent in order), one with a piece of each
member's own (`Personal`), or None (each member renders its own screen)."""


@dataclass(frozen=True)
class Audience:
    """Screens that show the same thing after a change: the change is rendered once for all of them.

    `key` names the audience (say a room, or a meeting's projector dashboards); every screen with the
    same key in this process shares one subscription and one render per batch of events, and each
    member is sent the very same strings. `push` renders a batch for everyone, or returns None when
    the batch needs each member's own screen (a block change: names and own views differ); then
    every member runs its own `Screen.render` of that batch (its reads shared, app/live/frames.py).
    `interval` is the least time between two pushes: events arriving meanwhile are coalesced.
    `diffs` says `push` sends only what changed since its previous push; a member that joins or
    resyncs then makes the next push a full one.
    """

    key: tuple[object, ...]
    push: Callable[[list[Event]], Push]
    interval: float = 0.0
    diffs: bool = False


@dataclass(frozen=True)
class Screen:
    """The channels a connected screen listens to, and its render of a batch of events (resync: everything).

    With an `audience`, `render` is used for this screen's first render, its resyncs and the pushes the
    audience leaves to each member (push None); the other pushes come from the audience, rendered once for
    every screen in it. `own` makes this screen's
    small piece of a `Personal` push from the push's context (no reads, no templates).
    """

    channels: tuple[str, ...]
    render: Callable[[list[Event]], str]
    audience: Audience | None = None
    own: Callable[[object], str] | None = None


ScreenFactory = Callable[[Session, Connection], Screen]
"""Identifies who connects (raising a `ServiceError` when not allowed) and returns their screen.

The session is for identifying only: it closes when the factory returns, and `render` opens its own.
"""


def fresh_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise RuntimeError(f"meeting {meeting_id} disappeared while screens were connected")
    return meeting


def identify_participant(session: Session, connection: Connection) -> tuple[Meeting, Participant]:
    """The meeting and participant behind a phone's socket; its join code must still be open."""
    meeting = meetings.by_join_code(session=session, code=connection.link)
    meetings.check_join_code_open(meeting=meeting, days=connection.settings.join_code_days)
    cookies = connection.cookies
    return meeting, participants.by_token(
        session=session, meeting=meeting, token=cookies.get(participant_cookie(meeting))
    )
