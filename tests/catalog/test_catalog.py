"""The data files: the two programmes in `agendas/` and the default zelfscan question set.

The first half reads the real files the app ships with; the second half writes broken programmes to
a temporary folder and checks that loading refuses them with a message naming the file, the block
and the problem (STYLE.md, habit 6).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.catalog.loader import (
    DEFAULT_QUESTION_SET,
    Agenda,
    AgendaBlock,
    CatalogError,
    QuestionSet,
    load_agendas,
    load_question_sets,
)


def hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


def span(block: AgendaBlock) -> tuple[str, str]:
    return hhmm(block.start), hhmm(block.end)


@pytest.fixture(scope="module")
def agendas() -> dict[str, Agenda]:
    return load_agendas()


@pytest.fixture(scope="module")
def startbijeenkomst(agendas: dict[str, Agenda]) -> Agenda:
    return agendas["startbijeenkomst"]


@pytest.fixture(scope="module")
def follow_up(agendas: dict[str, Agenda]) -> Agenda:
    return agendas["follow-up"]


@pytest.fixture(scope="module")
def zelfscan() -> QuestionSet:
    return load_question_sets()[DEFAULT_QUESTION_SET]


# --- the programmes -----------------------------------------------------------------------


def test_both_programmes_of_the_routekaart_are_available(agendas: dict[str, Agenda]) -> None:
    assert sorted(agendas) == ["follow-up", "startbijeenkomst"]
    assert agendas["startbijeenkomst"].bijlage == 1
    assert agendas["follow-up"].bijlage == 3


@pytest.mark.parametrize(
    ("key", "first", "last"), [("startbijeenkomst", "09:00", "12:30"), ("follow-up", "09:00", "12:15")]
)
def test_programme_runs_from_login_to_closing(agendas: dict[str, Agenda], key: str, first: str, last: str) -> None:
    blocks = agendas[key].blocks

    assert hhmm(blocks[0].start) == first
    assert hhmm(blocks[-1].end) == last
    assert blocks[0].kind == "login"
    assert blocks[0].title.startswith("Inloggen op Zoom/Teams/Webex")
    assert blocks[-1].kind == "closing"
    assert blocks[-1].title == "Hoe gaan we verder?"


@pytest.mark.parametrize("key", ["startbijeenkomst", "follow-up"])
def test_programme_blocks_follow_each_other_without_gaps(agendas: dict[str, Agenda], key: str) -> None:
    blocks = agendas[key].blocks

    assert [b.start for b in blocks[1:]] == [b.end for b in blocks[:-1]]


def test_startbijeenkomst_lasts_three_and_a_half_hours(startbijeenkomst: Agenda) -> None:
    assert sum(b.minutes for b in startbijeenkomst.blocks) == 210


def test_startbijeenkomst_has_two_zelfscan_breakouts_per_municipality(startbijeenkomst: Agenda) -> None:
    breakouts = [b for b in startbijeenkomst.blocks if b.kind == "breakout"]

    assert [span(b) for b in breakouts] == [("10:25", "11:00"), ("11:25", "12:00")]
    assert [b.breakout.questions for b in breakouts if b.breakout] == [(1, 14), (15, 31)]
    assert all(b.breakout and b.breakout.groups == "per_municipality" for b in breakouts)
    assert all(b.breakout and b.breakout.work == "zelfscan" for b in breakouts)


def test_each_zelfscan_breakout_is_followed_by_first_results(startbijeenkomst: Agenda) -> None:
    blocks = startbijeenkomst.blocks
    after_breakouts = [blocks[i + 1] for i, b in enumerate(blocks) if b.kind == "breakout"]

    assert [span(b) for b in after_breakouts] == [("11:00", "11:15"), ("12:00", "12:15")]
    assert all(b.results for b in after_breakouts)
    assert [b.title.split(":")[0] for b in after_breakouts] == [
        "Eerste resultaten van de zelfscan (vragen 1 t/m 14)",
        "Resultaten van de hele zelfscan (vragen 1 t/m 31)",
    ]


def test_follow_up_starts_with_the_wheel_and_the_main_themes(follow_up: Agenda) -> None:
    terugblik, uitkomsten = follow_up.blocks[1], follow_up.blocks[2]

    assert "terugblik" in terugblik.title
    assert terugblik.wheel
    assert "welke thema's springen eruit" in uitkomsten.title
    assert uitkomsten.results


def test_follow_up_works_in_mixed_theme_groups_then_per_municipality_on_the_plan(follow_up: Agenda) -> None:
    breakouts = [b for b in follow_up.blocks if b.kind == "breakout"]

    assert [span(b) for b in breakouts] == [("10:15", "10:45"), ("11:30", "12:00")]
    assert [(b.breakout.groups, b.breakout.work) for b in breakouts if b.breakout] == [
        ("mixed_themes", "themes"),
        ("per_municipality", "plan_van_aanpak"),
    ]
    assert all(b.breakout and b.breakout.questions is None for b in breakouts)


@pytest.mark.parametrize("key", ["startbijeenkomst", "follow-up"])
def test_only_breakout_blocks_say_how_groups_are_formed(agendas: dict[str, Agenda], key: str) -> None:
    for block in agendas[key].blocks:
        assert (block.kind == "breakout") == (block.breakout is not None), block.title


def test_speakers_are_left_as_placeholders_for_the_organiser(startbijeenkomst: Agenda) -> None:
    speakers = {b.speaker for b in startbijeenkomst.blocks if b.speaker}

    assert speakers == {"[naam en functie invullen]"}


# --- the zelfscan question set ------------------------------------------------------------


def test_default_question_set_has_31_questions_numbered_from_1(zelfscan: QuestionSet) -> None:
    assert [q.number for q in zelfscan.questions] == list(range(1, 32))
    assert zelfscan.label == "kwaliteitskader-2021 v1"


def test_question_set_covers_the_ten_kwaliteitsstandaarden(zelfscan: QuestionSet) -> None:
    assert [s.number for s in zelfscan.standards] == list(range(1, 11))
    assert {q.standard for q in zelfscan.questions} == set(range(1, 11))


def test_zelfscan_is_asked_in_two_blocks(zelfscan: QuestionSet) -> None:
    assert [(b.number, b.questions) for b in zelfscan.blocks] == [(1, (1, 14)), (2, (15, 31))]
    assert len(zelfscan.questions_between(1, 14)) == 14
    assert len(zelfscan.questions_between(15, 31)) == 17


@pytest.mark.parametrize(
    ("numbers", "standard", "subs"),
    [
        pytest.param([1], 1, [None], id="Q1 = standaard 1"),
        pytest.param([2], 2, [None], id="Q2 = standaard 2"),
        pytest.param([3, 4, 5, 6, 7], 3, list("abcde"), id="Q3-7 = 3a-e"),
        pytest.param([8, 9, 10, 11, 12], 6, list("abcde"), id="Q8-12 = 6a-e"),
        pytest.param([13], 9, [None], id="Q13 = standaard 9"),
        pytest.param([14], 10, [None], id="Q14 = standaard 10"),
        pytest.param([15], 4, [None], id="Q15 = standaard 4"),
        pytest.param([16], 5, [None], id="Q16 = standaard 5"),
        pytest.param(list(range(17, 23)), 7, list("abcdef"), id="Q17-22 = 7a-f"),
        pytest.param(list(range(23, 32)), 8, list("abdefghij"), id="Q23-31 = 8a,b,d-j"),
    ],
)
def test_questions_belong_to_their_kwaliteitsstandaard(
    zelfscan: QuestionSet, numbers: list[int], standard: int, subs: list[str | None]
) -> None:
    questions = [zelfscan.question(n) for n in numbers]

    assert [q.standard for q in questions] == [standard] * len(numbers)
    assert [q.sub for q in questions] == subs
    assert [q.number for q in zelfscan.questions if q.standard == standard] == numbers


def test_standard_8c_is_asked_once_as_3d(zelfscan: QuestionSet) -> None:
    assert not [q for q in zelfscan.questions if q.standard == 8 and q.sub == "c"]
    assert (zelfscan.question(6).standard, zelfscan.question(6).sub) == (3, "d")


def test_samenwerkingsafspraken_with_veilig_thuis_come_as_a_checklist_a_to_g(zelfscan: QuestionSet) -> None:
    q14 = zelfscan.question(14)

    assert [item.sub for item in q14.checklist] == list("abcdefg")
    assert all(item.text for item in q14.checklist)
    assert [q.number for q in zelfscan.questions if q.checklist] == [14]


def test_standards_are_grouped_as_in_the_plan_van_aanpak(zelfscan: QuestionSet) -> None:
    groups = {s.number: s.group for s in zelfscan.standards}

    assert groups == {
        1: "1-2",
        2: "1-2",
        3: "3-6",
        6: "3-6",
        4: "4-5-7-8",
        5: "4-5-7-8",
        7: "4-5-7-8",
        8: "4-5-7-8",
        9: "9",
        10: "10",
    }


def test_looking_up_a_question_or_standard_that_does_not_exist_fails(zelfscan: QuestionSet) -> None:
    with pytest.raises(KeyError):
        zelfscan.question(0)
    with pytest.raises(KeyError):
        zelfscan.question(32)
    with pytest.raises(KeyError):
        zelfscan.standard(11)
    assert zelfscan.standard(10).title == "Samenwerkingsafspraken met Veilig Thuis"


# --- broken programmes are refused with a clear message -----------------------------------


def programme(**block_2: Any) -> dict[str, Any]:
    """A small valid programme; keyword arguments change (or, with None, drop) fields of block 2."""
    welkom: dict[str, Any] = {"start": "09:30", "end": "09:45", "kind": "plenary", "title": "Welkom"}
    for field, value in block_2.items():
        if value is None:
            welkom.pop(field, None)
        else:
            welkom[field] = value
    return {
        "key": "test",
        "title": "Testbijeenkomst",
        "bijlage": 1,
        "blocks": [
            {"start": "09:00", "end": "09:30", "kind": "login", "title": "Inloggen"},
            welkom,
            {"start": "09:45", "end": "10:00", "kind": "closing", "title": "Hoe gaan we verder?"},
        ],
    }


def write(folder: Path, name: str, data: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def refusal(folder: Path) -> str:
    with pytest.raises(CatalogError) as caught:
        load_agendas(folder)
    return str(caught.value)


def test_small_valid_programme_loads(tmp_path: Path) -> None:
    """The baseline for the broken variants below: only their one change breaks them."""
    write(tmp_path, "test.yaml", programme())

    agenda = load_agendas(tmp_path)["test"]

    assert [span(b) for b in agenda.blocks] == [("09:00", "09:30"), ("09:30", "09:45"), ("09:45", "10:00")]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        pytest.param({"start": "9.30"}, "veld 'start': tijd '9.30' is niet in de vorm UU:MM", id="bad time"),
        pytest.param({"end": "25:00"}, "veld 'end': tijd '25:00' is niet in de vorm UU:MM", id="impossible time"),
        pytest.param({"end": "09:20"}, "eindtijd 09:20 ligt niet na begintijd 09:30", id="end before start"),
        pytest.param({"end": "09:30"}, "eindtijd 09:30 ligt niet na begintijd 09:30", id="end equals start"),
        pytest.param({"kind": "lunch"}, "veld 'kind'", id="unknown kind"),
        pytest.param({"kind": "breakout"}, "een 'breakout'-deel", id="breakout block without breakout part"),
        pytest.param(
            {"breakout": {"groups": "per_municipality", "work": "zelfscan"}},
            "een 'breakout'-deel",
            id="plenary block with breakout part",
        ),
        pytest.param(
            {"kind": "breakout", "breakout": {"groups": "per_region", "work": "zelfscan"}},
            "veld 'breakout.groups'",
            id="unknown way of forming groups",
        ),
        pytest.param({"title": ""}, "veld 'title'", id="empty title"),
        pytest.param({"title": None}, "veld 'title'", id="missing title"),
        pytest.param({"sprekr": "Iemand"}, "veld 'sprekr'", id="misspelt field"),
    ],
)
def test_broken_block_is_refused_naming_file_block_and_problem(
    tmp_path: Path, change: dict[str, Any], problem: str
) -> None:
    path = write(tmp_path, "regio-oost.yaml", programme(**change))

    message = refusal(tmp_path)

    where = "blok 2 (Welkom)" if change.get("title", "Welkom") else "blok 2"
    assert message.startswith(f"{path}: {where}")
    assert problem in message


def test_unknown_kind_lists_the_kinds_that_exist(tmp_path: Path) -> None:
    write(tmp_path, "regio-oost.yaml", programme(kind="lunch"))

    message = refusal(tmp_path)

    for kind in ("login", "plenary", "break", "breakout", "feedback", "closing"):
        assert f"'{kind}'" in message


def test_block_title_in_the_message_is_shortened(tmp_path: Path) -> None:
    write(tmp_path, "lang.yaml", programme(title="Welkom " + "en nog veel meer " * 10, end="09:00"))

    message = refusal(tmp_path)

    assert "blok 2 (Welkom en nog veel meer" in message
    assert "veel meer " * 10 not in message


def test_unquoted_time_is_refused_not_misread(tmp_path: Path) -> None:
    """YAML reads an unquoted 10:25 as the number 625; the programme must not load with it."""
    (tmp_path / "los.yaml").write_text(
        "key: test\ntitle: T\nbijlage: 1\nblocks:\n"
        '  - {start: "09:00", end: "09:30", kind: login, title: Inloggen}\n'
        '  - {start: 10:25, end: "11:00", kind: plenary, title: Welkom}\n',
        encoding="utf-8",
    )

    message = refusal(tmp_path)

    assert "los.yaml" in message
    assert "blok 2 (Welkom), veld 'start'" in message


def test_overlapping_blocks_are_refused(tmp_path: Path) -> None:
    data = programme()
    data["blocks"][2]["start"] = "09:40"
    path = write(tmp_path, "overlap.yaml", data)

    message = refusal(tmp_path)

    assert message.startswith(f"{path}: ")
    assert "blok 3 begint vóór het einde van blok 2" in message


def test_programme_without_blocks_is_refused(tmp_path: Path) -> None:
    data = programme()
    data["blocks"] = []
    path = write(tmp_path, "leeg.yaml", data)

    message = refusal(tmp_path)

    assert message.startswith(f"{path}: ")
    assert "veld 'blocks'" in message


def test_file_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kapot.yaml"
    path.write_text("key: test\nblocks: [\n", encoding="utf-8")

    message = refusal(tmp_path)

    assert message.startswith(f"{path}: geen geldige YAML")


def test_two_programmes_with_the_same_key_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", programme())
    second = write(tmp_path, "b.yaml", programme())

    message = refusal(tmp_path)

    assert message == f"{second}: programma-sleutel 'test' komt twee keer voor"


def test_folder_without_programmes_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path)

    assert str(tmp_path) in message
    assert "geen programma's" in message


def test_one_broken_file_stops_the_load_even_next_to_good_ones(tmp_path: Path) -> None:
    write(tmp_path, "a-goed.yaml", programme())
    broken = write(tmp_path, "b-kapot.yaml", {**programme(end="09:00"), "key": "other"})

    message = refusal(tmp_path)

    assert message.startswith(f"{broken}: blok 2 (Welkom)")


# --- the plan groups live in the question set, and only there --------------------------------


def test_plan_groups_and_their_titles_come_from_the_question_set(zelfscan: QuestionSet) -> None:
    assert [(g.key, [s.number for s in zelfscan.standards_in(g.key)]) for g in zelfscan.plan_groups] == [
        ("1-2", [1, 2]),
        ("3-6", [3, 6]),
        ("4-5-7-8", [4, 5, 7, 8]),
        ("9", [9]),
        ("10", [10]),
    ]
    assert zelfscan.plan_group("1-2").title == "Kwaliteitsstandaarden 1 en 2: Gemeentelijke regie"
    assert zelfscan.standard(5).text.startswith("Lokale teams beschikken over voldoende capaciteit")


def shipped_question_set() -> dict[str, Any]:
    path = Path(__file__).resolve().parents[2] / "app/catalog/data/questionsets/kwaliteitskader-2021.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def question_set_refusal(folder: Path, data: dict[str, Any]) -> tuple[Path, str]:
    path = write(folder, "regio.yaml", data)
    with pytest.raises(CatalogError) as caught:
        load_question_sets(folder)
    return path, str(caught.value)


def test_a_standard_in_a_plan_group_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    data = shipped_question_set()
    data["standards"][8]["group"] = "9-10"
    path, message = question_set_refusal(tmp_path, data)
    assert message.startswith(f"{path}: ")
    assert "standaard 9: groep '9-10' staat niet in 'plan_groups' (wel: 1-2, 3-6, 4-5-7-8, 9, 10)" in message


def test_a_plan_group_twice_or_without_standards_is_refused(tmp_path: Path) -> None:
    data = shipped_question_set()
    data["plan_groups"].append({"key": "10", "title": "Nog eens 10"})
    assert "plangroep '10' staat twee keer in 'plan_groups'" in question_set_refusal(tmp_path, data)[1]
    data = shipped_question_set()
    data["plan_groups"].append({"key": "11", "title": "Regionale afspraken"})
    assert "plangroep '11' in 'plan_groups' heeft geen standaarden" in question_set_refusal(tmp_path, data)[1]


def test_a_plan_group_without_a_title_or_no_plan_groups_at_all_are_refused(tmp_path: Path) -> None:
    data = shipped_question_set()
    data["plan_groups"][1]["title"] = ""
    assert "plangroep 2 (3-6), veld 'title': is te kort of leeg" in question_set_refusal(tmp_path, data)[1]
    data = shipped_question_set()
    del data["plan_groups"]
    assert "veld 'plan_groups': ontbreekt" in question_set_refusal(tmp_path, data)[1]
