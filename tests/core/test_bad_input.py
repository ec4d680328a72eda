"""Bad input gets a clear Dutch message and the right status, never a 500."""

from __future__ import annotations

import pytest


def new_meeting(**overrides):
    return {"region": "Regio Amstelland", "date": "2026-12-01", "municipalities": ["Amstelveen", "Bussum"], **overrides}


def errors_of(response) -> str:
    body = response.json()
    return " ".join([body["detail"], *body.get("errors", [])])


def test_too_long_region_is_refused_with_te_lang(client, organiser_headers):
    response = client.post("/api/meetings", json=new_meeting(region="R" * 81), headers=organiser_headers)

    assert response.status_code == 422
    assert response.json()["detail"] == "De invoer klopt niet."
    assert "region: is te lang (maximaal 80 tekens)" in response.json()["errors"]


@pytest.mark.parametrize(
    ("field", "value", "dutch"),
    [
        ("date", "morgen", "moet een datum zijn"),
        ("municipalities", "Amstelveen", "moet een lijst zijn"),
        ("municipalities", [], "moet minstens 1 item(s) bevatten"),
        ("municipalities", ["Bussum", "bussum"], "staat er twee keer in"),
        ("region", 12, "moet tekst zijn"),
        ("region", "   ", "is te kort of leeg"),
        ("start_time", "25:00", "heeft niet de juiste vorm"),
        ("privacy_mode", "geheim", "moet een van deze waarden zijn"),
        ("surprise", 1, "is geen bekend veld"),
    ],
)
def test_wrong_values_when_creating_a_meeting_are_explained_in_dutch(client, organiser_headers, field, value, dutch):
    response = client.post("/api/meetings", json=new_meeting(**{field: value}), headers=organiser_headers)

    assert response.status_code == 422
    assert any(line.startswith(f"{field}") and dutch in line for line in response.json()["errors"]), response.json()


def test_missing_fields_are_named(client, organiser_headers):
    response = client.post("/api/meetings", json={}, headers=organiser_headers)

    assert response.status_code == 422
    assert {"region: ontbreekt", "date: ontbreekt", "municipalities: ontbreekt"} <= set(response.json()["errors"])


def test_a_body_that_is_not_json_is_refused_clearly(client, organiser_headers):
    response = client.post(
        "/api/meetings", content=b"{niet json", headers={**organiser_headers, "Content-Type": "application/json"}
    )

    assert response.status_code == 422
    assert "geen geldige JSON" in errors_of(response)


def test_unknown_programme_is_refused_with_the_choices(client, organiser_headers):
    response = client.post("/api/meetings", json=new_meeting(agenda_key="kerstborrel"), headers=organiser_headers)

    assert response.status_code == 422
    assert "Onbekend programma 'kerstborrel'" in response.json()["detail"]
    assert "startbijeenkomst" in response.json()["detail"]


def test_unknown_meeting_id_is_404(client, organiser_headers):
    response = client.get("/api/meetings/999", headers=organiser_headers)

    assert response.status_code == 404
    assert response.json()["detail"] == "Bijeenkomst 999 bestaat niet."


def test_meeting_id_that_is_not_a_number_is_422(client, organiser_headers):
    response = client.get("/api/meetings/abc/results", headers=organiser_headers)

    assert response.status_code == 422
    assert "moet een geheel getal zijn" in errors_of(response)


def test_unknown_question_set_is_404(client):
    response = client.get("/api/question-sets/kwaliteitskader-1999")

    assert response.status_code == 404
    assert "bestaat niet" in response.json()["detail"]


def test_unknown_question_number_is_404(workshop):
    phone = workshop.join("Amstelveen")

    answer = phone.answer(99, status="op_orde")
    view = phone.give_view(99, "op_orde")

    assert answer.status_code == 404
    assert "Vraag 99 bestaat niet" in answer.json()["detail"]
    assert view.status_code == 404
    assert "Vraag 99 bestaat niet" in view.json()["detail"]


def test_question_zero_is_outside_the_schema_and_refused_in_dutch(workshop):
    response = workshop.join("Amstelveen").answer(0, status="op_orde")

    assert response.status_code == 422
    assert "number: moet minstens 1 zijn" in response.json()["errors"]


def test_invalid_status_value_is_422(workshop):
    phone = workshop.join("Amstelveen")

    answer = phone.answer(3, status="misschien")
    view = phone.give_view(3, "misschien")

    for response in (answer, view):
        assert response.status_code == 422
        assert "status: moet een van deze waarden zijn" in errors_of(response)


def test_toelichting_over_4000_characters_is_422(workshop):
    phone = workshop.join("Amstelveen")

    response = phone.answer(3, toelichting="x" * 4001)

    assert response.status_code == 422
    assert "toelichting: is te lang (maximaal 4000 tekens)" in response.json()["errors"]
    assert phone.answer(3, toelichting="x" * 4000).status_code == 200


