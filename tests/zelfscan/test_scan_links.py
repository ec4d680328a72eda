"""Two links, one meaning each: a follow-up takes its results from the start; a scan compares with an earlier scan."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.catalog.loader import Catalog
from app.meetings.models import Meeting
from app.zelfscan import results as result_service
from tests.conftest import sign_in
from tests.support.projector import all_pages
from tests.support.scans import NAMES, ScanFactory, status_for

FOLLOW_UP_RESULTS = 2  # "Belangrijkste uitkomsten zelfscan Kwaliteitskader" in the follow-up programme
START_RESULTS = 6  # "Eerste resultaten van de zelfscan" in the startbijeenkomst


def _op_orde(position: int, shift: int = 0) -> int:
    """How many of the 31 questions the factory's fill answers op orde for the municipality at `position`."""
    return sum(1 for q in range(1, 32) if status_for(q, position + shift) == "op_orde")


def _show_results(session: Session, meeting: Meeting, block: int) -> None:
    meeting.current_block, meeting.results_visible = block, True
    session.add(meeting)
    session.commit()


def _specs(html: str) -> list[dict[str, Any]]:
    """The spinnenweb specs in a results partial (each chart carries its plotly spec as data-spec)."""
    return [json.loads(raw.replace("&#39;", "'")) for raw in re.findall(r"data-spec='([^']*)'", html)]


def _start_and_follow_up(session: Session, catalog: Catalog) -> tuple[Meeting, Meeting]:
    scans = ScanFactory(session, catalog)
    start = scans.meeting(privacy_mode="named")
    scans.fill(start)
    follow_up = scans.meeting(
        privacy_mode="named", agenda_key="follow-up", date=dt.date(2027, 2, 1), scan_source_id=start.id
    )
    return start, follow_up


def test_follow_up_projector_shows_the_startbijeenkomst_scores_not_an_empty_scan(
    client: TestClient, session: Session, catalog: Catalog
) -> None:
    _, follow_up = _start_and_follow_up(session, catalog)
    _show_results(session, follow_up, FOLLOW_UP_RESULTS)

    page = all_pages(client, session, follow_up, f"/d/{follow_up.display_token}")  # one spinnenweb a page

    grid = page[page.index('<table class="grid">') : page.index("</table>")]
    assert grid.count('class="cell op_orde"') == sum(_op_orde(p) for p in range(len(NAMES)))
    own_series = [spec["data"][0] for spec in _specs(page) if spec["layout"]["meta"]["title"] != "Regio"]
    assert len(own_series) == len(NAMES)
    assert all(max(series["r"]) > 0 for series in own_series)  # not every spinnenweb at 0 %
    names = {series["name"] for spec in _specs(page) for series in spec["data"]}
    assert "Vorige scan" not in names  # the startbijeenkomst is the results, not an earlier scan


def test_follow_up_results_api_reports_the_startbijeenkomst_scores_and_both_links(
    client: TestClient, session: Session, catalog: Catalog, organiser_headers: dict[str, str]
) -> None:
    start, follow_up = _start_and_follow_up(session, catalog)
    expected = result_service.build_results(
        session=session, meeting=start, question_set=catalog.question_set(start.question_set_key), mode="named"
    )

    results = client.get(f"/api/meetings/{follow_up.id}/results", headers=organiser_headers).json()

    assert results["scan"] == {"meeting_id": start.id, "date": "2026-12-01", "scan_kind": "nulmeting"}
    assert results["earlier_scan"] is None
    answered = {name: sum(1 for q in range(1, 32) if status_for(q, p) != "open") for p, name in enumerate(NAMES)}
    assert {m["label"]: m["answered"] for m in results["municipalities"]} == answered
    assert [m["scores"] for m in results["municipalities"]] == [
        {str(k): v for k, v in m.scores.items()} for m in expected.municipalities
    ]
    assert all(m["previous"] is None for m in results["municipalities"])
    meeting = client.get(f"/api/meetings/{follow_up.id}", headers=organiser_headers).json()
    assert meeting["scan_source_id"] == start.id and meeting["earlier_scan_id"] is None
    assert meeting["timezone"] == "Europe/Amsterdam"


def test_an_evaluatie_still_compares_with_its_nulmeting(
    client: TestClient, session: Session, catalog: Catalog, organiser_headers: dict[str, str]
) -> None:
    scans = ScanFactory(session, catalog)
    nulmeting = scans.meeting(privacy_mode="named")
    scans.fill(nulmeting, shift=1)
    evaluatie = scans.meeting(
        privacy_mode="named", date=dt.date(2027, 12, 1), scan_kind="evaluatie", earlier_scan_id=nulmeting.id
    )
    scans.fill(evaluatie)
    _show_results(session, evaluatie, START_RESULTS)

    results = client.get(f"/api/meetings/{evaluatie.id}/results", headers=organiser_headers).json()
    assert results["scan"]["meeting_id"] == evaluatie.id
    assert results["earlier_scan"] == {"meeting_id": nulmeting.id, "date": "2026-12-01", "scan_kind": "nulmeting"}
    amstelveen = results["municipalities"][0]
    assert amstelveen["previous"] is not None and amstelveen["previous"] != amstelveen["scores"]

    page = all_pages(client, session, evaluatie, f"/d/{evaluatie.display_token}")
    specs = [spec for spec in _specs(page) if spec["layout"]["meta"]["title"] != "Regio"]
    assert len(specs) == len(NAMES)
    for spec in specs:
        names = [series["name"] for series in spec["data"]]
        assert "Vorige scan" in names  # the dotted line of the nulmeting
    own = specs[0]["data"][0]["r"][:-1]
    earlier = next(s for s in specs[0]["data"] if s["name"] == "Vorige scan")["r"][:-1]
    assert own != earlier


