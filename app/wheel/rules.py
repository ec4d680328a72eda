"""The Rad van Fortuin, pure: drawing a question fairly and where the wheel lands.

No database, no FastAPI: the random source is passed in (`secrets.SystemRandom()` in the app, a
seeded `random.Random` in tests), so a draw is testable without a server.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

# The segments' colours, in turn; each carries white bold digits at >= 4.5:1 (WCAG 1.4.3).
SEGMENT_COLOURS = ("#1f5fa8", "#a85400", "#2e8540", "#c0392b", "#6c3483", "#117a8b")


class RandomSource(Protocol):
    def randrange(self, stop: int, /) -> int: ...


class Slot(Protocol):
    @property
    def id(self) -> int | None: ...
    @property
    def removed(self) -> bool: ...


S = TypeVar("S", bound=Slot)


class EmptyWheel(Exception):
    """Nothing left on the wheel to draw."""


BASE_TURNS = 5  # full turns before landing, so every spin visibly spins
SPIN_SECONDS = 4.0  # how long the wheel turns; every screen reveals the question when it stops


def lands_at(drawn_at: float) -> float:
    """When a spin drawn at `drawn_at` (server time) stops: the moment every screen shows its question."""
    return drawn_at + SPIN_SECONDS


def has_landed(drawn_at: float, now: float) -> bool:
    """Whether the spin has stopped at `now`; before that no screen may show the drawn question."""
    return now >= lands_at(drawn_at)


def on_wheel(slots: Sequence[S]) -> list[S]:
    """The questions still on the wheel, in wheel order."""
    return [s for s in slots if not s.removed]


def draw(slots: Sequence[S], rng: RandomSource) -> S:
    """One question still on the wheel, each with equal chance; EmptyWheel when none is left."""
    present = on_wheel(slots)
    if not present:
        raise EmptyWheel("Het rad is leeg.")
    return present[rng.randrange(len(present))]


def remove(slots: Sequence[S], slot_id: int) -> list[S]:
    """The wheel without `slot_id` (the slots still on the wheel)."""
    return [s for s in on_wheel(slots) if s.id != slot_id]


def segment_angle(count: int) -> float:
    if count <= 0:
        raise ValueError("a wheel needs at least one segment")
    return 360.0 / count


def landing_rotation(index: int, count: int, spin_number: int) -> float:
    """Clockwise rotation (degrees) that brings segment `index`'s centre under the pointer at the top.

    Segment i spans [i·a, (i+1)·a) clockwise from the top. Deterministic from the spin's data, so
    every screen animates the same spin to the same place.
    """
    if not 0 <= index < count:
        raise ValueError(f"segment {index} is not on a wheel of {count}")
    a = segment_angle(count)
    turns = BASE_TURNS + spin_number % 3
    return round(turns * 360.0 - (index + 0.5) * a, 3)


def segment_at_pointer(rotation: float, count: int) -> int:
    """Which segment sits under the pointer after rotating clockwise by `rotation` degrees."""
    a = segment_angle(count)
    return int(((-rotation) % 360.0) // a)