def test_negative_base_version_is_422(workshop):
    response = workshop.join("Amstelveen").answer(3, base_version=-1, status="op_orde")

    assert response.status_code == 422
    assert "base_version: moet minstens 0 zijn" in response.json()["errors"]


def test_an_answer_with_nothing_in_it_is_refused(workshop):
    response = workshop.join("Amstelveen").answer(3)

    assert response.status_code == 422
    assert response.json()["detail"] == "Er is niets om op te slaan."


def test_unknown_checklist_item_is_refused(client, workshop):
    questions = client.get("/api/question-sets/kwaliteitskader-2021").json()["questions"]
    with_checklist = next(q for q in questions if q["checklist"])
    without_checklist = next(q for q in questions if not q["checklist"])
    phone = workshop.join("Amstelveen")

    unknown = phone.answer(with_checklist["number"], checklist=["zz"])
    none_there = phone.answer(without_checklist["number"], checklist=["a"])

    assert unknown.status_code == 422
    assert "Onbekend onderdeel van de checklist: zz" in unknown.json()["detail"]
    assert none_there.status_code == 422
    assert "heeft geen checklist" in none_there.json()["detail"]


def test_unknown_join_code_is_404(client):
    response = client.post("/api/j/XXXXXX/join", json={"municipality_id": 1})

    assert response.status_code == 404
    assert response.json()["detail"].startswith("Deze code hoort bij geen enkele bijeenkomst")


def test_unknown_join_code_on_the_start_page_is_shown_in_dutch(client):
    response = client.get("/meedoen", params={"code": "QQQQQQ"})

    assert response.status_code == 404
    assert "Deze code hoort bij geen enkele bijeenkomst" in response.text


def test_joining_a_municipality_of_another_meeting_is_refused(workshop, other_workshop, client):
    response = client.post(
        f"/api/j/{workshop.code}/join", json={"municipality_id": other_workshop.municipality_id("Diemen")}
    )

    assert response.status_code == 404
    assert response.json()["detail"] == "Deze gemeente hoort niet bij deze bijeenkomst."


def test_pausing_before_the_programme_started_is_422_in_dutch(workshop):
    response = workshop.clock("pause")

    assert response.status_code == 422
    assert response.json()["detail"] == "Er loopt nog geen blok. Start eerst het programma."


@pytest.mark.parametrize(
    ("actions", "dutch"),
    [
        (["start", "start"], "Het programma is al gestart."),
        (["start", "pause", "pause"], "Dat kan nu niet: het blok is al gepauzeerd."),
        (["start", "resume"], "Dat kan nu niet: het blok loopt al."),
        (["start", "previous"], "Er is geen vorig blok."),
        (["start", "dansen"], "Onbekende actie 'dansen'."),
    ],
)
def test_clock_actions_that_do_not_fit_are_refused_in_dutch(workshop, actions, dutch):
    *setup, last = actions
    for action in setup:
        assert workshop.clock(action).status_code == 200

    response = workshop.clock(last)

    assert response.status_code == 422
    assert response.json()["detail"] == dutch


def test_next_after_the_last_block_says_the_programme_is_over(workshop):
    response = workshop.clock("start")
    while not response.json()["finished"]:
        response = workshop.clock("next")

    response = workshop.clock("next")

    assert response.status_code == 422
    assert response.json()["detail"] == "Het programma is al afgelopen."


def test_unknown_privacy_mode_for_results_is_422(client, workshop, organiser_headers):
    response = client.get(
        f"/api/meetings/{workshop.meeting.id}/results", headers=organiser_headers, params={"privacy": "geheim"}
    )

    assert response.status_code == 422
    assert "Onbekende privacystand" in response.json()["detail"]


def test_unknown_privacy_mode_from_the_dashboard_is_422(client, workshop):
    response = client.post(
        f"/f/{workshop.meeting.facilitator_token}/privacy",
        data={"mode": "geheim"},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 422
    assert "Onbekende privacystand" in response.json()["detail"]


def test_a_form_with_a_wrong_value_gets_a_dutch_error_page_not_a_500(workshop):
    phone = workshop.join("Amstelveen")

    response = phone.post(f"/j/{workshop.code}/vraag/3/antwoord", data={"base_version": "nul", "status": "op_orde"})

    assert response.status_code == 422
    assert "De invoer klopt niet." in response.text
    assert "moet een geheel getal zijn" in response.text


def test_adding_a_municipality_twice_is_a_conflict(client, workshop, organiser_headers):
    response = client.post(
        f"/api/meetings/{workshop.meeting.id}/municipalities", json={"name": "amstelveen"}, headers=organiser_headers
    )

    assert response.status_code == 409
    assert "staat al in deze bijeenkomst" in response.json()["detail"]


def test_adding_a_municipality_with_a_name_that_is_not_text_is_422(client, workshop, organiser_headers):
    response = client.post(
        f"/api/meetings/{workshop.meeting.id}/municipalities", json={"name": 42}, headers=organiser_headers
    )

    assert response.status_code == 422
