"""Two members of a room tapping "Hulp nodig" at the same moment make one open call, never a 500."""

from __future__ import annotations

from sqlmodel import Session, select

from app.followup.models import HelpCall
from tests.conftest import LiveServer
from tests.support.live import factory_on, phone_on
from tests.support.race import at_once, meet_after_first_read


def test_two_members_calling_for_help_at_once_make_one_open_call(live_server: LiveServer) -> None:
    with factory_on(live_server) as factory:
        meeting = factory()
        anna = factory.participant(meeting, "Bussum", name="Anna")
        bram = factory.participant(meeting, "Bussum", name="Bram")
    url = f"/j/{meeting.join_code}/hulp"
    with (
        phone_on(live_server, meeting, anna) as first,
        phone_on(live_server, meeting, bram) as second,
        meet_after_first_read(live_server.app.state.engine, "helpcall", 2),
    ):
        calls = at_once(lambda: first.post(url), lambda: second.post(url))
    assert [r.status_code for r in calls] == [200, 200]
    with Session(live_server.app.state.engine) as session:
        assert len(list(session.exec(select(HelpCall)))) == 1
