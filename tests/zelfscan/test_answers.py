"""Answers in a room: every change kept with who and when, no lost updates, merges, own views."""

from __future__ import annotations

from sqlmodel import select

from app.zelfscan.models import AnswerChange


def changes_of(session, question: int) -> list[AnswerChange]:
    session.expire_all()
    return list(session.exec(select(AnswerChange).where(AnswerChange.question == question).order_by(AnswerChange.id)))


def test_every_change_is_kept_with_who_and_when(workshop, session):
    anna, bram = workshop.join("Amstelveen", name="Anna"), workshop.join("Amstelveen", name="Bram")

    first = anna.answer(3, status="op_orde")
    second = bram.answer(
        3, base_version=first.json()["version"], status="niet_op_orde", toelichting="Nog geen afspraken"
    )

    assert first.status_code == second.status_code == 200
    history = changes_of(session, 3)
    assert [(c.field, c.old, c.new) for c in history] == [
        ("status", "open", "op_orde"),
        ("status", "op_orde", "niet_op_orde"),
        ("toelichting", "", "Nog geen afspraken"),
    ]
    anna_id, bram_id = (p.participant_id for p in (anna, bram))
    assert [c.participant_id for c in history] == [anna_id, bram_id, bram_id]
    assert all(c.at > 0 for c in history)
    assert history[0].at <= history[1].at
    assert {c.municipality_id for c in history} == {workshop.municipality_id("Amstelveen")}
    assert second.headers["X-Change-Id"] == str(history[-1].id)


def test_saving_the_same_answer_again_is_not_a_new_change(workshop, session):
    phone = workshop.join("Amstelveen")
    first = phone.answer(3, status="op_orde")

    again = phone.answer(3, base_version=first.json()["version"], status="op_orde")

    assert again.status_code == 200
    assert again.json()["version"] == first.json()["version"]
    assert again.headers["X-Change-Id"] == ""
    assert len(changes_of(session, 3)) == 1


def test_second_person_changing_the_same_field_on_the_same_version_gets_409_with_the_current_answer(workshop, session):
    anna, bram = workshop.join("Amstelveen", name="Anna"), workshop.join("Amstelveen", name="Bram")
    base = 0

    accepted = anna.answer(3, base_version=base, toelichting="Anna: convenant is getekend")
    refused = bram.answer(3, base_version=base, toelichting="Bram: convenant is nog concept")

    assert accepted.status_code == 200
    assert refused.status_code == 409
    conflict = refused.json()
    assert conflict["detail"].startswith("Iemand anders in jouw kamer heeft de toelichting net aangepast.")
    assert conflict["fields"] == ["toelichting"]
    assert conflict["current"]["toelichting"] == "Anna: convenant is getekend"
    assert conflict["current"]["version"] == accepted.json()["version"]
    assert [c.new for c in changes_of(session, 3)] == ["Anna: convenant is getekend"]

    retried = bram.answer(
        3, base_version=conflict["current"]["version"], toelichting="Anna: getekend. Bram: bijlage nog concept"
    )

    assert retried.status_code == 200
    assert [c.new for c in changes_of(session, 3)] == [
        "Anna: convenant is getekend",
        "Anna: getekend. Bram: bijlage nog concept",
    ]


def test_changes_to_different_fields_on_the_same_version_merge(workshop):
    anna, bram = workshop.join("Amstelveen", name="Anna"), workshop.join("Amstelveen", name="Bram")

    status = anna.answer(3, base_version=0, status="op_orde")
    toelichting = bram.answer(3, base_version=0, toelichting="Staat in het beleidsplan")
    nuancering = anna.answer(3, base_version=0, nuancering="Behalve voor jeugd")

    assert [r.status_code for r in (status, toelichting, nuancering)] == [200, 200, 200]
    merged = nuancering.json()
    assert (merged["status"], merged["toelichting"], merged["nuancering"]) == (
        "op_orde",
        "Staat in het beleidsplan",
        "Behalve voor jeugd",
    )
    assert merged["version"] == 3


def test_checklist_is_kept_sorted_and_without_doubles(client, workshop):
    question = next(
        q for q in client.get("/api/question-sets/kwaliteitskader-2021").json()["questions"] if len(q["checklist"]) >= 2
    )
    first, second = question["checklist"][0]["sub"], question["checklist"][1]["sub"]

    response = workshop.join("Bussum").answer(question["number"], checklist=[second, first, second])

    assert response.status_code == 200
    assert response.json()["checklist"] == sorted([first, second])


def test_each_participant_keeps_their_own_view(workshop):
    anna, bram = workshop.join("Amstelveen", name="Anna"), workshop.join("Amstelveen", name="Bram")
    workshop.start_first_zelfscan_block()

    assert anna.give_view(3, "op_orde").status_code == 200
    assert bram.give_view(3, "niet_op_orde").status_code == 200

    anna_q3 = next(q for q in anna.room()["questions"] if q["question"] == 3)
    bram_q3 = next(q for q in bram.room()["questions"] if q["question"] == 3)
    assert anna_q3["own_view"] == "op_orde"
    assert bram_q3["own_view"] == "niet_op_orde"
    assert anna_q3["status"] == "open", "own views do not change the room's agreed answer"


def test_own_view_changes_are_kept_in_the_history(workshop, session):
    anna = workshop.join("Amstelveen", name="Anna")

    anna.give_view(3, "op_orde")
    anna.give_view(3, "niet_op_orde")

    assert [(c.field, c.old, c.new, c.participant_id) for c in changes_of(session, 3)] == [
        ("view", "open", "op_orde", anna.participant_id),
        ("view", "op_orde", "niet_op_orde", anna.participant_id),
    ]


def test_meningen_verdeeld_shows_up_in_the_results(workshop, organiser_headers):
    anna, bram = workshop.join("Amstelveen", name="Anna"), workshop.join("Amstelveen", name="Bram")
    carla, daan = workshop.join("Bussum", name="Carla"), workshop.join("Bussum", name="Daan")
    anna.give_view(3, "op_orde")
    bram.give_view(3, "niet_op_orde")
    carla.give_view(3, "niet_op_orde")
    daan.give_view(3, "op_orde")
    carla.give_view(5, "op_orde")
    daan.give_view(5, "niet_op_orde")
    anna.give_view(7, "op_orde")
    bram.give_view(7, "op_orde")

    results = workshop.results(organiser_headers)

    assert results["most_disagreement"] == [{"question": 3, "split_rooms": 2}, {"question": 5, "split_rooms": 1}]
