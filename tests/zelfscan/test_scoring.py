"""Scores of a zelfscan: share op orde per standard, the regional average, and the plenary lists.

Answers are plain mappings {question number: status}; the question set below is a small slice of
the real one (standard 1 = Q1, standard 2 = Q2, standard 3 = Q3–7 as 3a–e, standard 9 = Q13).
"""

from __future__ import annotations

import pytest

from app.zelfscan import scoring
from app.zelfscan.scoring import NIET_OP_ORDE, OP_ORDE, OPEN, QuestionRef, QuestionTally

QUESTIONS = [
    QuestionRef(1, 1),
    QuestionRef(2, 2),
    QuestionRef(3, 3),
    QuestionRef(4, 3),
    QuestionRef(5, 3),
    QuestionRef(6, 3),
    QuestionRef(7, 3),
    QuestionRef(13, 9),
]
STANDARDS = [1, 2, 3, 9]


def answers(op_orde: tuple[int, ...] = (), niet: tuple[int, ...] = (), open_: tuple[int, ...] = ()) -> dict[int, str]:
    return {**{n: OP_ORDE for n in op_orde}, **{n: NIET_OP_ORDE for n in niet}, **{n: OPEN for n in open_}}


def tally(number: int, tallies: list[QuestionTally]) -> QuestionTally:
    return next(t for t in tallies if t.number == number)


# --- one municipality ---------------------------------------------------------------------


def test_score_is_share_of_the_standards_questions_op_orde() -> None:
    scan = answers(op_orde=(1, 3, 4), niet=(2, 5, 6, 7, 13))

    assert scoring.municipality_scores(QUESTIONS, STANDARDS, scan) == {1: 100.0, 2: 0.0, 3: 40.0, 9: 0.0}


def test_everything_op_orde_scores_100_on_every_standard() -> None:
    scan = answers(op_orde=(1, 2, 3, 4, 5, 6, 7, 13))

    assert scoring.municipality_scores(QUESTIONS, STANDARDS, scan) == {1: 100.0, 2: 100.0, 3: 100.0, 9: 100.0}


def test_open_and_unanswered_questions_do_not_count_as_op_orde() -> None:
    scan = answers(op_orde=(3,), open_=(4, 5))  # 6 and 7 not answered at all

    assert scoring.municipality_scores(QUESTIONS, [3], scan) == {3: 20.0}


def test_municipality_that_has_not_started_scores_zero() -> None:
    assert scoring.municipality_scores(QUESTIONS, STANDARDS, {}) == {1: 0.0, 2: 0.0, 3: 0.0, 9: 0.0}


def test_score_is_rounded_to_one_decimal() -> None:
    three = [QuestionRef(1, 4), QuestionRef(2, 4), QuestionRef(3, 4)]

    assert scoring.municipality_scores(three, [4], answers(op_orde=(1,))) == {4: 33.3}
    assert scoring.municipality_scores(three, [4], answers(op_orde=(1, 2))) == {4: 66.7}


def test_standard_without_questions_in_the_set_gets_no_score() -> None:
    scores = scoring.municipality_scores(QUESTIONS, [3, 10], answers(op_orde=(3,)))

    assert scores == {3: 20.0}


def test_answers_to_questions_of_another_standard_do_not_leak_in() -> None:
    scan = answers(op_orde=(1, 2, 13))

    assert scoring.municipality_scores(QUESTIONS, [3], scan) == {3: 0.0}


def test_questions_are_grouped_per_standard() -> None:
    assert scoring.standard_questions(QUESTIONS) == {1: [1], 2: [2], 3: [3, 4, 5, 6, 7], 9: [13]}


# --- the region ---------------------------------------------------------------------------


def test_regional_average_is_the_mean_of_the_municipalities() -> None:
    region = [
        {1: 100.0, 3: 40.0},
        {1: 0.0, 3: 60.0},
        {1: 50.0, 3: 80.0},
    ]

    assert scoring.regional_average(region, [1, 3]) == {1: 50.0, 3: 60.0}


def test_two_municipalities_with_opposite_scans_average_to_half() -> None:
    arnhem = scoring.municipality_scores(QUESTIONS, [1, 3], answers(op_orde=(1,), niet=(3, 4, 5, 6, 7)))
    zevenaar = scoring.municipality_scores(QUESTIONS, [1, 3], answers(niet=(1,), op_orde=(3, 4, 5, 6, 7)))

    assert scoring.regional_average([arnhem, zevenaar], [1, 3]) == {1: 50.0, 3: 50.0}


