"""Proefdraaien keeps its data apart: rehearsal answers never reach the meeting's results or files.

The rule (app.meetings.rehearsal_copy): rehearsal data lives only in the meeting's oefenversie, a
copy with its own code and links; it is marked (the copy's `rehearsal_of`, participants'
`simulated`), has no organiser pages or exports, is removed in one action, and goes when the real
programme starts.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from app.core.privacy import DOCUMENT, SCREEN
from app.meetings import rehearsal_copy
from app.meetings import service as meetings
from app.meetings.models import Meeting, Participant
from app.models import register_tables
from app.zelfscan.results import privacy_policy
from tests.conftest import sign_in
from tests.support.phones import phone_of
from tests.support.scans import zip_texts

REHEARSAL_TEXT = "OEFENTEKST van de simulatie"
REAL_TEXT = "Echte toelichting van de kamer"


def rows_of(session: Session, meeting_id: int) -> int:
    total = 0
    for table in register_tables().metadata.sorted_tables:
        column = table.c.id if table.name == "meeting" else table.c.get("meeting_id")
        if column is not None:
            total += session.execute(select(func.count()).select_from(table).where(column == meeting_id)).scalar_one()
    return total


def rehearse(session: Session, client: TestClient, meeting: Meeting) -> Meeting:
    """Open the oefenversie and let a simulated participant answer there, over the same API as a phone."""
    copy = rehearsal_copy.open_rehearsal(session=session, meeting=meeting)
    amstelveen = next(m for m in meetings.municipalities_of(session=session, meeting=copy) if m.name == "Amstelveen")
    gerda = rehearsal_copy.add_simulated_participant(
        session=session, rehearsal=copy, municipality_id=amstelveen.id or 0, name="Gerda (oefen)", role="gi"
    )
    assert gerda.simulated and gerda.meeting_id == copy.id
    simulated = phone_of(client, copy, gerda)
    assert simulated.give_view(1, "niet_op_orde").status_code == 200
    first = simulated.answer(1, status="niet_op_orde", toelichting=REHEARSAL_TEXT)
    assert first.status_code == 200, first.text
    return copy


def test_rehearsal_answers_never_reach_results_verslag_or_workbook(
    client: TestClient, session: Session, make_meeting: Any, phone: Any, organiser_headers: dict[str, str]
) -> None:
    meeting = make_meeting(privacy_mode="named")
    anna = phone(meeting, "Amstelveen", name="Anna")
    assert anna.give_view(1, "op_orde").status_code == 200
    assert anna.answer(1, status="op_orde", toelichting=REAL_TEXT).status_code == 200
    api = f"/api/meetings/{meeting.id}"
    results_before = client.get(f"{api}/results", headers=organiser_headers).json()

    copy = rehearse(session, client, meeting)
    simulated = phone_of(client, copy, session.execute(select(Participant).where(Participant.simulated)).scalar_one())
    assert simulated.answer(2, status="niet_op_orde", toelichting=REHEARSAL_TEXT).status_code == 200

    assert client.get(f"{api}/results", headers=organiser_headers).json() == results_before
    for path in ("export/minutes.docx?privacy=named", "export/results.xlsx?privacy=named", "export/plan/region.docx"):
        download = client.get(f"{api}/{path}", headers=organiser_headers)
        assert download.status_code == 200, path
        text = "".join(zip_texts(download.content).values())
        assert REHEARSAL_TEXT not in text and "Gerda" not in text, path
        if "minutes" in path or "results" in path:
            assert REAL_TEXT in text, path  # the real answer is there: the check looks in the right place
    sign_in(client)
    page = client.get(f"/organisator/bijeenkomsten/{meeting.id}/export/verslag?privacy=named")
    assert page.status_code == 200 and REAL_TEXT in page.text
    assert REHEARSAL_TEXT not in page.text and "Gerda" not in page.text

    # The oefenversie itself makes no results for the organiser and no files, is never listed or linked.
    for path in ("results", "export/minutes.docx", "export/results.xlsx"):
        assert client.get(f"/api/meetings/{copy.id}/{path}", headers=organiser_headers).status_code == 404
    assert client.get(f"/organisator/bijeenkomsten/{copy.id}/export/verslag").status_code == 404
    assert f'/organisator/bijeenkomsten/{copy.id}"' not in client.get("/organisator").text
    linked = client.post(
        "/api/meetings",
        json={"region": "Vervolg", "date": "2027-01-10", "municipalities": ["Aa"], "scan_source_id": copy.id},
        headers=organiser_headers,
    )
    assert linked.status_code == 422


def test_the_oefenversie_is_marked_on_its_screens_and_the_real_ones_are_not(
    client: TestClient, session: Session, make_meeting: Any
) -> None:
    meeting = make_meeting()
    copy = rehearse(session, client, meeting)
    assert "Oefenversie (proefdraaien)" in client.get(f"/f/{copy.facilitator_token}").text
    assert "Oefenversie (proefdraaien)" in client.get(f"/d/{copy.display_token}").text
    assert "Oefenversie (proefdraaien)" not in client.get(f"/f/{meeting.facilitator_token}").text

    sign_in(client)
    page = client.get(f"/organisator/bijeenkomsten/{meeting.id}").text
    assert f"/f/{copy.facilitator_token}" in page and copy.join_code in page
    assert "1 gesimuleerde deelnemer in de oefenversie" in page


def test_oefengegevens_verwijderen_removes_every_row_of_the_rehearsal_in_one_action(
    client: TestClient, session: Session, make_meeting: Any, phone: Any
) -> None:
    meeting = make_meeting()
    phone(meeting, "Bussum", name="Bea").answer(3, status="op_orde")
    real_rows = rows_of(session, meeting.id or 0)
    copy = rehearse(session, client, meeting)
    copy_id, copy_code = copy.id or 0, copy.join_code
    assert rows_of(session, copy_id) > 0

    sign_in(client)
    removed = client.post(f"/organisator/bijeenkomsten/{meeting.id}/proefdraaien/verwijderen")
    assert removed.status_code == 200 and "Oefengegevens verwijderd." in removed.text
    session.expunge_all()
    assert rows_of(session, copy_id) == 0
    assert rows_of(session, meeting.id or 0) == real_rows
    assert client.get(f"/j/{copy_code}").status_code == 404


def test_rehearsing_stops_when_the_real_programme_starts_and_cannot_begin_again(
    client: TestClient, session: Session, make_meeting: Any
) -> None:
    meeting = make_meeting()
    copy = rehearse(session, client, meeting)
    copy_id = copy.id or 0
    assert client.post(f"/api/f/{copy.facilitator_token}/clock/start").status_code == 200  # practising the clock
    session.expire_all()
    assert session.get(Meeting, copy_id) is not None

    assert client.post(f"/api/f/{meeting.facilitator_token}/clock/start").status_code == 200  # the real day
    session.expunge_all()
    assert rows_of(session, copy_id) == 0

    sign_in(client)
    again = client.post(f"/organisator/bijeenkomsten/{meeting.id}/proefdraaien", data={"per_municipality": "1"})
    assert again.status_code == 409 and "alleen voordat het programma begint" in again.text
    assert session.execute(select(Meeting).where(Meeting.rehearsal_of == meeting.id)).first() is None


def test_the_oefenversie_of_a_follow_up_hides_the_terms_its_real_meeting_hides(
    session: Session, make_meeting: Any
) -> None:
    start = make_meeting(privacy_mode="anonymised")
    follow_up = make_meeting(agenda_key="follow-up", scan_source_id=start.id, privacy_mode="anonymised")
    follow_up.hidden_terms = "Jansen"
    session.add(follow_up)
    session.commit()
    copy = rehearsal_copy.open_rehearsal(session=session, meeting=follow_up)
    said = "Wethouder Jansen wil dit regionaal"
    for medium in (SCREEN, DOCUMENT):
        assert "Jansen" not in privacy_policy(session=session, meeting=copy, medium=medium).text(said), medium
    follow_up.hidden_terms = "Jansen\nDorpsstraat"  # added after the copy was made
    session.add(follow_up)
    session.commit()
    assert "Dorpsstraat" not in privacy_policy(session=session, meeting=copy, medium=SCREEN).text("In de Dorpsstraat")
