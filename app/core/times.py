"""Wall-clock time in a meeting's own zone: "now", HH:MM of an epoch, and the epoch of a planned HH:MM.

The clock stores epoch seconds (UTC); people read local times. Every conversion between the two
goes through here, so no screen or document depends on the server's TZ.
"""

from __future__ import annotations

import datetime as dt
import time
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Europe/Amsterdam"


class Zoned(Protocol):
    """Anything with a date and an IANA zone name (a Meeting)."""

    @property
    def timezone(self) -> str: ...

    @property
    def date(self) -> dt.date: ...


@lru_cache(maxsize=32)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def is_known_zone(name: str) -> bool:
    """Whether `name` is an IANA time zone this server knows (e.g. "Europe/Amsterdam")."""
    try:
        _zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone_of(meeting: Zoned | None) -> ZoneInfo:
    """The meeting's zone (Europe/Amsterdam when there is no meeting or its zone is unknown)."""
    name = (meeting.timezone if meeting is not None else "") or DEFAULT_TIMEZONE
    return _zone(name) if is_known_zone(name) else _zone(DEFAULT_TIMEZONE)


def now_local(meeting: Zoned | None = None, *, now: float | None = None) -> dt.datetime:
    """Now (or epoch `now`) as an aware datetime in the meeting's zone."""
    return dt.datetime.fromtimestamp(time.time() if now is None else now, zone_of(meeting))


def today_local(meeting: Zoned | None = None) -> dt.date:
    """Today's date in the meeting's zone (Europe/Amsterdam by default)."""
    return now_local(meeting).date()


def local_hhmm(epoch: float, meeting: Zoned | None = None) -> str:
    """HH:MM of epoch seconds in the meeting's zone."""
    return dt.datetime.fromtimestamp(epoch, zone_of(meeting)).strftime("%H:%M")


def planned_epoch(meeting: Zoned, hhmm: str) -> float:
    """Epoch seconds of HH:MM on the meeting's date, in the meeting's zone."""
    local = dt.datetime.combine(meeting.date, dt.time(int(hhmm[:2]), int(hhmm[3:5])), tzinfo=zone_of(meeting))
    return local.timestamp()
