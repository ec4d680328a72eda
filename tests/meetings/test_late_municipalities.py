"""Adding a late municipality: at the same moment as another, or twice, never gives a 500 or a shared letter."""

from __future__ import annotations

from sqlmodel import Session, select

from app.meetings.models import Municipality
from tests.conftest import LiveServer
from tests.support.live import browser_on, factory_on
from tests.support.race import at_once, meet_after_first_read


def test_two_late_municipalities_added_at_once_each_get_their_own_letter(live_server: LiveServer) -> None:
    with factory_on(live_server) as factory:
        meeting = factory()
    url = f"/api/meetings/{meeting.id}/municipalities"
    with (
        browser_on(live_server, organiser=True) as organiser,
        browser_on(live_server, organiser=True) as colleague,
        meet_after_first_read(live_server.app.state.engine, "municipality", 2),
    ):
        added = at_once(
            lambda: organiser.post(url, json={"name": "Diemen"}), lambda: colleague.post(url, json={"name": "Edam"})
        )
    assert [r.status_code for r in added] == [201, 201]
    with Session(live_server.app.state.engine) as session:
        positions = {m.name: m.position for m in session.exec(select(Municipality))}
    assert sorted(positions.values()) == [0, 1, 2, 3, 4]


def test_the_same_municipality_added_twice_at_once_is_added_once_and_refused_once(live_server: LiveServer) -> None:
    with factory_on(live_server) as factory:
        meeting = factory()
    url = f"/api/meetings/{meeting.id}/municipalities"
    with (
        browser_on(live_server, organiser=True) as organiser,
        browser_on(live_server, organiser=True) as colleague,
        meet_after_first_read(live_server.app.state.engine, "municipality", 2),
    ):
        added = at_once(
            lambda: organiser.post(url, json={"name": "Diemen"}), lambda: colleague.post(url, json={"name": "diemen"})
        )
    assert sorted(r.status_code for r in added) == [201, 409]
    refused = next(r for r in added if r.status_code == 409)
    assert "staat al in deze bijeenkomst" in refused.json()["detail"]
    with Session(live_server.app.state.engine) as session:
        assert sorted(m.name.lower() for m in session.exec(select(Municipality))) == [
            "amstelveen",
            "bussum",
            "castricum",
            "diemen",
        ]
