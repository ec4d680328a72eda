"""Mixed theme groups, pure: who works in which theme group (Bijlage 3: "gemengde samenstelling").

No database, no FastAPI: people are plain values and the random source is passed in (a seeded
`random.Random` in tests, `secrets.SystemRandom()` in the app), so the same seed gives the same groups.

The rules, in order of weight:
1. sizes balanced: groups differ by at most one person (people already placed count, and stay);
2. no group all one municipality, wherever attendance allows it;
3. as few colleagues of one municipality together as possible;
4. roles spread: as few people of the same role together as possible.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

MAX_PASSES = 20  # improving swaps stop long before this; a bound, not a tuning knob


class RandomSource(Protocol):
    def shuffle(self, x: list[Person], /) -> None: ...


@dataclass(frozen=True)
class Person:
    """Someone to place: an id, their municipality (any key) and their role ("" when unknown)."""

    id: int
    municipality: object
    role: str = ""


Cost = tuple[int, int, int]


def group_cost(members: Sequence[Person]) -> Cost:
    """(all one municipality, pairs of one municipality, pairs of one role) of one group; lower is better."""
    municipalities = Counter(p.municipality for p in members)
    roles = Counter(p.role for p in members if p.role)
    uniform = 1 if len(members) > 1 and len(municipalities) == 1 else 0
    return (
        uniform,
        sum(c * (c - 1) // 2 for c in municipalities.values()),
        sum(c * (c - 1) // 2 for c in roles.values()),
    )


def _add(a: Cost, b: Cost) -> Cost:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def form_groups(
    people: Sequence[Person], group_count: int, rng: RandomSource, placed: Mapping[int, int] | None = None
) -> list[list[Person]]:
    """The people in `group_count` groups (index = theme), mixed by the rules above.

    `placed` maps a person's id to the group they are already in: they stay there, and only the
    others are placed (latecomers join the smallest groups, mixed as well as those allow).
    """
    if group_count < 1:
        raise ValueError("forming groups needs at least one group")
    placed = dict(placed or {})
    groups: list[list[Person]] = [[] for _ in range(group_count)]
    free: list[Person] = []
    for person in people:
        index = placed.get(person.id)
        if index is not None and 0 <= index < group_count:
            groups[index].append(person)
        else:
            free.append(person)
    rng.shuffle(free)
    # Largest municipality first and roles together, so dealing them out spreads both.
    size = Counter(p.municipality for p in free)
    free.sort(key=lambda p: (-size[p.municipality], str(p.municipality), p.role))
    for person in free:
        smallest = min(len(g) for g in groups)
        candidates = [i for i, g in enumerate(groups) if len(g) == smallest]
        best = min(
            candidates, key=lambda i: (_add(group_cost([*groups[i], person]), _negate(group_cost(groups[i]))), i)
        )
        groups[best].append(person)
    _improve(groups, movable={p.id for p in free})
    return groups


def _negate(cost: Cost) -> Cost:
    return (-cost[0], -cost[1], -cost[2])


def _improve(groups: list[list[Person]], movable: set[int]) -> None:
    """Swap movable people between groups while a swap lowers the total cost (sizes stay as they are)."""
    for _pass in range(MAX_PASSES):
        improved = False
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                improved |= _improve_pair(groups[a], groups[b], movable)
        if not improved:
            return


def _improve_pair(first: list[Person], second: list[Person], movable: set[int]) -> bool:
    improved = False
    for i in range(len(first)):
        for j in range(len(second)):
            x, y = first[i], second[j]
            if x.id not in movable or y.id not in movable or (x.municipality, x.role) == (y.municipality, y.role):
                continue
            before = _add(group_cost(first), group_cost(second))
            first[i], second[j] = y, x
            if _add(group_cost(first), group_cost(second)) < before:
                improved = True
            else:
                first[i], second[j] = x, y
    return improved


def one_municipality_groups(groups: Sequence[Sequence[Person]]) -> int:
    """How many groups (of two or more) are all one municipality."""
    return sum(group_cost(g)[0] for g in groups)
