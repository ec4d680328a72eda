"""The JSON API: creating a meeting, the question set, the programmes and the results."""

from __future__ import annotations

import re

SAFE_JOIN_CODE = re.compile(r"^[ACDEFGHJKMNPQRTUVWXY34679]{6}$")


def new_meeting(**overrides):
    return {
        "region": "Regio Amstelland",
        "date": "2026-12-01",
        "municipalities": ["Amstelveen", "Bussum", "Castricum"],
        **overrides,
    }


def test_organiser_creates_a_meeting_and_gets_its_links_and_a_readable_join_code(client, organiser_headers):
    response = client.post("/api/meetings", json=new_meeting(), headers=organiser_headers)

    assert response.status_code == 201
    links = response.json()
    assert SAFE_JOIN_CODE.match(links["join_code"]), links["join_code"]
    assert links["region"] == "Regio Amstelland"
    assert links["join_url"].endswith(f"/j/{links['join_code']}")
    assert links["qr_url"].endswith(f"/qr/{links['join_code']}.svg")
    for name in ("facilitator_url", "gespreksleider_url", "display_url", "organiser_url"):
        assert links[name].startswith("http")
    assert len({links["facilitator_url"], links["gespreksleider_url"], links["display_url"]}) == 3


def test_join_codes_never_contain_characters_that_are_easy_to_misread(client, organiser_headers):
    codes = {
        client.post("/api/meetings", json=new_meeting(), headers=organiser_headers).json()["join_code"]
        for _ in range(25)
    }

    assert len(codes) == 25
    for code in codes:
        assert SAFE_JOIN_CODE.match(code), code
        assert not set(code) & set("0O1IL5S2Z8B")


def test_created_meeting_can_be_read_back_with_its_municipalities(client, organiser_headers):
    links = client.post("/api/meetings", json=new_meeting(privacy_mode="named"), headers=organiser_headers).json()

    meeting = client.get(f"/api/meetings/{links['id']}", headers=organiser_headers).json()

    assert [m["name"] for m in meeting["municipalities"]] == ["Amstelveen", "Bussum", "Castricum"]
    assert meeting["question_set"] == {"key": "kwaliteitskader-2021", "version": meeting["question_set"]["version"]}
    assert meeting["privacy_mode"] == "named"
    assert meeting["links"]["join_code"] == links["join_code"]


def test_participant_can_join_with_a_code_typed_in_lower_case(client, workshop):
    response = client.post(
        f"/api/j/{workshop.code.lower()}/join", json={"municipality_id": workshop.municipality_id("Bussum")}
    )

    assert response.status_code == 201
    assert response.json()["municipality_id"] == workshop.municipality_id("Bussum")


def test_question_set_kwaliteitskader_2021_has_31_numbered_questions_with_standard_and_sub(client):
    response = client.get("/api/question-sets/kwaliteitskader-2021")

    assert response.status_code == 200
    question_set = response.json()
    questions = question_set["questions"]
    assert len(questions) == 31
    assert [q["number"] for q in questions] == list(range(1, 32))
    standards = {s["number"] for s in question_set["standards"]}
    for question in questions:
        assert {"number", "standard", "sub", "text"} <= question.keys()
        assert question["standard"] in standards
        assert question["text"].strip()
    assert any(q["sub"] for q in questions), "some questions are sub-questions (e.g. 2a)"


def test_question_sets_are_listed_with_their_number_of_questions(client):
    listing = client.get("/api/question-sets").json()

    assert {"key": "kwaliteitskader-2021", "questions": 31}.items() <= next(
        q for q in listing if q["key"] == "kwaliteitskader-2021"
    ).items()


def test_both_programmes_are_offered(client):
    agendas = client.get("/api/agendas").json()

    assert {"startbijeenkomst", "follow-up"} <= agendas.keys()
    for agenda in agendas.values():
        assert agenda["blocks"], agenda["key"]
    breakouts = [b for b in agendas["startbijeenkomst"]["blocks"] if b["kind"] == "breakout"]
    assert [b["breakout"]["questions"] for b in breakouts] == [[1, 14], [15, 31]]


def test_meeting_with_the_follow_up_programme_can_be_created(client, organiser_headers):
    response = client.post(
        "/api/meetings", json=new_meeting(agenda_key="follow-up", scan_kind="evaluatie"), headers=organiser_headers
    )

    assert response.status_code == 201


def _standard_with_several_questions(client):
    questions = client.get("/api/question-sets/kwaliteitskader-2021").json()["questions"]
    by_standard: dict[int, list[int]] = {}
    for q in questions:
        by_standard.setdefault(q["standard"], []).append(q["number"])
    standard, numbers = next((s, n) for s, n in sorted(by_standard.items()) if len(n) >= 2)
    return standard, numbers


def _answer_all(phone, numbers, status):
    for number in numbers:
        assert phone.answer(number, status=status).status_code == 200


