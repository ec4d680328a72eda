"""The programme clock: pure functions over block timers, in the style of OpenSlides' countdowns.

A countdown is data (planned seconds, extensions, elapsed time, `running_since`), changed by
actions that take `now` (epoch seconds) as an argument. Nothing ticks on the server; every screen
computes the time left from the same data, so all screens agree and a restart loses nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

EXTEND_SECONDS = 5 * 60


class BlockTimer(Protocol):
    planned_seconds: int
    extra_seconds: int
    elapsed_seconds: float
    running_since: float | None
    actual_start: float | None
    actual_end: float | None


class ClockError(RuntimeError):
    """An action that does not fit the clock's state (e.g. pausing a paused block)."""


def elapsed(timer: BlockTimer, now: float) -> float:
    """Seconds the block has been running, pauses excluded."""
    running = now - timer.running_since if timer.running_since is not None else 0.0
    return timer.elapsed_seconds + max(0.0, running)


def remaining(timer: BlockTimer, now: float) -> float:
    """Seconds left; negative when the block runs over."""
    return timer.planned_seconds + timer.extra_seconds - elapsed(timer, now)


def is_running(timer: BlockTimer) -> bool:
    return timer.running_since is not None


def start_block(timer: BlockTimer, now: float) -> None:
    if timer.actual_start is None:
        timer.actual_start = now
    timer.actual_end = None
    if timer.running_since is None:
        timer.running_since = now


def pause(timer: BlockTimer, now: float) -> None:
    if timer.running_since is None:
        raise ClockError("het blok is al gepauzeerd")
    timer.elapsed_seconds = elapsed(timer, now)
    timer.running_since = None


def resume(timer: BlockTimer, now: float) -> None:
    if timer.running_since is not None:
        raise ClockError("het blok loopt al")
    timer.running_since = now


def extend(timer: BlockTimer, seconds: int = EXTEND_SECONDS) -> None:
    timer.extra_seconds += seconds


def finish_block(timer: BlockTimer, now: float) -> None:
    timer.elapsed_seconds = elapsed(timer, now)
    timer.running_since = None
    timer.actual_end = now


def advance(timers: Sequence[BlockTimer], current: int | None, now: float) -> int | None:
    """Close the current block and start the next; returns the new current index (None at the end)."""
    if current is not None:
        finish_block(timers[current], now)
    following = 0 if current is None else current + 1
    if following >= len(timers):
        return None
    start_block(timers[following], now)
    return following


@dataclass(frozen=True)
class Slot:
    """A block's place in the day: planned and projected (or actual) start and end."""

    planned_start: float
    planned_end: float
    start: float
    end: float
    state: str  # "done", "current" or "upcoming"


def schedule(
    timers: Sequence[BlockTimer],
    planned_starts: Sequence[float],
    current: int | None,
    now: float,
    finished: bool = False,
) -> list[Slot]:
    """Planned versus actual/projected times: when a block runs over, the rest of the day shifts."""
    slots: list[Slot] = []
    cursor: float | None = None
    for index, timer in enumerate(timers):
        planned_start = planned_starts[index]
        planned_end = planned_start + timer.planned_seconds
        if timer.actual_end is not None and index != current:
            state = "done"
            start = timer.actual_start if timer.actual_start is not None else timer.actual_end
            end = timer.actual_end
        elif index == current and not finished:
            state = "current"
            start = timer.actual_start if timer.actual_start is not None else now
            end = now + max(0.0, remaining(timer, now))
        else:
            state = "upcoming"
            # Keep a planned gap between blocks (e.g. a lunch) when the day shifts.
            gap = (
                max(0.0, planned_start - (planned_starts[index - 1] + timers[index - 1].planned_seconds))
                if index
                else 0.0
            )
            start = planned_start if cursor is None else cursor + gap
            end = start + timer.planned_seconds + timer.extra_seconds
        cursor = end if state != "done" or cursor is None else max(cursor, end)
        slots.append(Slot(planned_start, planned_end, start, end, state))
    return slots
