"""One national instance, many regions: an organiser sees, changes, rehearses, exports and deletes only
their own meetings. Another organiser's meeting answers 404, word for word as one that does not exist,
on every organiser route (pages and API) and by any id; its links (and so its live screens) never reach
them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from starlette.websockets import WebSocketDisconnect

from app.core.deps import meeting_for_organiser, require_administrator, require_organiser
from app.core.moved import MOVED_ROUTE_NAME
from app.main import ROUTERS
from app.meetings import rehearsal_copy
from app.meetings.models import Meeting, Municipality
from tests.conftest import SECRET, sign_in
from tests.support.organisers import add_organiser, bearer
from tests.support.pages import as_pages_do


def _calls(dependant: Any) -> set[Any]:
    found: set[Any] = set()
    for sub in dependant.dependencies:
        found |= {sub.call, *_calls(sub)}
    return found


ROUTES = [route for module in ROUTERS for route in module.router.routes if isinstance(route, APIRoute)]
ORGANISER_ROUTES = [route for route in ROUTES if require_organiser in _calls(route.dependant)]


def _route_id(route: APIRoute) -> str:
    return f"{'/'.join(sorted(route.methods))} {route.path}"


@dataclass
class Regions:
    """Two organisers of one instance, each with a meeting; `a` is the one trying to look at `b`'s."""

    key_a: str
    key_b: str
    own: Meeting
    other: Meeting

    def secrets_of_other(self) -> list[str]:
        other = self.other
        return [other.region, other.join_code, other.facilitator_token, other.display_token, other.gespreksleider_token]


@pytest.fixture
def regions(session: Session, make_meeting: Any) -> Regions:
    a, key_a = add_organiser(session, "Veilig Thuis Utrecht")
    b, key_b = add_organiser(session, "Veilig Thuis Groningen")
    own = make_meeting(("Utrecht", "Zeist"), region="Regio Utrecht", organiser_id=a.id)
    other = make_meeting(("Groningen", "Haren"), region="Regio Groningen", organiser_id=b.id)
    return Regions(key_a, key_b, own, other)


def test_every_route_naming_a_meeting_checks_its_organiser() -> None:
    """A new route with {meeting_id} that forgets `OrganiserMeeting` fails here."""
    unchecked = [
        _route_id(route)
        for route in ROUTES
        if "{meeting_id}" in route.path
        and route.name != MOVED_ROUTE_NAME
        and meeting_for_organiser not in _calls(route.dependant)
    ]
    assert unchecked == []
    assert len([route for route in ORGANISER_ROUTES if "{meeting_id}" in route.path]) >= 25  # the walk finds them


def _path(route: APIRoute, meeting_id: int | None) -> str:
    path = route.path.replace("{meeting_id}", str(meeting_id))
    return re.sub(r"\{[^}]+\}", "1", path)  # a municipality, question or organiser: the meeting is refused first


@pytest.mark.parametrize("route", [r for r in ORGANISER_ROUTES if "{meeting_id}" in r.path], ids=_route_id)
def test_another_organisers_meeting_is_not_found_on_every_route(
    route: APIRoute, client: TestClient, regions: Regions, session: Session
) -> None:
    method = sorted(route.methods)[0]
    other_id = regions.other.id or 0

    answer = client.request(method, _path(route, other_id), headers=bearer(regions.key_a))
    unknown = client.request(method, _path(route, 999_999), headers=bearer(regions.key_a))

    assert answer.status_code == 404, answer.text
    # Word for word as an id that does not exist: the answer reveals nothing.
    assert answer.text.replace(f"Bijeenkomst {other_id} ", "Bijeenkomst # ") == unknown.text.replace(
        "Bijeenkomst 999999 ", "Bijeenkomst # "
    )
    assert not any(secret in answer.text for secret in regions.secrets_of_other())
    session.expire_all()
    other = session.get(Meeting, other_id)
    assert other is not None and other.region == "Regio Groningen"  # nothing changed, nothing deleted
    assert rehearsal_copy.find(session=session, meeting=other) is None
    assert len(session.exec(select(Municipality).where(Municipality.meeting_id == other_id)).all()) == 2


@pytest.mark.parametrize("route", ORGANISER_ROUTES, ids=_route_id)
def test_every_organiser_route_refuses_without_a_key(route: APIRoute, client: TestClient, regions: Regions) -> None:
    method = sorted(route.methods)[0]

    refused = client.request(method, _path(route, regions.own.id), headers=bearer("geen-sleutel.van-iemand"))

    assert refused.status_code == 403


@pytest.mark.parametrize(
    "route", [r for r in ORGANISER_ROUTES if require_administrator in _calls(r.dependant)], ids=_route_id
)
def test_account_routes_refuse_an_organiser_who_is_no_administrator(
    route: APIRoute, client: TestClient, regions: Regions
) -> None:
    refused = client.request(sorted(route.methods)[0], _path(route, None), headers=bearer(regions.key_a))

    assert refused.status_code == 403 and "Alleen een beheerder" in refused.text