def test_results_give_the_share_op_orde_per_municipality_and_standard_and_the_regional_mean(
    client, workshop, organiser_headers
):
    standard, numbers = _standard_with_several_questions(client)
    amstelveen, bussum = workshop.join("Amstelveen"), workshop.join("Bussum")
    _answer_all(bussum, numbers, "op_orde")
    amstelveen.answer(numbers[0], status="op_orde")
    amstelveen.answer(numbers[1], status="niet_op_orde")

    results = workshop.results(organiser_headers, privacy="named")

    scores = {m["label"]: m["scores"][str(standard)] for m in results["municipalities"]}
    amstelveen_share = round(100 / len(numbers), 1)
    assert scores == {"Amstelveen": amstelveen_share, "Bussum": 100.0, "Castricum": 0.0}
    assert results["regional_average"][str(standard)] == round((amstelveen_share + 100.0 + 0.0) / 3, 1)
    assert results["fully_op_orde"][str(standard)] == 1
    assert results["municipality_count"] == 3
    answered = {m["label"]: m["answered"] for m in results["municipalities"]}
    assert answered == {"Amstelveen": 2, "Bussum": len(numbers), "Castricum": 0}
    assert results["most_niet_op_orde"] == [{"question": numbers[1], "municipalities": 1}]


def test_anonymised_results_show_gemeente_a_and_never_the_real_name(client, workshop, organiser_headers):
    workshop.join("Amstelveen").answer(1, status="op_orde", toelichting="Amstelveen heeft dit geregeld")

    response = client.get(
        f"/api/meetings/{workshop.meeting.id}/results", headers=organiser_headers, params={"privacy": "anonymised"}
    )

    results = response.json()
    assert [m["label"] for m in results["municipalities"]] == ["Gemeente A", "Gemeente B", "Gemeente C"]
    for real_name in ("Amstelveen", "Bussum", "Castricum"):
        assert real_name not in response.text


def test_results_follow_the_meetings_privacy_mode_when_none_is_asked(client, workshop, organiser_headers):
    results = workshop.results(organiser_headers)

    assert results["privacy_mode"] == "anonymised"
    assert results["municipalities"][0]["label"] == "Gemeente A"


def test_regional_results_have_no_list_of_municipalities(client, workshop, organiser_headers):
    workshop.join("Bussum").answer(1, status="op_orde")

    response = client.get(
        f"/api/meetings/{workshop.meeting.id}/results", headers=organiser_headers, params={"privacy": "regional"}
    )

    results = response.json()
    assert results["privacy_mode"] == "regional"
    assert not results["municipalities"]
    assert results["municipality_count"] == 3
    assert results["regional_average"]
    for real_name in ("Amstelveen", "Bussum", "Castricum", "Gemeente A"):
        assert real_name not in response.text


def test_openapi_documents_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]

    for path in (
        "/api/meetings",
        "/api/meetings/{meeting_id}",
        "/api/meetings/{meeting_id}/results",
        "/api/question-sets/{key}",
        "/api/agendas",
        "/api/j/{code}/join",
        "/api/j/{code}/room",
        "/api/j/{code}/questions/{number}/view",
        "/api/j/{code}/questions/{number}/answer",
        "/api/f/{token}/clock/{action}",
        "/api/f/{token}/themes/proposal",
        "/api/meetings/{meeting_id}/wheel",
        "/api/meetings/{meeting_id}/wheel/questions",
        "/api/meetings/{meeting_id}/wheel/questions/{question_id}",
        "/api/meetings/{meeting_id}/wheel/questions/{question_id}/remove",
        "/api/meetings/{meeting_id}/export/minutes.docx",
        "/api/meetings/{meeting_id}/export/results.xlsx",
        "/api/meetings/{meeting_id}/export/plan/region.docx",
        "/api/meetings/{meeting_id}/export/plan/{municipality_id}.docx",
        "/api/meetings/{meeting_id}/import",
    ):
        assert path in paths, path
    assert "post" in paths["/api/meetings"]
    assert "get" in paths["/api/meetings/{meeting_id}/results"]
    assert "post" in paths["/api/meetings/{meeting_id}/wheel/questions/{question_id}/remove"]
    assert "get" in paths["/api/meetings/{meeting_id}/export/minutes.docx"]
    for old in (
        "/api/j/{code}/kamer",
        "/api/j/{code}/vragen/{number}/antwoord",
        "/api/f/{token}/klok/{action}",
        "/api/meetings/{meeting_id}/rad",
        "/api/meetings/{meeting_id}/export/verslag.docx",
        "/api/meetings/{meeting_id}/export/verslag",
    ):
        assert old not in paths, old
    assert not [path for path in paths if path.startswith("/organisator/meetings")]  # redirects stay out of the docs
    api_tags = {
        tag for path, ops in paths.items() if path.startswith("/api/") for op in ops.values() for tag in op["tags"]
    }
    assert api_tags == {"api"}
