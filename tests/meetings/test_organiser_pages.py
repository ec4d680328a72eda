"""The organiser's own pages: creating a follow-up linked to its startbijeenkomst."""

from sqlmodel import select

from app.meetings.models import Meeting
from tests.conftest import SECRET, sign_in


def _log_in(client):
    sign_in(client)


def test_organiser_creates_a_follow_up_linked_to_the_startbijeenkomst(client, session, make_meeting):
    start = make_meeting()
    _log_in(client)
    form = {
        "agenda_key": "follow-up",
        "region": "Regio Testland",
        "date": "2027-02-01",
        "start_time": "09:00",
        "municipalities": "Amstelveen\nBussum\n",
        "privacy_mode": "anonymised",
        "scan_source_id": str(start.id),
    }
    response = client.post("/organisator/bijeenkomsten", data=form, follow_redirects=False)

    assert response.status_code == 303
    follow_up = session.exec(select(Meeting).where(Meeting.agenda_key == "follow-up")).one()
    assert follow_up.scan_source_id == start.id
    assert follow_up.earlier_scan_id is None
    assert f'<option value="{start.id}">' in client.get("/organisator").text


def test_linking_to_a_meeting_that_does_not_exist_is_refused_in_dutch(client):
    _log_in(client)
    form = {"region": "Regio", "date": "2027-02-01", "municipalities": "Amstelveen", "earlier_scan_id": "999"}
    response = client.post("/organisator/bijeenkomsten", data=form, headers={"accept": "application/json"})
    assert response.status_code == 422
    assert "eerdere scan" in response.json()["detail"] and "bestaat niet" in response.json()["detail"]


def test_organiser_logs_in_on_the_dutch_path_and_an_old_login_form_still_works(client):
    assert 'action="/organisator/inloggen"' in client.get("/organisator").text
    response = client.post("/organisator/inloggen", data={"sleutel": SECRET}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/organisator"

    client.cookies.clear()
    moved = client.post("/organisator/login", data={"sleutel": SECRET}, follow_redirects=False)
    assert moved.status_code == 308 and moved.headers["location"] == "/organisator/inloggen"
    followed = client.post("/organisator/login", data={"sleutel": SECRET})
    assert followed.status_code == 200 and "zs_organiser" in client.cookies
