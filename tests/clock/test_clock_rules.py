"""The programme clock: countdown actions and the planned-versus-actual day.

The clock is pure: every action takes `now` (epoch seconds) as an argument, so these tests move
time by passing a later `now` — no server and no sleeping. Times are written as "HH:MM" on one
day to keep the scenarios readable.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.clock import rules as clock
from app.clock.rules import ClockError, Slot


def at(hhmm: str, seconds: int = 0) -> float:
    """Epoch seconds for a wall-clock time on the meeting day (the day itself does not matter)."""
    hours, minutes = hhmm.split(":")
    return float(int(hours) * 3600 + int(minutes) * 60 + seconds)


def minutes(n: float) -> float:
    return n * 60.0


@dataclass
class Block:
    """The smallest thing that satisfies `clock.BlockTimer`."""

    planned_seconds: int
    extra_seconds: int = 0
    elapsed_seconds: float = 0.0
    running_since: float | None = None
    actual_start: float | None = None
    actual_end: float | None = None


def block(planned_minutes: int) -> Block:
    return Block(planned_seconds=planned_minutes * 60)


def started_block(planned_minutes: int, now: float) -> Block:
    timer = block(planned_minutes)
    clock.start_block(timer, now)
    return timer


# --- a single block's countdown -------------------------------------------------------------


def test_block_that_has_not_started_shows_its_full_planned_time() -> None:
    welkom = block(15)

    assert clock.remaining(welkom, at("09:40")) == minutes(15)
    assert clock.elapsed(welkom, at("09:40")) == 0
    assert not clock.is_running(welkom)


def test_starting_a_block_records_when_it_actually_started() -> None:
    welkom = started_block(15, at("09:32"))

    assert welkom.actual_start == at("09:32")
    assert welkom.actual_end is None
    assert clock.is_running(welkom)


def test_time_left_counts_down_while_the_block_runs() -> None:
    welkom = started_block(15, at("09:30"))

    assert clock.remaining(welkom, at("09:30")) == minutes(15)
    assert clock.remaining(welkom, at("09:35")) == minutes(10)
    assert clock.elapsed(welkom, at("09:35")) == minutes(5)
    assert clock.remaining(welkom, at("09:44", 30)) == 30


def test_block_that_runs_over_shows_negative_time_left() -> None:
    welkom = started_block(15, at("09:30"))

    assert clock.remaining(welkom, at("09:48")) == -minutes(3)


def test_clock_that_jumps_back_never_adds_time_to_the_block() -> None:
    welkom = started_block(15, at("09:30"))

    assert clock.elapsed(welkom, at("09:29")) == 0
    assert clock.remaining(welkom, at("09:29")) == minutes(15)


def test_starting_a_running_block_again_keeps_its_first_start() -> None:
    welkom = started_block(15, at("09:30"))

    clock.start_block(welkom, at("09:35"))

    assert welkom.actual_start == at("09:30")
    assert clock.remaining(welkom, at("09:40")) == minutes(5)


# --- pause and resume -----------------------------------------------------------------------


def test_paused_block_keeps_its_time_left_while_the_room_talks_on() -> None:
    welkom = started_block(15, at("09:30"))

    clock.pause(welkom, at("09:35"))

    assert not clock.is_running(welkom)
    assert clock.remaining(welkom, at("09:35")) == minutes(10)
    assert clock.remaining(welkom, at("10:30")) == minutes(10)


def test_resumed_block_continues_where_it_was_paused() -> None:
    welkom = started_block(15, at("09:30"))
    clock.pause(welkom, at("09:35"))

    clock.resume(welkom, at("09:50"))

    assert clock.is_running(welkom)
    assert clock.remaining(welkom, at("09:50")) == minutes(10)
    assert clock.remaining(welkom, at("09:53")) == minutes(7)
    assert clock.elapsed(welkom, at("09:53")) == minutes(8)


def test_several_pauses_add_up_only_the_running_time() -> None:
    welkom = started_block(15, at("09:30"))
    clock.pause(welkom, at("09:32"))  # ran 2 min
    clock.resume(welkom, at("09:40"))
    clock.pause(welkom, at("09:43"))  # ran 3 more
    clock.resume(welkom, at("09:50"))

    assert clock.elapsed(welkom, at("09:51")) == minutes(6)
    assert clock.remaining(welkom, at("09:51")) == minutes(9)


def test_pausing_twice_is_refused_and_keeps_the_time_left() -> None:
    welkom = started_block(15, at("09:30"))
    clock.pause(welkom, at("09:35"))

    with pytest.raises(ClockError, match="al gepauzeerd"):
        clock.pause(welkom, at("09:40"))

    assert clock.remaining(welkom, at("09:40")) == minutes(10)


def test_pausing_a_block_that_never_started_is_refused() -> None:
    with pytest.raises(ClockError):
        clock.pause(block(15), at("09:30"))


def test_resuming_a_running_block_is_refused_and_does_not_restart_its_countdown() -> None:
    welkom = started_block(15, at("09:30"))

    with pytest.raises(ClockError, match="loopt al"):
        clock.resume(welkom, at("09:40"))

    assert clock.remaining(welkom, at("09:40")) == minutes(5)


# --- extend ---------------------------------------------------------------------------------


def test_extend_gives_the_block_five_more_minutes() -> None:
    breakout = started_block(35, at("10:25"))

    clock.extend(breakout)

    assert clock.EXTEND_SECONDS == 300
    assert breakout.extra_seconds == 300
    assert clock.remaining(breakout, at("11:00")) == minutes(5)


def test_extending_twice_gives_ten_more_minutes() -> None:
    breakout = started_block(35, at("10:25"))

    clock.extend(breakout)
    clock.extend(breakout)

    assert clock.remaining(breakout, at("11:00")) == minutes(10)


def test_extending_a_block_that_already_ran_over_brings_it_back_in_time() -> None:
    breakout = started_block(35, at("10:25"))
    assert clock.remaining(breakout, at("11:02")) == -minutes(2)

    clock.extend(breakout)

    assert clock.remaining(breakout, at("11:02")) == minutes(3)


def test_extending_a_paused_block_keeps_it_paused() -> None:
    breakout = started_block(35, at("10:25"))
    clock.pause(breakout, at("10:55"))

    clock.extend(breakout)

    assert not clock.is_running(breakout)
    assert clock.remaining(breakout, at("11:20")) == minutes(10)


# --- advance --------------------------------------------------------------------------------


def test_facilitator_starts_the_programme_with_the_first_block() -> None:
    day = [block(30), block(15)]

    current = clock.advance(day, None, at("09:00"))

    assert current == 0
    assert clock.is_running(day[0])
    assert day[0].actual_start == at("09:00")
    assert not clock.is_running(day[1])
    assert day[1].actual_start is None


def test_advance_closes_the_current_block_and_starts_the_next() -> None:
    day = [block(30), block(15), block(15)]
    clock.advance(day, None, at("09:00"))

    current = clock.advance(day, 0, at("09:33"))

    assert current == 1
    inloggen, welkom, _ = day
    assert inloggen.actual_end == at("09:33")
    assert not clock.is_running(inloggen)
    assert clock.elapsed(inloggen, at("10:00")) == minutes(33)
    assert welkom.actual_start == at("09:33")
    assert clock.is_running(welkom)
    assert clock.remaining(welkom, at("09:40")) == minutes(8)
    assert day[2].actual_start is None


def test_advancing_from_a_paused_block_keeps_only_its_running_time() -> None:
    day = [block(30), block(15)]
    clock.advance(day, None, at("09:00"))
    clock.pause(day[0], at("09:20"))

    clock.advance(day, 0, at("09:45"))

    assert day[0].elapsed_seconds == minutes(20)
    assert day[0].actual_end == at("09:45")
    assert day[1].actual_start == at("09:45")


def test_advancing_past_the_last_block_ends_the_programme() -> None:
    day = [block(30), block(15)]
    clock.advance(day, None, at("09:00"))
    clock.advance(day, 0, at("09:30"))

    current = clock.advance(day, 1, at("09:47"))

    assert current is None
    assert day[1].actual_end == at("09:47")
    assert not any(clock.is_running(b) for b in day)


def test_programme_without_blocks_has_nothing_to_start() -> None:
    assert clock.advance([], None, at("09:00")) is None


def test_restarting_a_closed_block_reopens_it_with_its_time_so_far() -> None:
    """What "vorig blok" does: the block keeps its first start and the time it already ran."""
    welkom = started_block(15, at("09:30"))
    clock.finish_block(welkom, at("09:40"))

    clock.start_block(welkom, at("09:42"))

    assert welkom.actual_start == at("09:30")
    assert welkom.actual_end is None
    assert clock.is_running(welkom)
    assert clock.remaining(welkom, at("09:43")) == minutes(4)


# --- the day: planned versus projected / actual ----------------------------------------------

PLANNED = [at("09:00"), at("09:30"), at("09:45"), at("10:00")]


def programme() -> list[Block]:
    """Inloggen 09:00–09:30, welkom 09:30–09:45, introductie 09:45–10:00, vragen 10:00–10:15."""
    return [block(30), block(15), block(15), block(15)]


def times(slots: list[Slot]) -> list[tuple[float, float, str]]:
    return [(s.start, s.end, s.state) for s in slots]


def test_day_before_the_start_is_shown_as_planned() -> None:
    day = programme()

    slots = clock.schedule(day, PLANNED, None, at("08:45"))

    assert times(slots) == [
        (at("09:00"), at("09:30"), "upcoming"),
        (at("09:30"), at("09:45"), "upcoming"),
        (at("09:45"), at("10:00"), "upcoming"),
        (at("10:00"), at("10:15"), "upcoming"),
    ]


def test_planned_times_are_kept_next_to_the_projected_ones() -> None:
    day = programme()

    slots = clock.schedule(day, PLANNED, None, at("08:45"))

    assert [(s.planned_start, s.planned_end) for s in slots] == [
        (at("09:00"), at("09:30")),
        (at("09:30"), at("09:45")),
        (at("09:45"), at("10:00")),
        (at("10:00"), at("10:15")),
    ]


def test_block_on_time_keeps_the_rest_of_the_day_as_planned() -> None:
    day = programme()
    current = clock.advance(day, None, at("09:00"))

    slots = clock.schedule(day, PLANNED, current, at("09:20"))

    assert times(slots) == [
        (at("09:00"), at("09:30"), "current"),
        (at("09:30"), at("09:45"), "upcoming"),
        (at("09:45"), at("10:00"), "upcoming"),
        (at("10:00"), at("10:15"), "upcoming"),
    ]


def test_block_runs_over_and_rest_of_day_shifts() -> None:
    day = programme()
    current = clock.advance(day, None, at("09:00"))

    slots = clock.schedule(day, PLANNED, current, at("09:38"))

    assert times(slots) == [
        (at("09:00"), at("09:38"), "current"),
        (at("09:38"), at("09:53"), "upcoming"),
        (at("09:53"), at("10:08"), "upcoming"),
        (at("10:08"), at("10:23"), "upcoming"),
    ]
    assert slots[3].planned_end == at("10:15")


def test_overrun_keeps_growing_until_the_facilitator_advances() -> None:
    day = programme()
    current = clock.advance(day, None, at("09:00"))

    earlier = clock.schedule(day, PLANNED, current, at("09:35"))
    later = clock.schedule(day, PLANNED, current, at("09:40"))

    assert earlier[-1].end == at("10:20")
    assert later[-1].end == at("10:25")


def test_late_start_shifts_the_whole_day() -> None:
    day = programme()
    current = clock.advance(day, None, at("09:10"))

    slots = clock.schedule(day, PLANNED, current, at("09:15"))

    assert times(slots)[0] == (at("09:10"), at("09:40"), "current")
    assert [s.start for s in slots[1:]] == [at("09:40"), at("09:55"), at("10:10")]


def test_extending_the_current_block_shifts_the_rest_of_the_day_by_five_minutes() -> None:
    day = programme()
    current = clock.advance(day, None, at("09:00"))
    clock.extend(day[0])

    slots = clock.schedule(day, PLANNED, current, at("09:20"))

    assert slots[0].end == at("09:35")
    assert [s.start for s in slots[1:]] == [at("09:35"), at("09:50"), at("10:05")]


def test_paused_block_shifts_the_rest_of_the_day_for_as_long_as_it_is_paused() -> None:
    day = programme()
    current = clock.advance(day, None, at("09:00"))
    clock.pause(day[0], at("09:20"))

    slots = clock.schedule(day, PLANNED, current, at("09:27"))

    assert slots[0].end == at("09:37")
    assert slots[1].start == at("09:37")


def test_done_blocks_keep_their_actual_times_for_the_minutes() -> None:
    day = programme()
    current = clock.advance(day, None, at("09:00"))
    current = clock.advance(day, current, at("09:38"))

    slots = clock.schedule(day, PLANNED, current, at("09:40"))

    assert slots[0] == Slot(
        planned_start=at("09:00"),
        planned_end=at("09:30"),
        start=at("09:00"),
        end=at("09:38"),
        state="done",
    )
    assert times(slots)[1:] == [
        (at("09:38"), at("09:53"), "current"),
        (at("09:53"), at("10:08"), "upcoming"),
        (at("10:08"), at("10:23"), "upcoming"),
    ]


def test_done_blocks_stay_put_when_the_current_block_runs_over_too() -> None:
    day = programme()
    current = clock.advance(day, None, at("09:00"))
    current = clock.advance(day, current, at("09:38"))

    slots = clock.schedule(day, PLANNED, current, at("10:00"))

    assert (slots[0].start, slots[0].end) == (at("09:00"), at("09:38"))
    assert (slots[1].start, slots[1].end) == (at("09:38"), at("10:00"))
    assert [s.start for s in slots[2:]] == [at("10:00"), at("10:15")]


def test_finished_programme_shows_every_block_as_it_was_held() -> None:
    day = programme()
    current = clock.advance(day, None, at("09:00"))
    for moment in ("09:32", "09:50", "10:04", "10:21"):
        current = clock.advance(day, current, at(moment))
    assert current is None

    slots = clock.schedule(day, PLANNED, None, at("11:00"), finished=True)

    assert times(slots) == [
        (at("09:00"), at("09:32"), "done"),
        (at("09:32"), at("09:50"), "done"),
        (at("09:50"), at("10:04"), "done"),
        (at("10:04"), at("10:21"), "done"),
    ]
    assert [s.planned_start for s in slots] == PLANNED


def test_planned_gap_between_blocks_is_kept_when_the_day_shifts():
    from app.clock.rules import advance, schedule

    first = Block(planned_seconds=30 * 60)
    second = Block(planned_seconds=15 * 60)
    starts = [at("09:00"), at("10:00")]  # a 30-minute gap after the first block
    current = advance([first, second], None, at("09:10"))  # started 10 minutes late
    slots = schedule([first, second], starts, current, at("09:10"))
    assert slots[1].start == at("10:10")
