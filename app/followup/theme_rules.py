"""Which standards to propose as themes for the follow-up meeting, pure.

Themes are the standards with the lowest regional share op orde, completed with the standards
where the municipalities differ most (the spread of their scores).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeProposal:
    standard: int
    regional: float  # mean share op orde (0–100)
    spread: float  # highest minus lowest municipality score (0–100)
    reason: str  # "laag" | "verschil"


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
