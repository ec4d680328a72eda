"""A participant's own view: a double tap or two quick taps at once never give a 500, and the log stays true."""

from __future__ import annotations

from sqlmodel import Session, col, select

from app.zelfscan.models import AnswerChange, ParticipantView
from tests.conftest import LiveServer
from tests.support.live import factory_on, phone_on
from tests.support.race import at_once, meet_after_first_read


def test_a_double_tap_on_an_own_view_changes_it_once(live_server: LiveServer) -> None:
    with factory_on(live_server) as factory:
        meeting = factory()
        anna = factory.participant(meeting, "Bussum", name="Anna")
    url = f"/api/j/{meeting.join_code}/questions/3/view"
    with (
        phone_on(live_server, meeting, anna) as tap,
        phone_on(live_server, meeting, anna) as same_tap,
        meet_after_first_read(live_server.app.state.engine, "participantview", 2),
    ):
        taps = at_once(
            lambda: tap.post(url, json={"status": "op_orde"}), lambda: same_tap.post(url, json={"status": "op_orde"})
        )
    assert [r.status_code for r in taps] == [200, 200]
    with Session(live_server.app.state.engine) as session:
        assert [v.status for v in session.exec(select(ParticipantView))] == ["op_orde"]
        assert [(c.old, c.new) for c in session.exec(select(AnswerChange))] == [("open", "op_orde")]


def test_two_different_taps_at_once_both_land_and_the_log_keeps_the_real_old_values(live_server: LiveServer) -> None:
    with factory_on(live_server) as factory:
        meeting = factory()
        anna = factory.participant(meeting, "Bussum", name="Anna")
    url = f"/api/j/{meeting.join_code}/questions/3/view"
    with (
        phone_on(live_server, meeting, anna) as tap,
        phone_on(live_server, meeting, anna) as other_tap,
        meet_after_first_read(live_server.app.state.engine, "participantview", 2),
    ):
        taps = at_once(
            lambda: tap.post(url, json={"status": "op_orde"}),
            lambda: other_tap.post(url, json={"status": "niet_op_orde"}),
        )
    assert [r.status_code for r in taps] == [200, 200]
    with Session(live_server.app.state.engine) as session:
        [view] = session.exec(select(ParticipantView)).all()
        log = [(c.old, c.new) for c in session.exec(select(AnswerChange).order_by(col(AnswerChange.id)))]
    assert len(log) == 2 and log[0][0] == "open" and log[1][0] == log[0][1] and log[1][1] == view.status
