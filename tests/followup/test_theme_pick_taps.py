"""Picking a theme group: a double tap never gives a 500 and leaves one membership."""

from __future__ import annotations

from sqlmodel import Session, select

from app.followup import themes
from app.followup.models import ThemeMember
from tests.conftest import LiveServer
from tests.support.live import factory_on, phone_on
from tests.support.race import at_once, meet_after_first_read


def test_a_double_tap_on_pick_theme_puts_the_participant_in_the_group_once(live_server: LiveServer) -> None:
    with factory_on(live_server) as factory:
        meeting = factory(agenda_key="follow-up")
        question_set = live_server.app.state.catalog.question_set(meeting.question_set_key)
        theme = themes.add_theme(session=factory.session, meeting=meeting, question_set=question_set, title="Zicht")
        anna = factory.participant(meeting, "Bussum", name="Anna")
    url = f"/j/{meeting.join_code}/thema"
    with (
        phone_on(live_server, meeting, anna) as tap,
        phone_on(live_server, meeting, anna) as same_tap,
        meet_after_first_read(live_server.app.state.engine, "thememember", 2),
    ):
        taps = at_once(
            lambda: tap.post(url, data={"theme_id": theme.id}), lambda: same_tap.post(url, data={"theme_id": theme.id})
        )
    assert [r.status_code for r in taps] == [200, 200]
    assert all("<h3>Zicht</h3>" in r.text for r in taps)
    with Session(live_server.app.state.engine) as session:
        assert [(m.participant_id, m.theme_id) for m in session.exec(select(ThemeMember))] == [(anna.id, theme.id)]