def test_regional_average_is_rounded_to_one_decimal() -> None:
    assert scoring.regional_average([{1: 100.0}, {1: 0.0}, {1: 0.0}], [1]) == {1: 33.3}


def test_regional_average_of_a_region_without_municipalities_is_zero() -> None:
    assert scoring.regional_average([], [1, 3]) == {1: 0.0, 3: 0.0}


def test_regional_average_accepts_a_generator_of_scores() -> None:
    scores = ({1: value} for value in (20.0, 40.0))

    assert scoring.regional_average(scores, [1]) == {1: 30.0}


def test_count_of_municipalities_with_a_standard_fully_op_orde() -> None:
    """For the regional-only mode: "2 van 4 gemeenten hebben standaard 3 op orde"."""
    region = [{3: 100.0}, {3: 80.0}, {3: 100.0}, {1: 100.0}]

    assert scoring.standards_fully_op_orde(region, 3) == 2
    assert scoring.standards_fully_op_orde(region, 1) == 1
    assert scoring.standards_fully_op_orde(region, 9) == 0


# --- disagreement within a room -----------------------------------------------------------


@pytest.mark.parametrize(
    ("views", "expected"),
    [
        pytest.param([OP_ORDE, OP_ORDE, OP_ORDE], 0.0, id="room agrees op orde"),
        pytest.param([NIET_OP_ORDE, NIET_OP_ORDE], 0.0, id="room agrees niet op orde"),
        pytest.param([OP_ORDE, NIET_OP_ORDE], 0.5, id="even split"),
        pytest.param([OP_ORDE, OP_ORDE, NIET_OP_ORDE, NIET_OP_ORDE], 0.5, id="even split of four"),
        pytest.param([OP_ORDE, OP_ORDE, NIET_OP_ORDE], 1 / 3, id="two against one"),
        pytest.param([NIET_OP_ORDE, NIET_OP_ORDE, NIET_OP_ORDE, OP_ORDE], 0.25, id="three against one"),
        pytest.param([OP_ORDE, OPEN, OPEN], 0.0, id="open views do not count"),
        pytest.param([OP_ORDE, OPEN, NIET_OP_ORDE], 0.5, id="split among decided views"),
        pytest.param([OP_ORDE], 0.0, id="single view"),
        pytest.param([], 0.0, id="no views"),
    ],
)
def test_disagreement_in_a_room(views: list[str], expected: float) -> None:
    assert scoring.disagreement(views) == pytest.approx(expected)


# --- per question across the region -------------------------------------------------------


def test_tally_counts_municipalities_with_niet_op_orde_per_question() -> None:
    region_answers = {
        10: answers(niet=(3, 4), op_orde=(1,)),
        20: answers(niet=(3,), op_orde=(4,), open_=(1,)),
        30: answers(op_orde=(3, 4)),
    }

    tallies = scoring.tally_questions(QUESTIONS, region_answers, views={})

    q3 = tally(3, tallies)
    assert (q3.niet_op_orde, q3.op_orde, q3.municipalities_niet) == (2, 1, [10, 20])
    q4 = tally(4, tallies)
    assert (q4.niet_op_orde, q4.op_orde, q4.municipalities_niet) == (1, 2, [10])
    q1 = tally(1, tallies)
    assert (q1.niet_op_orde, q1.op_orde) == (0, 1)


def test_tally_has_one_entry_per_question_in_order_even_without_answers() -> None:
    tallies = scoring.tally_questions(QUESTIONS, {}, {})

    assert [t.number for t in tallies] == [1, 2, 3, 4, 5, 6, 7, 13]
    assert all(t.niet_op_orde == 0 and t.split_rooms == 0 for t in tallies)


def test_tally_ignores_answers_to_questions_outside_the_set() -> None:
    tallies = scoring.tally_questions(QUESTIONS, {10: answers(niet=(99,))}, {10: {99: [OP_ORDE, NIET_OP_ORDE]}})

    assert 99 not in [t.number for t in tallies]
    assert sum(t.niet_op_orde for t in tallies) == 0
    assert sum(t.split_rooms for t in tallies) == 0


