"""The organiser makes the follow-up from the startbijeenkomst's page, and new meetings from earlier ones."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.meetings import service as meetings
from app.meetings.models import Meeting
from tests.conftest import sign_in

JSON = {"accept": "application/json"}
WELCOME, START_CLOSING = 1, 10  # the welkom (both programmes) and the startbijeenkomst's closing block
OUTCOMES = 2  # "Belangrijkste uitkomsten" in the follow-up: no such talk in the startbijeenkomst


def _held_startbijeenkomst(make_meeting: Any, session: Session) -> Meeting:
    start = make_meeting(
        ("Amstelveen", "Bussum", "Castricum"),
        privacy_mode="named",
        scan_kind="evaluatie",
        speakers={
            WELCOME: "Jan Jansen, dagvoorzitter",
            2: "Els de Vries, VNG",
            START_CLOSING: "Piet Pieters, wethouder",
        },
        video_link="https://zoom.example/j/1",
    )
    meetings.add_municipality(session=session, meeting=start, name="Diemen")  # one that came late
    return start


def _follow_up(session: Session) -> Meeting:
    return session.exec(select(Meeting).where(Meeting.agenda_key == "follow-up")).one()


def test_the_startbijeenkomst_page_offers_one_action_to_make_the_follow_up(
    client: TestClient, session: Session, make_meeting: Any
) -> None:
    start = _held_startbijeenkomst(make_meeting, session)
    sign_in(client)

    page = client.get(f"/organisator/bijeenkomsten/{start.id}").text

    assert "Vervolgbijeenkomst aanmaken" in page
    assert f'action="/organisator/bijeenkomsten/{start.id}/vervolgbijeenkomst"' in page
    assert 'name="date"' in page and 'name="start_time"' in page


def test_the_follow_up_carries_everything_over_and_links_the_scan(
    client: TestClient, session: Session, make_meeting: Any
) -> None:
    start = _held_startbijeenkomst(make_meeting, session)
    sign_in(client)

    response = client.post(
        f"/organisator/bijeenkomsten/{start.id}/vervolgbijeenkomst",
        data={"date": "2027-03-02", "start_time": "13:30"},
        follow_redirects=False,
    )

    assert response.status_code == 303
    follow_up = _follow_up(session)
    assert response.headers["location"].startswith(f"/organisator/bijeenkomsten/{follow_up.id}?")
    assert follow_up.scan_source_id == start.id
    assert (follow_up.region, follow_up.privacy_mode, follow_up.scan_kind) == ("Regio Testland", "named", "evaluatie")
    assert (str(follow_up.date), follow_up.start_time) == ("2027-03-02", "13:30")
    assert follow_up.video_link == "https://zoom.example/j/1"
    names = [m.name for m in meetings.municipalities_of(session=session, meeting=follow_up)]
    assert names == ["Amstelveen", "Bussum", "Castricum", "Diemen"]
    blocks = meetings.blocks_of(session=session, meeting=follow_up)
    assert blocks[0].planned_start == "13:30"
    assert blocks[WELCOME].speaker == "Jan Jansen, dagvoorzitter"
    assert blocks[-1].kind == "closing" and blocks[-1].speaker == "Piet Pieters, wethouder"
    assert blocks[OUTCOMES].speaker == ""  # the follow-up's own talk: the organiser fills it in
    page = client.get(response.headers["location"]).text
    assert "Vervolgbijeenkomst aangemaakt" in page
    start_page = client.get(f"/organisator/bijeenkomsten/{start.id}").text
    assert f'href="/organisator/bijeenkomsten/{follow_up.id}"' in start_page and "02-03-2027 om 13:30" in start_page


def test_the_follow_up_asks_for_date_and_start_time(client: TestClient, session: Session, make_meeting: Any) -> None:
    start = _held_startbijeenkomst(make_meeting, session)
    sign_in(client)
    url = f"/organisator/bijeenkomsten/{start.id}/vervolgbijeenkomst"

    no_date = client.post(url, data={"start_time": "09:00"}, headers=JSON)
    bad_time = client.post(url, data={"date": "2027-03-02", "start_time": "25:00"}, headers=JSON)
    before = client.post(url, data={"date": "2026-11-01", "start_time": "09:00"}, headers=JSON)

    assert no_date.status_code == 422 and "date" in no_date.text
    assert bad_time.status_code == 422
    assert before.status_code == 422 and "na de startbijeenkomst" in before.json()["detail"]
    assert session.exec(select(Meeting).where(Meeting.agenda_key == "follow-up")).first() is None


def test_a_follow_up_is_made_only_from_a_startbijeenkomst_that_exists(
    client: TestClient, session: Session, make_meeting: Any
) -> None:
    start = make_meeting()
    follow_up = make_meeting(agenda_key="follow-up", scan_source_id=start.id)
    sign_in(client)

    unknown = client.post(
        "/organisator/bijeenkomsten/999/vervolgbijeenkomst", data={"date": "2027-03-02"}, headers=JSON
    )
    of_follow_up = client.post(
        f"/organisator/bijeenkomsten/{follow_up.id}/vervolgbijeenkomst", data={"date": "2027-03-02"}, headers=JSON
    )

    assert unknown.status_code == 404 and "bestaat niet" in unknown.json()["detail"]
    assert of_follow_up.status_code == 422
    assert "vanuit een startbijeenkomst" in of_follow_up.json()["detail"]
    assert "Vervolgbijeenkomst aanmaken" not in client.get(f"/organisator/bijeenkomsten/{follow_up.id}").text


def test_the_api_makes_the_follow_up_too(
    client: TestClient, session: Session, make_meeting: Any, organiser_headers: dict[str, str]
) -> None:
    start = _held_startbijeenkomst(make_meeting, session)

    made = client.post(
        f"/api/meetings/{start.id}/follow-up",
        json={"date": "2027-03-02", "start_time": "10:00"},
        headers=organiser_headers,
    )
    unknown = client.post("/api/meetings/999/follow-up", json={"date": "2027-03-02"}, headers=organiser_headers)
    again = client.get(f"/api/meetings/{made.json()['id']}", headers=organiser_headers).json()
    nobody = client.post(f"/api/meetings/{start.id}/follow-up", json={"date": "2027-03-02"})

    assert made.status_code == 201
    assert again["agenda"] == "follow-up" and again["scan_source_id"] == start.id
    assert [m["name"] for m in again["municipalities"]] == ["Amstelveen", "Bussum", "Castricum", "Diemen"]
    assert unknown.status_code == 404
    assert nobody.status_code in (401, 403)


def test_every_new_meeting_asks_for_its_scan_type(client: TestClient, session: Session) -> None:
    sign_in(client)
    form = client.get("/organisator").text
    assert 'name="scan_kind"' in form and ">Toetsmoment</option>" in form

    response = client.post(
        "/organisator/bijeenkomsten",
        data={"region": "Regio Zuid", "date": "2027-01-10", "municipalities": "Amstelveen", "scan_kind": "toetsmoment"},
        follow_redirects=False,
    )
    wrong = client.post(
        "/organisator/bijeenkomsten",
        data={"region": "Regio Zuid", "date": "2027-01-10", "municipalities": "Amstelveen", "scan_kind": "jaarlijks"},
        headers=JSON,
    )

    assert response.status_code == 303
    assert session.exec(select(Meeting)).one().scan_kind == "toetsmoment"
    assert wrong.status_code == 422


def test_a_new_meeting_takes_its_municipalities_from_an_earlier_one(
    client: TestClient, session: Session, make_meeting: Any, organiser_headers: dict[str, str]
) -> None:
    earlier = make_meeting(("Amstelveen", "Bussum"), region="Regio Noord")
    sign_in(client)
    assert 'name="municipalities_from"' in client.get("/organisator").text

    response = client.post(
        "/organisator/bijeenkomsten",
        data={
            "region": "Regio Noord",
            "date": "2027-05-01",
            "municipalities_from": str(earlier.id),
            "municipalities": "Castricum\nbussum",
        },
        follow_redirects=False,
    )
    by_api = client.post(
        "/api/meetings",
        json={"region": "Regio Noord", "date": "2027-05-01", "municipalities_from": earlier.id},
        headers=organiser_headers,
    )
    unknown = client.post(
        "/organisator/bijeenkomsten",
        data={"region": "Regio Noord", "date": "2027-05-01", "municipalities_from": "999"},
        headers=JSON,
    )
    none_at_all = client.post(
        "/organisator/bijeenkomsten", data={"region": "Regio Noord", "date": "2027-05-01"}, headers=JSON
    )

    assert response.status_code == 303
    made = session.get(Meeting, int(response.headers["location"].rsplit("/", 1)[1]))
    assert made is not None
    assert [m.name for m in meetings.municipalities_of(session=session, meeting=made)] == [
        "Amstelveen",
        "Bussum",
        "Castricum",
    ]
    assert by_api.status_code == 201
    api_made = session.get(Meeting, by_api.json()["id"])
    assert api_made is not None
    assert [m.name for m in meetings.municipalities_of(session=session, meeting=api_made)] == ["Amstelveen", "Bussum"]
    assert unknown.status_code == 404 and "bestaat niet" in unknown.json()["detail"]
    assert none_at_all.status_code == 422 and "municipalities: moet minstens 1 item(s) bevatten" in none_at_all.text
