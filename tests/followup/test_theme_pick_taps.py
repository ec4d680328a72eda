"""Theme groups are formed by the server: a participant cannot pick one; a double tap on a move places once."""

from __future__ import annotations

from sqlmodel import Session, select

from app.followup import themes
from app.followup.models import Theme, ThemeAnswer, ThemeMember
from app.meetings.models import Meeting, Participant
from tests.conftest import LiveServer
from tests.support.live import browser_on, factory_on, phone_on
from tests.support.race import at_once, meet_after_first_read


def _two_groups(server: LiveServer, *, placed: bool) -> tuple[Meeting, Theme, Theme, list[Participant]]:
    """A follow-up with the themes Wachtlijsten and Scholing and Anna and Bram; `placed`: Anna in Wachtlijsten."""
    with factory_on(server) as factory:
        meeting = factory(agenda_key="follow-up")
        question_set = server.app.state.catalog.question_set(meeting.question_set_key)
        waiting, training = (
            themes.add_theme(session=factory.session, meeting=meeting, question_set=question_set, title=title)
            for title in ("Wachtlijsten", "Scholing")
        )
        people = [factory.participant(meeting, m, name=n) for m, n in (("Bussum", "Anna"), ("Castricum", "Bram"))]
        if placed:
            themes.join_theme(session=factory.session, meeting=meeting, participant=people[0], theme_id=waiting.id or 0)
    return meeting, waiting, training, people


def test_a_participant_cannot_move_into_another_group_and_overwrite_its_answers(live_server: LiveServer) -> None:
    meeting, waiting, training, (anna, bram) = _two_groups(live_server, placed=False)
    base = f"/f/{meeting.facilitator_token}"
    with browser_on(live_server) as facilitator:
        for person, theme in ((anna, waiting), (bram, training)):
            moved = facilitator.post(
                f"{base}/themagroepen/verplaatsen", data={"participant_id": person.id, "theme_id": theme.id}
            )
            assert moved.status_code == 204
    answer = f"/j/{meeting.join_code}/thema/antwoord"
    with phone_on(live_server, meeting, bram) as bram_phone:
        assert (
            bram_phone.post(
                answer, data={"base_version": 0, "theme_id": training.id, "kansen": "Regionale scholing"}
            ).status_code
            == 200
        )
    with phone_on(live_server, meeting, anna) as phone:
        picked = phone.post(f"/j/{meeting.join_code}/thema", data={"theme_id": training.id})
        assert picked.status_code == 405
        phone.post(answer, data={"base_version": 1, "theme_id": training.id, "kansen": "Overschreven"})
    with Session(live_server.app.state.engine) as session:
        assert (
            session.exec(select(ThemeMember.theme_id).where(ThemeMember.participant_id == anna.id)).one() == waiting.id
        )
        assert (
            session.exec(select(ThemeAnswer.kansen).where(ThemeAnswer.theme_id == training.id)).one()
            == "Regionale scholing"
        )


def test_a_double_tap_on_moving_a_participant_puts_them_in_the_group_once(live_server: LiveServer) -> None:
    with factory_on(live_server) as factory:
        meeting = factory(agenda_key="follow-up")
        question_set = live_server.app.state.catalog.question_set(meeting.question_set_key)
        theme = themes.add_theme(session=factory.session, meeting=meeting, question_set=question_set, title="Zicht")
        anna = factory.participant(meeting, "Bussum", name="Anna")
    url = f"/f/{meeting.facilitator_token}/themagroepen/verplaatsen"
    data = {"participant_id": anna.id, "theme_id": theme.id}
    with (
        browser_on(live_server) as tap,
        browser_on(live_server) as same_tap,
        meet_after_first_read(live_server.app.state.engine, "thememember", 2),
    ):
        taps = at_once(lambda: tap.post(url, data=data), lambda: same_tap.post(url, data=data))
    assert [r.status_code for r in taps] == [204, 204]
    with Session(live_server.app.state.engine) as session:
        assert [(m.participant_id, m.theme_id) for m in session.exec(select(ThemeMember))] == [(anna.id, theme.id)]


def test_an_answer_typed_before_a_move_is_not_saved_into_the_new_group(live_server: LiveServer) -> None:
    meeting, waiting, training, (anna, _) = _two_groups(live_server, placed=True)
    with phone_on(live_server, meeting, anna) as phone:
        page = phone.get(f"/j/{meeting.join_code}/thema").text
        assert f'name="theme_id" value="{waiting.id}"' in page  # the form says which group it was typed for
        with browser_on(live_server) as facilitator:
            moved = facilitator.post(
                f"/f/{meeting.facilitator_token}/themagroepen/verplaatsen",
                data={"participant_id": anna.id, "theme_id": training.id},
            )
            assert moved.status_code == 204
        saved = phone.post(
            f"/j/{meeting.join_code}/thema/antwoord",
            data={"base_version": 0, "theme_id": waiting.id, "kansen": "Wachtlijst delen met de buren"},
        )
    assert saved.status_code == 409
    assert "Je bent intussen in een andere themagroep geplaatst; je tekst staat hieronder" in saved.text
    assert "<h3>Scholing</h3>" in saved.text and "Wachtlijst delen met de buren</textarea>" in saved.text
    with Session(live_server.app.state.engine) as session:
        assert session.exec(select(ThemeAnswer)).all() == []


def test_dropping_a_theme_while_its_group_writes_its_first_answer_never_gives_a_500(live_server: LiveServer) -> None:
    meeting, waiting, _, (anna, _) = _two_groups(live_server, placed=True)
    engine = live_server.app.state.engine
    with (
        browser_on(live_server) as facilitator,
        phone_on(live_server, meeting, anna) as phone,
        meet_after_first_read(engine, "theme", 2),
    ):
        dropped, answered = at_once(
            lambda: facilitator.post(f"/f/{meeting.facilitator_token}/themas/{waiting.id}/verwijderen"),
            lambda: phone.post(
                f"/j/{meeting.join_code}/thema/antwoord",
                data={"base_version": 0, "theme_id": waiting.id, "kansen": "Wachtlijst delen"},
            ),
        )
    with Session(engine) as session:
        kept = session.get(Theme, waiting.id)
        stored = session.exec(select(ThemeAnswer.kansen)).all()
    if kept is None:  # the drop came first: the answer is refused in Dutch, nothing is left behind
        assert dropped.status_code == 204 and answered.status_code in (404, 409), answered.text
        assert "verwijderd" in answered.text or "bestaat niet" in answered.text
        assert stored == []
    else:  # the answer came first: the drop is refused, the answer kept
        assert answered.status_code == 200 and dropped.status_code == 409, dropped.text
        assert stored == ["Wachtlijst delen"]