def test_tally_counts_rooms_where_views_split() -> None:
    views = {
        10: {3: [OP_ORDE, NIET_OP_ORDE], 4: [OP_ORDE, OP_ORDE]},
        20: {3: [OP_ORDE, OP_ORDE, NIET_OP_ORDE]},
        30: {3: [NIET_OP_ORDE, NIET_OP_ORDE]},
    }

    tallies = scoring.tally_questions(QUESTIONS, {}, views)

    q3 = tally(3, tallies)
    assert q3.split_rooms == 2
    assert q3.municipalities_split == [10, 20]
    assert q3.disagreement == pytest.approx(0.5 + 0.333)
    q4 = tally(4, tallies)
    assert (q4.split_rooms, q4.disagreement, q4.municipalities_split) == (0, 0.0, [])


def test_questions_with_most_niet_op_orde_come_first_ties_by_question_number() -> None:
    tallies = [
        QuestionTally(1, niet_op_orde=1),
        QuestionTally(2, niet_op_orde=3),
        QuestionTally(3, niet_op_orde=0, op_orde=5),
        QuestionTally(4, niet_op_orde=3),
        QuestionTally(5, niet_op_orde=2),
    ]

    ranked = scoring.most_niet_op_orde(tallies)

    assert [t.number for t in ranked] == [2, 4, 5, 1]


def test_most_niet_op_orde_shows_at_most_the_limit() -> None:
    tallies = [QuestionTally(n, niet_op_orde=n) for n in range(1, 10)]

    assert [t.number for t in scoring.most_niet_op_orde(tallies)] == [9, 8, 7, 6, 5]
    assert [t.number for t in scoring.most_niet_op_orde(tallies, limit=2)] == [9, 8]


def test_questions_with_most_disagreement_rank_by_split_rooms_then_strength_then_number() -> None:
    tallies = [
        QuestionTally(1, split_rooms=1, disagreement=0.5),
        QuestionTally(2, split_rooms=2, disagreement=0.583),
        QuestionTally(3, split_rooms=2, disagreement=1.0),
        QuestionTally(4, split_rooms=0),
        QuestionTally(5, split_rooms=1, disagreement=0.5),
        QuestionTally(6, split_rooms=1, disagreement=0.25),
    ]

    ranked = scoring.most_disagreement(tallies)

    assert [t.number for t in ranked] == [3, 2, 1, 5, 6]


def test_most_disagreement_shows_at_most_the_limit() -> None:
    tallies = [QuestionTally(n, split_rooms=n, disagreement=0.5) for n in range(1, 8)]

    assert [t.number for t in scoring.most_disagreement(tallies, limit=3)] == [7, 6, 5]


def test_plenary_lists_from_a_live_region() -> None:
    """From answers and views to the two lists the dashboard shows during 'wat valt op?'."""
    region_answers = {
        10: answers(niet=(3, 13), op_orde=(1, 2)),
        20: answers(niet=(13,), op_orde=(1, 2, 3)),
    }
    views = {
        10: {3: [OP_ORDE, NIET_OP_ORDE, NIET_OP_ORDE]},
        20: {3: [OP_ORDE, NIET_OP_ORDE], 2: [OP_ORDE, NIET_OP_ORDE]},
    }

    tallies = scoring.tally_questions(QUESTIONS, region_answers, views)

    assert [t.number for t in scoring.most_niet_op_orde(tallies)] == [13, 3]
    assert [t.number for t in scoring.most_disagreement(tallies)] == [3, 2]


# --- privacy: anonymised labels -----------------------------------------------------------


@pytest.mark.parametrize(
    ("position", "label"),
    [
        (0, "Gemeente A"),
        (1, "Gemeente B"),
        (7, "Gemeente H"),
        (25, "Gemeente Z"),
        (26, "Gemeente AA"),
        (27, "Gemeente AB"),
        (51, "Gemeente AZ"),
        (52, "Gemeente BA"),
        (701, "Gemeente ZZ"),
        (702, "Gemeente AAA"),
    ],
)
def test_anonymised_municipalities_are_lettered_like_spreadsheet_columns(position: int, label: str) -> None:
    assert scoring.anonymous_label(position) == label


def test_every_anonymised_label_is_different() -> None:
    labels = [scoring.anonymous_label(position) for position in range(1000)]

    assert len(set(labels)) == len(labels)
