"""The follow-up meeting: themes proposed from the startbijeenkomst, mixed theme groups, plans van aanpak."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.followup.models import PlanRow, Theme, ThemeAnswer
from app.meetings import service as meetings
from app.meetings.models import Meeting
from app.zelfscan.models import RoomAnswer

JSON = {"accept": "application/json"}
THEMES_BLOCK = 3  # "Aan de slag met de thema's" in the follow-up programme


def _answer(
    session: Session, meeting: Meeting, municipality: str, question: int, status: str, toelichting: str = ""
) -> None:
    by_name = {m.name: m for m in meetings.municipalities_of(session=session, meeting=meeting)}
    session.add(
        RoomAnswer(
            meeting_id=meeting.id or 0,
            municipality_id=by_name[municipality].id or 0,
            question=question,
            status=status,
            toelichting=toelichting,
        )
    )
    session.commit()


def _linked_follow_up(make_meeting: Any, session: Session) -> tuple[Meeting, Meeting]:
    """A startbijeenkomst where standard 1 (questions 1-2) is niet op orde in Amstelveen, and its follow-up."""
    start = make_meeting()
    catalog_questions = range(1, 32)
    for municipality in ("Amstelveen", "Bussum", "Castricum"):
        for q in catalog_questions:
            _answer(session, start, municipality, q, "op_orde")
    for row in session.exec(select(RoomAnswer).where(RoomAnswer.meeting_id == start.id)):
        session.delete(row)
    session.commit()
    for municipality in ("Amstelveen", "Bussum", "Castricum"):
        for q in catalog_questions:
            niet = q <= 2 or (q == 13 and municipality == "Amstelveen")
            _answer(
                session,
                start,
                municipality,
                q,
                "niet_op_orde" if niet else "op_orde",
                toelichting=f"{municipality} over vraag {q}" if niet else "",
            )
    follow_up = make_meeting(agenda_key="follow-up", scan_source_id=start.id)
    return start, follow_up


def test_themes_are_proposed_from_the_linked_startbijeenkomst(
    client: TestClient, make_meeting: Any, session: Session
) -> None:
    _, follow_up = _linked_follow_up(make_meeting, session)
    proposal = client.get(f"/api/f/{follow_up.facilitator_token}/themes/proposal").json()
    assert proposal[0]["standard"] == 1 and proposal[0]["regional"] == 0.0 and proposal[0]["reason"] == "laag"
    assert any(p["standard"] == 9 and p["reason"] == "verschil" and p["spread"] > 0 for p in proposal)
    assert client.get("/api/f/fout/themes/proposal").status_code == 404


def test_facilitator_picks_and_renames_a_theme_and_an_empty_theme_is_refused(
    client: TestClient, make_meeting: Any, session: Session
) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    token = meeting.facilitator_token
    assert (
        client.post(f"/f/{token}/themas", data={"title": "Gemeentelijke regie", "standards": "1, 2"}).status_code == 204
    )
    [theme] = session.exec(select(Theme)).all()
    assert theme.standards == "1,2"
    assert client.post(f"/f/{token}/themas/{theme.id}", data={"title": "Regie en borging"}).status_code == 204
    empty = client.post(f"/f/{token}/themas", data={"title": "   "}, headers=JSON)
    assert empty.status_code == 422 and "titel" in empty.json()["detail"]
    wrong = client.post(f"/f/{token}/themas", data={"title": "Iets", "standards": "12"}, headers=JSON)
    assert wrong.status_code == 422 and "Standaard 12 bestaat niet" in wrong.json()["detail"]
    session.expire_all()
    assert [t.title for t in session.exec(select(Theme))] == ["Regie en borging"]


def test_theme_groups_are_mixed_and_warn_when_all_one_municipality(
    client: TestClient, make_meeting: Any, session: Session, phone: Any, go_to_block: Any
) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    go_to_block(meeting, THEMES_BLOCK)
    token = meeting.facilitator_token
    client.post(f"/f/{token}/themas", data={"title": "Zicht op veiligheid"})
    client.post(f"/f/{token}/themas", data={"title": "Capaciteit"})
    first, second = session.exec(select(Theme).order_by(Theme.id)).all()  # type: ignore[arg-type]
    anna, bram = phone(meeting, "Amstelveen", name="Anna"), phone(meeting, "Amstelveen", name="Bram")
    for person in (anna, bram):
        placed = client.post(f"/f/{token}/themas/{first.id}/leden", data={"participant_id": person.participant.id})
        assert placed.status_code == 204
    warning = "bestaat uit één gemeente"
    assert warning in client.get(f"/d/{meeting.display_token}").text
    carla = phone(meeting, "Castricum", name="Carla")
    client.cookies.clear()
    assert (
        client.post(f"/f/{token}/themas/{first.id}/leden", data={"participant_id": carla.participant.id}).status_code
        == 204
    )
    board = client.get(f"/d/{meeting.display_token}").text
    assert warning not in board and "Gemeente A, Gemeente C" in board  # anonymised: labels, never names
    assert "Amstelveen" not in board and "Castricum" not in board and "Carla" not in board
    client.post(f"/f/{token}/themas/{second.id}/leden", data={"participant_id": carla.participant.id})  # moved
    assert warning in client.get(f"/d/{meeting.display_token}").text
    assert (
        client.post(
            f"/f/{token}/themas/999/leden", data={"participant_id": carla.participant.id}, headers=JSON
        ).status_code
        == 404
    )


def test_theme_answers_merge_different_fields_and_refuse_a_stale_same_field_write(
    client: TestClient, make_meeting: Any, session: Session, phone: Any
) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    client.post(f"/f/{meeting.facilitator_token}/themas", data={"title": "Zicht op veiligheid"})
    theme = session.exec(select(Theme)).one()
    anna, carla = phone(meeting, "Amstelveen"), phone(meeting, "Castricum")
    for p in (anna, carla):
        client.post(
            f"/f/{meeting.facilitator_token}/themas/{theme.id}/leden", data={"participant_id": p.participant.id}
        )
    url = f"/j/{meeting.join_code}/thema/antwoord"
    assert (
        anna.post(url, data={"base_version": 0, "knelpunten": "Geen gedeeld risicotaxatie-instrument"}).status_code
        == 200
    )
    merged = carla.post(
        url,
        data={
            "base_version": 0,
            "kansen": "Regionale scholing",
            "scope": "regionaal",
            "kosten": "ja",
            "kosten_toelichting": "Scholing",
        },
    )
    assert merged.status_code == 200
    stale = carla.post(url, data={"base_version": 0, "knelpunten": "Carla's versie"})
    assert stale.status_code == 409
    assert (
        "Geen gedeeld risicotaxatie-instrument" in stale.text
        and "Iemand anders heeft intussen de knelpunten gewijzigd" in stale.text
    )
    session.expire_all()
    answer = session.exec(select(ThemeAnswer)).one()
    assert (answer.knelpunten, answer.kansen, answer.scope, answer.kosten, answer.version) == (
        "Geen gedeeld risicotaxatie-instrument",
        "Regionale scholing",
        "regionaal",
        "ja",
        2,
    )
    bad = anna.post(url, data={"base_version": 2, "scope": "landelijk"}, headers=JSON)
    assert bad.status_code == 422 and "regionaal of lokaal" in bad.json()["detail"]


def test_plan_starts_from_the_niet_op_orde_answers_of_the_startbijeenkomst(
    client: TestClient, make_meeting: Any, session: Session, phone: Any
) -> None:
    _, follow_up = _linked_follow_up(make_meeting, session)
    anna = phone(follow_up, "Amstelveen")
    opened = anna.get(f"/j/{follow_up.join_code}/plan")
    assert opened.status_code == 200 and "Vragen die niet op orde zijn overnemen" in opened.text
    assert session.exec(select(PlanRow)).all() == []  # opening the plan writes nothing
    page = anna.post(f"/j/{follow_up.join_code}/plan/beginnen")
    assert page.status_code == 200 and "Eerste aanzet: 3 regels uit de zelfscan toegevoegd." in page.text
    rows = session.exec(select(PlanRow).where(PlanRow.meeting_id == follow_up.id).order_by(PlanRow.position)).all()  # type: ignore[arg-type]
    assert [(r.source_question, r.group) for r in rows] == [(1, "1-2"), (2, "1-2"), (13, "9")]
    assert rows[0].huidige_stand == "Amstelveen over vraag 1"
    assert "Kwaliteitsstandaarden 1 en 2: Gemeentelijke regie" in page.text and "Amstelveen over vraag 13" in page.text
    # The short measure, the same wording as the first draft in the documents.
    assert "Integrale visie op de lokale infrastructuur vaststellen (1, vraag 1)" in page.text
    assert "Vragen die niet op orde zijn overnemen" not in page.text
    again = anna.post(f"/j/{follow_up.join_code}/plan/beginnen")  # pressing again does not add the rows twice
    assert again.status_code == 200 and "geen (nieuwe) vragen" in again.text
    assert len(session.exec(select(PlanRow).where(PlanRow.meeting_id == follow_up.id)).all()) == 3


def test_plan_rows_are_co_edited_with_versions(
    client: TestClient, make_meeting: Any, session: Session, phone: Any
) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    anna, bram = phone(meeting, "Bussum"), phone(meeting, "Bussum")
    base = f"/j/{meeting.join_code}/plan/regels"
    assert (
        anna.post(base, data={"group": "4-5-7-8", "maatregel": "Werkwijze zicht op veiligheid vastleggen"}).status_code
        == 200
    )
    row = session.exec(select(PlanRow)).one()
    assert (
        anna.post(
            f"{base}/{row.id}", data={"base_version": row.version, "wie": "Beleidsadviseur", "planning": "Q2"}
        ).status_code
        == 200
    )
    assert (
        bram.post(f"{base}/{row.id}", data={"base_version": row.version, "kosten": "Geen"}).status_code == 200
    )  # other field: merges
    stale = bram.post(f"{base}/{row.id}", data={"base_version": row.version, "wie": "Teamleider"})
    assert stale.status_code == 409 and "Beleidsadviseur" in stale.text
    session.expire_all()
    fresh = session.get(PlanRow, row.id)
    assert fresh is not None and (fresh.wie, fresh.planning, fresh.kosten) == ("Beleidsadviseur", "Q2", "Geen")
    carla = phone(meeting, "Castricum")
    assert (
        carla.post(f"{base}/{row.id}", data={"base_version": fresh.version, "wie": "X"}, headers=JSON).status_code
        == 404
    )  # another municipality's plan


def test_a_plan_row_without_a_maatregel_is_refused(
    client: TestClient, make_meeting: Any, session: Session, phone: Any
) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    anna = phone(meeting, "Bussum")
    base = f"/j/{meeting.join_code}/plan/regels"
    empty = anna.post(base, data={"group": "9", "maatregel": "  ", "wie": "Iemand"}, headers=JSON)
    assert empty.status_code == 422 and "zonder maatregel" in empty.json()["detail"]
    assert anna.post(base, data={"group": "11", "maatregel": "Iets"}, headers=JSON).status_code == 422
    assert session.exec(select(PlanRow)).all() == []
    anna.post(base, data={"group": "9", "maatregel": "Hulpaanbod in kaart"})
    row = session.exec(select(PlanRow)).one()
    cleared = anna.post(f"{base}/{row.id}", data={"base_version": row.version, "maatregel": ""}, headers=JSON)
    assert cleared.status_code == 422
    session.expire_all()
    assert session.get(PlanRow, row.id).maatregel == "Hulpaanbod in kaart"  # type: ignore[union-attr]


def test_a_field_can_be_cleared_on_purpose(client: TestClient, make_meeting: Any, session: Session, phone: Any) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    anna = phone(meeting, "Bussum")
    base = f"/j/{meeting.join_code}/plan/regels"
    anna.post(base, data={"group": "10", "maatregel": "Afspraken met Veilig Thuis", "planning": "Q1"})
    row = session.exec(select(PlanRow)).one()
    assert anna.post(f"{base}/{row.id}", data={"base_version": row.version, "planning": ""}).status_code == 200
    session.expire_all()
    assert session.get(PlanRow, row.id).planning == ""  # type: ignore[union-attr]