def test_a_follow_up_of_an_evaluatie_shows_the_evaluatie_compared_with_the_nulmeting(
    session: Session, catalog: Catalog
) -> None:
    scans = ScanFactory(session, catalog)
    nulmeting = scans.meeting()
    evaluatie = scans.meeting(scan_kind="evaluatie", earlier_scan_id=nulmeting.id)
    follow_up = scans.meeting(agenda_key="follow-up", scan_source_id=evaluatie.id)

    links = result_service.scan_links(session=session, meeting=follow_up)

    assert links.scan.id == evaluatie.id and links.borrowed
    assert links.earlier is not None and links.earlier.id == nulmeting.id
    own = result_service.scan_links(session=session, meeting=nulmeting)
    assert own.scan.id == nulmeting.id and own.earlier is None and not own.borrowed


def _log_in(client: TestClient) -> None:
    sign_in(client)


def test_organiser_form_offers_both_links_with_dutch_labels(client: TestClient, make_meeting: Any) -> None:
    start = make_meeting()
    _log_in(client)

    page = client.get("/organisator").text

    assert '<label for="scan_source_id">Resultaten overnemen uit</label>' in page
    assert '<label for="earlier_scan_id">Vergelijken met eerdere scan</label>' in page
    assert page.count(f'<option value="{start.id}"') == 3  # results, comparison, and "gemeenten overnemen van"


def test_organiser_creates_an_evaluatie_that_compares_with_its_nulmeting(
    client: TestClient, session: Session, make_meeting: Any, organiser_headers: dict[str, str]
) -> None:
    nulmeting = make_meeting()
    _log_in(client)
    form = {
        "region": "Regio Testland",
        "date": "2027-12-01",
        "municipalities": "Amstelveen\nBussum",
        "scan_kind": "evaluatie",
        "earlier_scan_id": str(nulmeting.id),
        "scan_source_id": "",
    }
    response = client.post("/organisator/bijeenkomsten", data=form, follow_redirects=False)

    assert response.status_code == 303
    new_id = int(response.headers["location"].rsplit("/", 1)[1])
    created = client.get(f"/api/meetings/{new_id}", headers=organiser_headers).json()
    assert created["earlier_scan_id"] == nulmeting.id and created["scan_source_id"] is None
    assert created["scan_kind"] == "evaluatie"


def test_links_must_point_to_another_existing_meeting(
    client: TestClient, make_meeting: Any, organiser_headers: dict[str, str]
) -> None:
    start = make_meeting()
    base = {"region": "Regio", "date": "2027-02-01", "municipalities": ["Amstelveen"]}

    missing = client.post("/api/meetings", json={**base, "scan_source_id": 999}, headers=organiser_headers)
    assert missing.status_code == 422 and "bestaat niet" in missing.json()["detail"]
    both = client.post(
        "/api/meetings",
        json={**base, "scan_source_id": start.id, "earlier_scan_id": start.id},
        headers=organiser_headers,
    )
    assert both.status_code == 422 and "twee verschillende" in both.json()["detail"]
    zero = client.post("/api/meetings", json={**base, "earlier_scan_id": 0}, headers=organiser_headers)
    assert zero.status_code == 422
    zone = client.post("/api/meetings", json={**base, "timezone": "Mars/Olympus"}, headers=organiser_headers)
    assert zone.status_code == 422 and "tijdzone" in zone.text


def test_a_meeting_cannot_link_to_itself_or_in_a_circle(client: TestClient, make_meeting: Any) -> None:
    start = make_meeting()
    follow_up = make_meeting(agenda_key="follow-up", scan_source_id=start.id)
    _log_in(client)
    details = {"region": "Regio Testland", "date": "2026-12-01", "start_time": "09:00", "privacy_mode": "anonymised"}

    def update(meeting: Meeting, **links: str) -> Any:
        return client.post(
            f"/organisator/bijeenkomsten/{meeting.id}/gegevens",
            data={**details, **links},
            headers={"accept": "application/json"},
            follow_redirects=False,
        )

    itself = update(start, earlier_scan_id=str(start.id))
    assert itself.status_code == 422 and "kan niet deze bijeenkomst zelf zijn" in itself.json()["detail"]
    circle = update(start, scan_source_id=str(follow_up.id))
    assert circle.status_code == 422 and "kring" in circle.json()["detail"]
    assert update(follow_up, scan_source_id="", earlier_scan_id=str(start.id)).status_code == 303