def test_an_organiser_lists_only_their_own_meetings(app: FastAPI, regions: Regions) -> None:
    for key, own, other in (
        (regions.key_a, "Regio Utrecht", "Regio Groningen"),
        (regions.key_b, "Regio Groningen", "Regio Utrecht"),
    ):
        with as_pages_do(TestClient(app)) as browser:
            sign_in(browser, key)
            index = browser.get("/organisator").text
            assert own in index and other not in index
            # Nor in the choice of meetings to take results from or compare with.
            mine = regions.own if own == "Regio Utrecht" else regions.other
            assert other not in browser.get(f"/organisator/bijeenkomsten/{mine.id}").text


def test_iterating_ids_finds_only_ones_own_meetings(client: TestClient, regions: Regions, make_meeting: Any) -> None:
    make_meeting(region="Regio van de beheerder")  # the instance key's meeting
    found = {}
    for meeting_id in range(1, 12):
        api = client.get(f"/api/meetings/{meeting_id}", headers=bearer(regions.key_a))
        page = client.get(f"/organisator/bijeenkomsten/{meeting_id}", headers=bearer(regions.key_a))
        assert api.status_code == page.status_code
        found[meeting_id] = api.status_code
    assert [i for i, status in found.items() if status == 200] == [regions.own.id]
    assert set(found.values()) == {200, 404}


def test_an_organiser_cannot_change_rehearse_or_delete_anothers_meeting_in_the_browser(
    app: FastAPI, regions: Regions, session: Session
) -> None:
    other = regions.other.id
    with as_pages_do(TestClient(app)) as browser:
        sign_in(browser, regions.key_a)
        for path, form in (
            (f"/organisator/bijeenkomsten/{other}/gegevens", {"region": "Overgenomen", "date": "2026-12-02"}),
            (f"/organisator/bijeenkomsten/{other}/gemeenten", {"name": "Assen"}),
            (f"/organisator/bijeenkomsten/{other}/proefdraaien", {"per_municipality": "1"}),
            (f"/organisator/bijeenkomsten/{other}/verwijderen", {"bevestigd": "ja"}),
        ):
            refused = browser.post(path, data=form, follow_redirects=False)
            assert refused.status_code == 404, path
            assert f"Bijeenkomst {other} bestaat niet." in refused.text
        for path in ("export", "export/verslag", "export/resultaten.xlsx", "export/plan/regio.docx"):
            assert browser.get(f"/organisator/bijeenkomsten/{other}/{path}").status_code == 404, path
    session.expire_all()
    kept = session.get(Meeting, other)
    assert kept is not None and kept.region == "Regio Groningen" and kept.date.isoformat() == "2026-12-01"
    assert rehearsal_copy.find(session=session, meeting=kept) is None
    with as_pages_do(TestClient(app)) as owner:  # the owner still has it, whole
        sign_in(owner, regions.key_b)
        assert owner.get(f"/api/meetings/{other}", headers=bearer(regions.key_b)).json()["municipalities"] == [
            {"id": m.id, "name": m.name}
            for m in session.exec(select(Municipality).where(Municipality.meeting_id == other))
        ]


def test_an_organiser_cannot_link_their_meeting_to_anothers(client: TestClient, regions: Regions) -> None:
    created = client.post(
        "/api/meetings",
        json={
            "region": "Regio Utrecht",
            "date": "2027-01-15",
            "agenda_key": "follow-up",
            "municipalities": ["Utrecht"],
            "scan_source_id": regions.other.id,
        },
        headers=bearer(regions.key_a),
    )

    assert created.status_code == 422
    assert f"bestaat niet (bijeenkomst {regions.other.id})" in created.text
    changed = client.post(
        f"/organisator/bijeenkomsten/{regions.own.id}/gegevens",
        data={
            "region": "Regio Utrecht",
            "date": "2026-12-01",
            "start_time": "09:00",
            "privacy_mode": "anonymised",
            "earlier_scan_id": str(regions.other.id),
        },
        headers=bearer(regions.key_a),
    )
    assert changed.status_code == 422 and "bestaat niet" in changed.text


def test_a_meeting_made_by_an_organiser_is_theirs(client: TestClient, regions: Regions) -> None:
    made = client.post(
        "/api/meetings",
        json={"region": "Regio Zeist", "date": "2026-12-03", "municipalities": ["Zeist"]},
        headers=bearer(regions.key_a),
    )

    assert made.status_code == 201
    meeting_id = int(made.json()["organiser_url"].rsplit("/", 1)[1])
    assert client.get(f"/api/meetings/{meeting_id}", headers=bearer(regions.key_a)).status_code == 200
    assert client.get(f"/api/meetings/{meeting_id}", headers=bearer(regions.key_b)).status_code == 404
    assert client.get(f"/api/meetings/{meeting_id}", headers=bearer(SECRET)).status_code == 404


def test_an_organisers_session_opens_no_live_screen_of_anothers_meeting(app: FastAPI, regions: Regions) -> None:
    """Live screens open with a meeting's own link or join code, never with an organiser's session or an id."""
    with as_pages_do(TestClient(app)) as browser:
        sign_in(browser, regions.key_a)
        for path in ("/ws/f/{}", "/ws/d/{}", "/ws/g/{}", "/ws/fv/{}", "/ws/j/{}", "/ws/j/{}/thema", "/ws/j/{}/plan"):
            with pytest.raises(WebSocketDisconnect) as closed, browser.websocket_connect(path.format(regions.other.id)):
                pass
            assert closed.value.code == 4403, path
