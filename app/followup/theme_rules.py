"""Which standards to propose as themes for the follow-up meeting, pure.

Themes are the standards with the lowest regional share op orde, completed with the standards
where the municipalities differ most (the spread of their scores).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

PLAN_GROUPS: dict[str, tuple[int, ...]] = {
    "1-2": (1, 2),
    "3-6": (3, 6),
    "4-5-7-8": (4, 5, 7, 8),
    "9": (9,),
    "10": (10,),
}
PLAN_GROUP_TITLES = {
    "1-2": "Standaard 1 & 2: gemeentelijke regie",
    "3-6": "Standaard 3 & 6: alle lokale professionals",
    "4-5-7-8": "Standaard 4, 5, 7 & 8: professionals aan wie Veilig Thuis overdraagt",
    "9": "Standaard 9: gespecialiseerd hulpaanbod",
    "10": "Standaard 10: samenwerking met Veilig Thuis",
}


@dataclass(frozen=True)
class ThemeProposal:
    standard: int
    regional: float  # mean share op orde (0–100)
    spread: float  # highest minus lowest municipality score (0–100)
    reason: str  # "laag" | "verschil"


def plan_group(standard: int) -> str:
    for key, standards in PLAN_GROUPS.items():
        if standard in standards:
            return key
    raise ValueError(f"standard {standard} belongs to no plan van aanpak group")


def spread(per_municipality: Sequence[Mapping[int, float]], standard: int) -> float:
    values = [m[standard] for m in per_municipality if standard in m]
    return round(max(values) - min(values), 1) if len(values) > 1 else 0.0


def propose(
    regional: Mapping[int, float], per_municipality: Sequence[Mapping[int, float]], limit: int = 4
) -> list[ThemeProposal]:
    """Up to `limit` standards: half (rounded up) lowest regional share, the rest where municipalities differ most."""
    standards = sorted(regional)
    spreads = {s: spread(per_municipality, s) for s in standards}
    lowest = sorted(standards, key=lambda s: (regional[s], -spreads[s], s))
    chosen = [ThemeProposal(s, regional[s], spreads[s], "laag") for s in lowest[: (limit + 1) // 2]]
    taken = {p.standard for p in chosen}
    for s in sorted(standards, key=lambda s: (-spreads[s], regional[s], s)):
        if len(chosen) >= limit:
            break
        if s not in taken and spreads[s] > 0:
            chosen.append(ThemeProposal(s, regional[s], spreads[s], "verschil"))
            taken.add(s)
    for s in lowest:  # fewer differing standards than asked: fill up with the next lowest
        if len(chosen) >= limit:
            break
        if s not in taken:
            chosen.append(ThemeProposal(s, regional[s], spreads[s], "laag"))
            taken.add(s)
    return chosen
