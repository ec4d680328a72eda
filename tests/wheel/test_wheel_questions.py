"""The wheel's questions are put on when a meeting is created; opening the wheel never writes."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, delete, select

from app.catalog.loader import Catalog
from app.wheel import service as wheel_service
from app.wheel.models import WheelQuestion
from tests.conftest import LiveServer
from tests.support.live import browser_on, count, factory_on
from tests.support.race import at_once, meet_after_first_read


def test_a_new_meeting_has_the_eight_bijlage_2_questions_on_its_wheel(
    make_meeting: Any, session: Session, catalog: Catalog
) -> None:
    meeting = make_meeting(agenda_key="follow-up")
    questions = wheel_service.questions_of(session=session, meeting=meeting)
    assert [q.text for q in questions] == list(catalog.wheel.questions)
    assert [q.position for q in questions] == list(range(8))


def test_three_simultaneous_first_opens_of_the_wheel_leave_eight_questions(live_server: LiveServer) -> None:
    with factory_on(live_server) as factory:
        meeting = factory(agenda_key="follow-up")
    page = f"/g/{meeting.gespreksleider_token}"
    with (
        browser_on(live_server) as first,
        browser_on(live_server) as second,
        browser_on(live_server) as third,
        meet_after_first_read(live_server.app.state.engine, "wheelquestion", 3),
    ):
        opened = at_once(lambda: first.get(page), lambda: second.get(page), lambda: third.get(page))
    assert [r.status_code for r in opened] == [200, 200, 200]
    assert count(live_server, WheelQuestion, WheelQuestion.meeting_id == meeting.id) == 8


def test_an_older_meeting_without_questions_gets_them_only_from_the_button(live_server: LiveServer) -> None:
    with factory_on(live_server) as factory:
        meeting = factory(agenda_key="follow-up")
        factory.session.exec(delete(WheelQuestion))  # type: ignore[call-overload]  # as a meeting made before
        factory.session.commit()
    page, load = f"/g/{meeting.gespreksleider_token}", f"/g/{meeting.gespreksleider_token}/rad/bijlage-2"
    with browser_on(live_server) as gespreksleider, browser_on(live_server) as twice, browser_on(live_server) as thrice:
        opened = gespreksleider.get(page)
        assert opened.status_code == 200 and "Vragen uit Bijlage 2 laden" in opened.text
        assert count(live_server, WheelQuestion) == 0  # opening wrote nothing
        with meet_after_first_read(live_server.app.state.engine, "wheelquestion", 3):
            taps = at_once(lambda: gespreksleider.post(load), lambda: twice.post(load), lambda: thrice.post(load))
        assert [r.status_code for r in taps] == [204, 204, 204]
        assert gespreksleider.post(load).status_code == 204  # and once more, later
        assert "Vragen uit Bijlage 2 laden" not in gespreksleider.get(page).text
    with Session(live_server.app.state.engine) as session:
        questions = session.exec(select(WheelQuestion).order_by(WheelQuestion.position)).all()  # type: ignore[arg-type]
    assert [q.position for q in questions] == list(range(8))


def test_two_questions_added_at_the_same_moment_each_get_their_own_place(live_server: LiveServer) -> None:
    with factory_on(live_server) as factory:
        meeting = factory(agenda_key="follow-up")
    add = f"/g/{meeting.gespreksleider_token}/rad/vragen"
    with (
        browser_on(live_server) as one,
        browser_on(live_server) as other,
        meet_after_first_read(live_server.app.state.engine, "wheelquestion", 2),
    ):
        added = at_once(
            lambda: one.post(add, data={"text": "Wat nemen jullie mee?"}),
            lambda: other.post(add, data={"text": "Wie was er niet bij?"}),
        )
    assert [r.status_code for r in added] == [204, 204]
    with Session(live_server.app.state.engine) as session:
        positions = [q.position for q in session.exec(select(WheelQuestion)).all()]
    assert sorted(positions) == list(range(10))
