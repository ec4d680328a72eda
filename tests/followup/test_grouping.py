"""Mixed theme groups (app.followup.grouping), pure: composition rules, seeded reproducibility, edge cases."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.followup.grouping import Person, form_groups, one_municipality_groups

ROLES = ["beleid", "uitvoering", "veilig_thuis", "gi"]


def people(counts: dict[str, int], roles: list[str] | None = None) -> list[Person]:
    """People per municipality, roles dealt in turn (from `roles`)."""
    result, roles = [], roles or [""]
    for municipality, n in counts.items():
        for _ in range(n):
            result.append(Person(len(result) + 1, municipality, roles[(len(result)) % len(roles)]))
    return result


def sizes(groups: list[list[Person]]) -> list[int]:
    return [len(g) for g in groups]


def test_four_municipalities_in_three_groups_are_mixed_balanced_and_use_everyone() -> None:
    everyone = people({"Amstelveen": 4, "Bussum": 3, "Castricum": 3, "Diemen": 2}, ROLES)
    groups = form_groups(everyone, 3, random.Random(1))
    assert sorted(p.id for g in groups for p in g) == [p.id for p in everyone]
    assert sizes(groups) == [4, 4, 4]
    assert one_municipality_groups(groups) == 0
    for g in groups:  # no municipality holds more than its fair share of a group
        assert max(Counter(p.municipality for p in g).values()) <= 2


def test_the_same_seed_gives_the_same_groups_and_another_seed_may_differ() -> None:
    everyone = people({"A": 5, "B": 5, "C": 4, "D": 4}, ROLES)
    first = form_groups(everyone, 4, random.Random(42))
    again = form_groups(everyone, 4, random.Random(42))
    assert [[p.id for p in g] for g in first] == [[p.id for p in g] for g in again]
    others = {tuple(tuple(p.id for p in g) for g in form_groups(everyone, 4, random.Random(s))) for s in range(8)}
    assert len(others) > 1  # the seed matters: not one fixed assignment


def test_roles_are_spread_over_the_groups() -> None:
    # Two municipalities, every policy person from one of them: roles still end up in different groups.
    everyone = [Person(i, "A" if i % 2 else "B", "beleid" if i <= 4 else "uitvoering") for i in range(1, 9)]
    groups = form_groups(everyone, 4, random.Random(3))
    for g in groups:
        assert Counter(p.role for p in g) == Counter({"beleid": 1, "uitvoering": 1})
        assert len({p.municipality for p in g}) == 2


def test_uneven_roles_many_of_one_role_still_balance_sizes_and_mix_municipalities() -> None:
    everyone = people({"A": 3, "B": 3, "C": 3}, ["beleid", "beleid", "beleid", "gi"])
    groups = form_groups(everyone, 3, random.Random(7))
    assert sizes(groups) == [3, 3, 3]
    assert one_municipality_groups(groups) == 0
    assert all(Counter(p.role for p in g)["gi"] <= 1 for g in groups)


def test_one_municipality_only_still_forms_balanced_groups() -> None:
    everyone = people({"Amstelveen": 7}, ROLES)
    groups = form_groups(everyone, 3, random.Random(5))
    assert sorted(sizes(groups)) == [2, 2, 3]
    assert one_municipality_groups(groups) == 3  # attendance does not allow mixing


def test_fewer_people_than_groups_gives_one_person_per_group_and_empty_groups() -> None:
    everyone = people({"A": 1, "B": 1})
    groups = form_groups(everyone, 4, random.Random(0))
    assert sorted(sizes(groups)) == [0, 0, 1, 1]
    assert one_municipality_groups(groups) == 0


def test_nobody_present_gives_empty_groups_and_no_groups_is_refused() -> None:
    assert form_groups([], 2, random.Random(0)) == [[], []]
    with pytest.raises(ValueError):
        form_groups(people({"A": 2}), 0, random.Random(0))


def test_people_already_placed_stay_and_latecomers_join_the_smallest_groups_mixed() -> None:
    everyone = people({"A": 3, "B": 3})
    placed = {1: 0, 2: 0, 4: 1}  # A1, A2 in group 0; B4 in group 1
    groups = form_groups(everyone, 3, random.Random(9), placed)
    assert {1, 2} <= {p.id for p in groups[0]} and 4 in {p.id for p in groups[1]}
    assert sorted(sizes(groups)) == [2, 2, 2]
    assert [p.municipality for p in groups[0]].count("A") == 2  # the facilitator's choice is kept


def test_where_mixing_is_possible_no_group_is_all_one_municipality() -> None:
    # Two large and one small municipality: mixing needs the small one's people spread out.
    everyone = people({"A": 4, "B": 1, "C": 1})
    groups = form_groups(everyone, 2, random.Random(2))
    assert one_municipality_groups(groups) == 0


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=5),
    group_count=st.integers(min_value=1, max_value=6),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_any_attendance_gives_balanced_groups_with_everyone_once(
    counts: list[int], group_count: int, seed: int
) -> None:
    everyone = people({f"M{i}": n for i, n in enumerate(counts)}, ROLES)
    groups = form_groups(everyone, group_count, random.Random(seed))
    assert sorted(p.id for g in groups for p in g) == [p.id for p in everyone]
    assert max(sizes(groups)) - min(sizes(groups)) <= 1
    largest = max(counts)
    others = len(everyone) - largest
    groups_of_two_or_more = sum(1 for g in groups if len(g) >= 2)
    if others >= groups_of_two_or_more:  # enough people from elsewhere to give every group one
        assert one_municipality_groups(groups) == 0
