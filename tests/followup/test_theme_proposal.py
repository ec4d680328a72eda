"""Proposing themes: the lowest regional share op orde, then where municipalities differ most."""

from __future__ import annotations

import pytest

from app.catalog.loader import Catalog
from app.followup import theme_rules as themes


def test_proposal_takes_the_lowest_standards_then_the_most_different() -> None:
    per_municipality = [
        {1: 100.0, 2: 0.0, 3: 50.0, 4: 100.0, 5: 20.0},
        {1: 100.0, 2: 0.0, 3: 50.0, 4: 0.0, 5: 20.0},
    ]
    regional = {1: 100.0, 2: 0.0, 3: 50.0, 4: 50.0, 5: 20.0}
    proposal = themes.propose(regional, per_municipality, limit=3)
    assert [(p.standard, p.reason) for p in proposal] == [(2, "laag"), (5, "laag"), (4, "verschil")]
    assert proposal[2].spread == 100.0


def test_proposal_fills_up_with_low_standards_when_nobody_differs() -> None:
    regional = {1: 10.0, 2: 20.0, 3: 30.0}
    proposal = themes.propose(regional, [regional, regional], limit=3)
    assert [p.standard for p in proposal] == [1, 2, 3]


def test_plan_groups_follow_bijlage_5(catalog: Catalog) -> None:
    zelfscan = catalog.question_set("kwaliteitskader-2021")
    assert [zelfscan.standard(s).group for s in range(1, 11)] == [
        "1-2",
        "1-2",
        "3-6",
        "4-5-7-8",
        "4-5-7-8",
        "3-6",
        "4-5-7-8",
        "4-5-7-8",
        "9",
        "10",
    ]
    assert [s.number for s in zelfscan.standards_in("4-5-7-8")] == [4, 5, 7, 8]
    assert zelfscan.plan_group("9").title == "Kwaliteitsstandaard 9: Beschikbaarheid gespecialiseerd hulpaanbod"
    with pytest.raises(KeyError):
        zelfscan.plan_group("11")
