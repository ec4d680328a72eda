"""Scores of a zelfscan: pure functions over answers, no database and no web framework.

The score of a municipality on a kwaliteitsstandaard is the share of that standard's questions
answered *op orde* (0–100 %). The regional average is the mean of the municipalities' scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from string import ascii_uppercase

OP_ORDE = "op_orde"
NIET_OP_ORDE = "niet_op_orde"
OPEN = "open"
STATUSES = (OP_ORDE, NIET_OP_ORDE, OPEN)
STATUS_LABELS = {OP_ORDE: "Op orde", NIET_OP_ORDE: "Niet op orde", OPEN: "Nog open"}
# The grid's one-character marks (screens, verslag, workbook); a screen reader gets STATUS_LABELS instead.
GRID_MARKS = {OP_ORDE: "+", NIET_OP_ORDE: "−", OPEN: "·"}
GRID_MARK_LABELS = {mark: STATUS_LABELS[status] for status, mark in GRID_MARKS.items()}

PRIVACY_MODES = ("named", "anonymised", "regional")
PRIVACY_LABELS = {
    "named": "Met namen van gemeenten",
    "anonymised": "Geanonimiseerd (Gemeente A, B, …)",
    "regional": "Alleen regionaal",
}


def anonymous_label(position: int) -> str:
    """Gemeente A … Z, AA, AB, … for the municipality at `position` (0-based)."""
    letters = ""
    n = position
    while True:
        letters = ascii_uppercase[n % 26] + letters
        n = n // 26 - 1
        if n < 0:
            break
    return f"Gemeente {letters}"


@dataclass(frozen=True)
class QuestionRef:
    number: int
    standard: int


@dataclass
class MunicipalityScore:
    municipality_id: int
    label: str
    per_standard: dict[int, float]
    answered: int
    op_orde: int
    niet_op_orde: int


@dataclass
class QuestionTally:
    number: int
    niet_op_orde: int = 0
    op_orde: int = 0
    split_rooms: int = 0
    disagreement: float = 0.0
    municipalities_niet: list[int] = field(default_factory=list)
    municipalities_split: list[int] = field(default_factory=list)


def standard_questions(questions: Iterable[QuestionRef]) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = {}
    for q in questions:
        grouped.setdefault(q.standard, []).append(q.number)
    return grouped


def municipality_scores(
    questions: Sequence[QuestionRef],
    standards: Sequence[int],
    answers: Mapping[int, str],
) -> dict[int, float]:
    """Share op orde (0–100) per standard for one municipality's answers {question: status}."""
    grouped = standard_questions(questions)
    scores: dict[int, float] = {}
    for standard in standards:
        numbers = grouped.get(standard, [])
        if not numbers:
            continue
        good = sum(1 for n in numbers if answers.get(n) == OP_ORDE)
        scores[standard] = round(100.0 * good / len(numbers), 1)
    return scores


def regional_average(scores: Iterable[Mapping[int, float]], standards: Sequence[int]) -> dict[int, float]:
    """Mean of the municipalities' scores per standard."""
    collected = list(scores)
    if not collected:
        return {s: 0.0 for s in standards}
    return {s: round(sum(m.get(s, 0.0) for m in collected) / len(collected), 1) for s in standards}


def disagreement(views: Sequence[str]) -> float:
    """0 when a room agrees, up to 0.5 when its decided views split evenly."""
    op = sum(1 for v in views if v == OP_ORDE)
    niet = sum(1 for v in views if v == NIET_OP_ORDE)
    if op + niet < 2:
        return 0.0
    return min(op, niet) / (op + niet)


def tally_questions(
    questions: Sequence[QuestionRef],
    answers: Mapping[int, Mapping[int, str]],
    views: Mapping[int, Mapping[int, Sequence[str]]],
) -> list[QuestionTally]:
    """Per question: how many municipalities answered niet op orde, and where room members split.

    `answers` is {municipality: {question: status}}, `views` {municipality: {question: [status…]}}.
    """
    tallies = {q.number: QuestionTally(q.number) for q in questions}
    for municipality, by_question in answers.items():
        for number, status in by_question.items():
            tally = tallies.get(number)
            if tally is None:
                continue
            if status == NIET_OP_ORDE:
                tally.niet_op_orde += 1
                tally.municipalities_niet.append(municipality)
            elif status == OP_ORDE:
                tally.op_orde += 1
    for municipality, views_by_question in views.items():
        for number, room_views in views_by_question.items():
            tally = tallies.get(number)
            score = disagreement(room_views)
            if tally is None or score == 0:
                continue
            tally.split_rooms += 1
            tally.disagreement = round(tally.disagreement + score, 3)
            tally.municipalities_split.append(municipality)
    return list(tallies.values())


def most_niet_op_orde(tallies: Iterable[QuestionTally], limit: int = 5) -> list[QuestionTally]:
    chosen = [t for t in tallies if t.niet_op_orde > 0]
    return sorted(chosen, key=lambda t: (-t.niet_op_orde, t.number))[:limit]


def most_disagreement(tallies: Iterable[QuestionTally], limit: int = 5) -> list[QuestionTally]:
    chosen = [t for t in tallies if t.split_rooms > 0]
    return sorted(chosen, key=lambda t: (-t.split_rooms, -t.disagreement, t.number))[:limit]


def standards_fully_op_orde(scores: Iterable[Mapping[int, float]], standard: int) -> int:
    """How many municipalities have every question of `standard` op orde."""
    return sum(1 for m in scores if m.get(standard) == 100.0)
