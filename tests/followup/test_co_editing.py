"""Two members editing one theme answer or plan row at the same moment, over real HTTP on a real server.

Each member has their own client (and so their own request thread and database session). The race
is forced: both requests read the row before either writes (tests/support/race.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import httpx
from sqlmodel import Session, select

from app.followup import plan, themes
from app.followup.models import PlanRow, ThemeAnswer
from app.meetings.models import Meeting, Participant
from tests.conftest import LiveServer, MeetingFactory
from tests.support.live import REQUEST_TIMEOUT
from tests.support.pages import as_pages_do, browser_cookies
from tests.support.race import at_once, meet_after_first_read

Stored = TypeVar("Stored", ThemeAnswer, PlanRow)


@dataclass
class FollowUp:
    server: LiveServer
    meeting: Meeting
    anna: Participant  # Amstelveen
    bram: Participant  # Amstelveen
    carla: Participant  # Castricum

    @contextmanager
    def phone(self, person: Participant) -> Iterator[httpx.Client]:
        cookies = browser_cookies({f"zs_p_{self.meeting.join_code}": person.token})
        with httpx.Client(base_url=self.server.url, cookies=cookies, timeout=REQUEST_TIMEOUT) as client:
            yield as_pages_do(client)

    def stored(self, model: type[Stored]) -> list[Stored]:
        with Session(self.server.app.state.engine) as session:
            return list(session.exec(select(model)).all())


def _follow_up(live_server: LiveServer) -> FollowUp:
    """A follow-up meeting with one theme; Anna and Carla in its group, Bram with a plan row of Amstelveen."""
    with Session(live_server.app.state.engine, expire_on_commit=False) as session:
        factory = MeetingFactory(session, live_server.app.state.catalog)
        meeting = factory(agenda_key="follow-up")
        question_set = live_server.app.state.catalog.question_set(meeting.question_set_key)
        theme = themes.add_theme(session=session, meeting=meeting, question_set=question_set, title="Zicht")
        people = [factory.participant(meeting, m) for m in ("Amstelveen", "Amstelveen", "Castricum")]
        for person in people:
            themes.join_theme(session=session, meeting=meeting, participant=person, theme_id=theme.id or 0)
        plan.add_plan_row(
            session=session,
            meeting=meeting,
            municipality_id=people[0].municipality_id,
            question_set=question_set,
            group="4-5-7-8",
            values={"maatregel": "Werkwijze zicht op veiligheid vastleggen"},
            now=1.0,
        )
    return FollowUp(live_server, meeting, *people)


def _base_version(html: str, row_id: int | None = None) -> int:
    """The version a form on the page is based on (of plan row `row_id`, or the first form)."""
    start = html.index(f'data-row-id="{row_id}"') if row_id else 0
    found = re.search(r'name="base_version" value="(\d+)"', html[start:])
    assert found, html
    return int(found.group(1))


def test_two_first_saves_of_one_theme_field_at_once_give_200_and_409_and_lose_no_text(live_server: LiveServer) -> None:
    work = _follow_up(live_server)
    url = f"/j/{work.meeting.join_code}/thema/antwoord"
    texts = ["Anna: geen gedeeld instrument", "Carla: te weinig capaciteit"]
    with (
        work.phone(work.anna) as anna,
        work.phone(work.carla) as carla,
        meet_after_first_read(live_server.app.state.engine, "themeanswer", 2),
    ):
        responses = at_once(
            lambda: anna.post(url, data={"base_version": 0, "knelpunten": texts[0]}),
            lambda: carla.post(url, data={"base_version": 0, "knelpunten": texts[1]}),
        )
    assert sorted(r.status_code for r in responses) == [200, 409], [r.text[:300] for r in responses]
    refused = next(i for i, r in enumerate(responses) if r.status_code == 409)
    saved_text, own_text = texts[1 - refused], texts[refused]
    page = responses[refused].text
    assert "Iemand anders heeft intussen de knelpunten gewijzigd" in page
    assert saved_text in page  # the newer text, shown next to ...
    assert f">{own_text}</textarea>" in page  # ... the refused member's own unsaved text, still in the form

    with work.phone([work.anna, work.carla][refused]) as again:
        resaved = again.post(url, data={"base_version": _base_version(page), "knelpunten": f"{saved_text}. {own_text}"})
    assert resaved.status_code == 200
    [answer] = work.stored(ThemeAnswer)
    assert answer.knelpunten == f"{saved_text}. {own_text}" and answer.version == 2


def test_two_first_saves_of_different_theme_fields_at_once_both_keep_their_text(live_server: LiveServer) -> None:
    work = _follow_up(live_server)
    url = f"/j/{work.meeting.join_code}/thema/antwoord"
    with (
        work.phone(work.anna) as anna,
        work.phone(work.carla) as carla,
        meet_after_first_read(live_server.app.state.engine, "themeanswer", 2),
    ):
        responses = at_once(
            lambda: anna.post(url, data={"base_version": 0, "knelpunten": "Geen gedeeld instrument"}),
            lambda: carla.post(url, data={"base_version": 0, "kansen": "Regionale scholing", "scope": "regionaal"}),
        )
    assert [r.status_code for r in responses] == [200, 200]
    [answer] = work.stored(ThemeAnswer)
    assert (answer.knelpunten, answer.kansen, answer.scope, answer.version) == (
        "Geen gedeeld instrument",
        "Regionale scholing",
        "regionaal",
        2,
    )
    versions = answer.field_versions  # whichever came second is version 2
    assert {versions["knelpunten"], versions["kansen"]} == {1, 2} and versions["scope"] == versions["kansen"]


def test_two_members_saving_one_plan_row_at_once_merge_or_get_both_texts(live_server: LiveServer) -> None:
    work = _follow_up(live_server)
    [row] = work.stored(PlanRow)
    url = f"/j/{work.meeting.join_code}/plan/regels/{row.id}"
    engine = live_server.app.state.engine
    with work.phone(work.anna) as anna, work.phone(work.bram) as bram:
        with meet_after_first_read(engine, "planrow", 2):
            same_field = at_once(
                lambda: anna.post(url, data={"base_version": 1, "wie": "Beleidsadviseur"}),
                lambda: bram.post(url, data={"base_version": 1, "wie": "Teamleider"}),
            )
        assert sorted(r.status_code for r in same_field) == [200, 409]
        refused = next(i for i, r in enumerate(same_field) if r.status_code == 409)
        saved_text, own_text = (
            ["Beleidsadviseur", "Teamleider"][1 - refused],
            ["Beleidsadviseur", "Teamleider"][refused],
        )
        page = same_field[refused].text
        assert f"Nieuwe tekst van wie het gaat doen:</strong> {saved_text}" in page
        assert f">{own_text}</textarea>" in page

        base = _base_version(page, row.id)
        with meet_after_first_read(engine, "planrow", 2):
            other_fields = at_once(
                lambda: anna.post(url, data={"base_version": base, "planning": "Q2"}),
                lambda: bram.post(url, data={"base_version": base, "kosten": "Geen"}),
            )
        assert [r.status_code for r in other_fields] == [200, 200]
    [stored] = work.stored(PlanRow)
    assert (stored.wie, stored.planning, stored.kosten, stored.version) == (saved_text, "Q2", "Geen", 4)


def test_a_base_version_the_text_never_had_is_refused(live_server: LiveServer) -> None:
    work = _follow_up(live_server)
    [row] = work.stored(PlanRow)
    code = work.meeting.join_code
    with work.phone(work.anna) as anna:
        theme = anna.post(f"/j/{code}/thema/antwoord", data={"base_version": 3, "knelpunten": "Mijn tekst"})
        assert theme.status_code == 409
        assert "je scherm gaat uit van versie 3, maar opgeslagen is versie 0" in theme.text
        assert ">Mijn tekst</textarea>" in theme.text  # nothing saved, nothing lost
        plan_row = anna.post(f"/j/{code}/plan/regels/{row.id}", data={"base_version": 7, "wie": "Iemand"})
        assert plan_row.status_code == 409 and "versie 7, maar opgeslagen is versie 1" in plan_row.text
        room = anna.post(f"/api/j/{code}/questions/3/answer", json={"base_version": 5, "status": "op_orde"})
        assert room.status_code == 409 and "versie 5" in room.json()["detail"]
        assert room.json()["current"]["version"] == 0
    assert work.stored(ThemeAnswer) == []
    [unchanged] = work.stored(PlanRow)
    assert unchanged.wie == "" and unchanged.version == 1
