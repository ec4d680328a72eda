"""The wheel's draw, pure: fair, never an absent question, removal, and where it lands."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

import pytest

from app.wheel import rules as wheel


@dataclass
class Q:
    id: int
    removed: bool = False


def test_draw_is_fair_over_many_draws_with_a_seeded_source() -> None:
    questions = [Q(i) for i in range(1, 9)]
    rng = random.Random(20261201)
    counts = Counter(wheel.draw(questions, rng).id for _ in range(10_000))
    assert set(counts) == set(range(1, 9))
    for question_id, count in counts.items():
        assert 800 <= count <= 1700, (question_id, count)


def test_draw_never_returns_a_question_taken_off_the_wheel() -> None:
    questions = [Q(1), Q(2, removed=True), Q(3), Q(4, removed=True)]
    rng = random.Random(7)
    drawn = {wheel.draw(questions, rng).id for _ in range(2_000)}
    assert drawn == {1, 3}


def test_removal_leaves_the_others_on_the_wheel() -> None:
    questions = [Q(1), Q(2), Q(3, removed=True)]
    assert [q.id for q in wheel.remove(questions, 2)] == [1]
    assert [q.id for q in wheel.on_wheel(questions)] == [1, 2]


def test_an_empty_wheel_refuses_to_draw() -> None:
    with pytest.raises(wheel.EmptyWheel, match="Het rad is leeg"):
        wheel.draw([Q(1, removed=True)], random.Random(1))
    with pytest.raises(wheel.EmptyWheel):
        wheel.draw([], random.Random(1))


@pytest.mark.parametrize("count", [1, 2, 3, 8, 11])
def test_landing_rotation_brings_the_drawn_segment_under_the_pointer(count: int) -> None:
    for index in range(count):
        for spin_number in range(4):
            rotation = wheel.landing_rotation(index, count, spin_number)
            assert rotation >= 360 * (wheel.BASE_TURNS - 1)
            assert wheel.segment_at_pointer(rotation, count) == index


def test_landing_rotation_is_deterministic_from_the_spin_data() -> None:
    assert wheel.landing_rotation(3, 8, 42) == wheel.landing_rotation(3, 8, 42)
    with pytest.raises(ValueError):
        wheel.landing_rotation(8, 8, 1)
