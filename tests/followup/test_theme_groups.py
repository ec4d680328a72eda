"""The server forms mixed theme groups: over HTTP, twice at once, and the facilitator moving someone."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session, select

from app.followup import themes
from app.followup.models import ThemeMember
from app.meetings.models import Meeting, Participant
from tests.conftest import LiveServer
from tests.support.live import browser_on, factory_on
from tests.support.race import at_once, meet_after_first_read

TOWNS = ("Amstelveen", "Amstelveen", "Amstelveen", "Bussum", "Bussum", "Castricum")


def _meeting_with_themes(server: LiveServer) -> tuple[Meeting, list[int], list[Participant]]:
    with factory_on(server) as factory:
        meeting = factory(agenda_key="follow-up")
        question_set = server.app.state.catalog.question_set(meeting.question_set_key)
        ids = [
            themes.add_theme(session=factory.session, meeting=meeting, question_set=question_set, title=t).id or 0
            for t in ("Zicht op veiligheid", "Samenwerking")
        ]
        roles = ("beleid", "uitvoering", "gi")
        people = [factory.participant(meeting, m, name=f"P{i}", role=roles[i % 3]) for i, m in enumerate(TOWNS)]
    return meeting, ids, people


def _groups(server: LiveServer) -> dict[int, list[int]]:
    with Session(server.app.state.engine) as session:
        by_theme: dict[int, list[int]] = {}
        for m in session.exec(select(ThemeMember)):
            by_theme.setdefault(m.theme_id, []).append(m.participant_id)
        return by_theme


def test_forming_twice_at_once_places_everyone_once_in_mixed_balanced_groups(live_server: LiveServer) -> None:
    meeting, _, people = _meeting_with_themes(live_server)
    url = f"/f/{meeting.facilitator_token}/themagroepen/indelen"
    with (
        browser_on(live_server) as one,
        browser_on(live_server) as other,
        meet_after_first_read(live_server.app.state.engine, "thememember", 2),
    ):
        responses = at_once(lambda: one.post(url), lambda: other.post(url))
    assert [r.status_code for r in responses] == [204, 204]
    groups = _groups(live_server)
    assert sorted(p for members in groups.values() for p in members) == sorted(p.id for p in people)
    assert sorted(len(members) for members in groups.values()) == [3, 3]
    town = {p.id: p.municipality_id for p in people}
    assert all(len({town[p] for p in members}) > 1 for members in groups.values())


def test_the_facilitator_sees_the_groups_and_moves_a_person(live_server: LiveServer) -> None:
    meeting, theme_ids, _ = _meeting_with_themes(live_server)
    base = f"/f/{meeting.facilitator_token}"
    with browser_on(live_server) as facilitator:
        assert facilitator.post(f"{base}/themagroepen/indelen").status_code == 204
        page = facilitator.get(f"{base}/vervolg").text
        assert 'id="groups-panel"' in page and "Verplaatsen" in page and "Nog niet ingedeeld" not in page
        before = _groups(live_server)
        mover = before[theme_ids[0]][0]
        moved = facilitator.post(
            f"{base}/themagroepen/verplaatsen", data={"participant_id": mover, "theme_id": theme_ids[1]}
        )
        assert moved.status_code == 204
        after = _groups(live_server)
        assert mover in after[theme_ids[1]] and mover not in after[theme_ids[0]]
        # Forming again keeps the move: nobody is left to place.
        assert facilitator.post(f"{base}/themagroepen/indelen").status_code == 204
        assert _groups(live_server) == after
        stranger = facilitator.post(
            f"{base}/themagroepen/verplaatsen",
            data={"participant_id": 99999, "theme_id": theme_ids[1]},
            headers={"accept": "application/json"},
        )
        assert stranger.status_code == 404 and "hoort niet bij deze bijeenkomst" in stranger.json()["detail"]


def test_a_latecomer_joins_a_group_on_forming_again(live_server: LiveServer) -> None:
    meeting, _, _ = _meeting_with_themes(live_server)
    base = f"/f/{meeting.facilitator_token}"
    with browser_on(live_server) as facilitator:
        facilitator.post(f"{base}/themagroepen/indelen")
        first = _groups(live_server)
        with factory_on(live_server) as factory:
            late = factory.participant(meeting, "Castricum", name="Laat")
        assert "Nog niet ingedeeld: 1" in facilitator.get(f"{base}/vervolg").text
        facilitator.post(f"{base}/themagroepen/indelen")
    after = _groups(live_server)
    assert Counter(len(m) for m in after.values()) == Counter([3, 4])
    assert all(set(first[t]) <= set(after[t]) for t in first) and any(late.id in m for m in after.values())


def test_forming_without_themes_is_refused_in_dutch(live_server: LiveServer) -> None:
    with factory_on(live_server) as factory:
        meeting = factory(agenda_key="follow-up")
        factory.participant(meeting, "Bussum")
    with browser_on(live_server) as facilitator:
        response = facilitator.post(
            f"/f/{meeting.facilitator_token}/themagroepen/indelen", headers={"accept": "application/json"}
        )
    assert response.status_code == 422 and "Kies eerst de thema's" in response.json()["detail"]
