"""Editing a plan van aanpak over real HTTP: rows added, reordered and deleted; its texts co-edited.

Each member has their own client (and so their own request thread and database session); races are
forced with tests/support/race.py.
"""

from __future__ import annotations

import re

from sqlmodel import Session, col, select

from app.followup import plan
from app.followup.models import PlanRow, PlanText
from app.meetings.models import Meeting, Participant
from tests.conftest import LiveServer
from tests.support.live import factory_on, phone_on
from tests.support.race import at_once, meet_after_first_read

JSON = {"accept": "application/json"}
GROUP = "4-5-7-8"


def _plan(server: LiveServer, rows: int = 3) -> tuple[Meeting, Participant, Participant, Participant]:
    """A follow-up meeting; Anna and Bram of Amstelveen with `rows` rows in one group, Carla of Castricum."""
    with factory_on(server) as factory:
        meeting = factory(agenda_key="follow-up")
        question_set = server.app.state.catalog.question_set(meeting.question_set_key)
        anna, bram, carla = (factory.participant(meeting, m) for m in ("Amstelveen", "Amstelveen", "Castricum"))
        for i in range(rows):
            plan.add_plan_row(
                session=factory.session,
                meeting=meeting,
                municipality_id=anna.municipality_id,
                question_set=question_set,
                group=GROUP,
                values={"maatregel": f"Maatregel {i + 1}"},
                now=1.0,
            )
    return meeting, anna, bram, carla


def _rows(server: LiveServer) -> list[PlanRow]:
    with Session(server.app.state.engine) as session:
        return list(session.exec(select(PlanRow).order_by(col(PlanRow.position), col(PlanRow.id))))


def test_a_row_is_added_with_all_columns_and_shown_on_the_plan(live_server: LiveServer) -> None:
    meeting, anna, _, _ = _plan(live_server, rows=0)
    with phone_on(live_server, meeting, anna) as phone:
        added = phone.post(
            f"/j/{meeting.join_code}/plan/regels",
            data={"group": GROUP, "maatregel": "Casusoverleg", "wie": "Teamleider", "scope": "regionaal"},
        )
        assert added.status_code == 200 and "Regel toegevoegd." in added.text and "Casusoverleg" in added.text
        empty = phone.post(f"/j/{meeting.join_code}/plan/regels", data={"group": GROUP, "maatregel": " "}, headers=JSON)
        assert empty.status_code == 422 and "maatregel" in empty.json()["detail"]
    [row] = _rows(live_server)
    assert (row.maatregel, row.wie, row.scope) == ("Casusoverleg", "Teamleider", "regionaal")


def test_additions_at_the_same_moment_get_distinct_places(live_server: LiveServer) -> None:
    meeting, anna, bram, _ = _plan(live_server, rows=1)
    url = f"/j/{meeting.join_code}/plan/regels"
    with phone_on(live_server, meeting, anna) as one, phone_on(live_server, meeting, bram) as other:
        added = at_once(
            lambda: one.post(url, data={"group": GROUP, "maatregel": "Van Anna"}),
            lambda: other.post(url, data={"group": GROUP, "maatregel": "Van Bram"}),
        )
    assert [a.status_code for a in added] == [200, 200]
    assert sorted(r.position for r in _rows(live_server)) == [0, 1, 2]


def test_rows_move_up_and_down_within_their_group(live_server: LiveServer) -> None:
    meeting, anna, _, _ = _plan(live_server)
    first, _, third = _rows(live_server)
    with phone_on(live_server, meeting, anna) as phone:
        url = f"/j/{meeting.join_code}/plan/regels"
        assert phone.post(f"{url}/{third.id}/verplaatsen", data={"richting": "omhoog"}).status_code == 200
        assert [r.maatregel for r in _rows(live_server)] == ["Maatregel 1", "Maatregel 3", "Maatregel 2"]
        page = phone.post(f"{url}/{first.id}/verplaatsen", data={"richting": "omlaag"}).text
        assert [r.maatregel for r in _rows(live_server)] == ["Maatregel 3", "Maatregel 1", "Maatregel 2"]
        assert re.findall(r'data-saved="(Maatregel \d)"', page) == ["Maatregel 3", "Maatregel 1", "Maatregel 2"]
        top = phone.post(f"{url}/{third.id}/verplaatsen", data={"richting": "omhoog"})  # already first: stays
        assert top.status_code == 200
        wrong = phone.post(f"{url}/{third.id}/verplaatsen", data={"richting": "opzij"}, headers=JSON)
        assert wrong.status_code == 422
    assert [r.position for r in _rows(live_server)] == [0, 1, 2]


def test_moves_at_the_same_moment_keep_positions_distinct_and_complete(live_server: LiveServer) -> None:
    meeting, anna, bram, _ = _plan(live_server, rows=4)
    rows = _rows(live_server)
    url = f"/j/{meeting.join_code}/plan/regels"
    with phone_on(live_server, meeting, anna) as one, phone_on(live_server, meeting, bram) as other:
        moved = at_once(
            lambda: one.post(f"{url}/{rows[3].id}/verplaatsen", data={"richting": "omhoog"}),
            lambda: other.post(f"{url}/{rows[1].id}/verplaatsen", data={"richting": "omhoog"}),
        )
    assert [r.status_code for r in moved] == [200, 200]
    after = _rows(live_server)
    assert sorted(r.position for r in after) == [0, 1, 2, 3]
    # Either order of the two moves gives this same plan: 2, 1, 4, 3.
    assert [r.maatregel for r in after] == ["Maatregel 2", "Maatregel 1", "Maatregel 4", "Maatregel 3"]


def test_a_row_is_deleted_and_deleting_it_again_is_a_clear_410(live_server: LiveServer) -> None:
    meeting, anna, _, carla = _plan(live_server)
    first = _rows(live_server)[0]
    url = f"/j/{meeting.join_code}/plan/regels/{first.id}/verwijderen"
    with phone_on(live_server, meeting, carla) as other_town:
        refused = other_town.post(url, headers=JSON)
        assert refused.status_code == 404 and "niet in het plan" in refused.json()["detail"]
    with phone_on(live_server, meeting, anna) as phone:
        deleted = phone.post(url)
        assert deleted.status_code == 200 and "Regel verwijderd." in deleted.text and "Maatregel 1" not in deleted.text
        again = phone.post(url, headers=JSON)
        assert again.status_code == 410 and "al verwijderd" in again.json()["detail"]
    assert [r.maatregel for r in _rows(live_server)] == ["Maatregel 2", "Maatregel 3"]


def test_editing_a_row_someone_deletes_at_that_moment_is_a_409_that_keeps_the_typed_text(
    live_server: LiveServer,
) -> None:
    meeting, anna, bram, _ = _plan(live_server)
    row = _rows(live_server)[1]
    url = f"/j/{meeting.join_code}/plan/regels/{row.id}"
    typed = "Bram: wekelijks casusoverleg met Veilig Thuis"
    with phone_on(live_server, meeting, anna) as deleter, phone_on(live_server, meeting, bram) as editor:
        deleted, edited = at_once(
            lambda: deleter.post(f"{url}/verwijderen"),
            lambda: editor.post(url, data={"base_version": row.version, "verbeteractie": typed}),
        )
    assert deleted.status_code == 200
    if edited.status_code == 200:  # the edit came first; the delete then removed the edited row (maybe before
        assert "Opgeslagen." in edited.text  # the edit's page was read: then the row is gone from it too)
    else:
        assert edited.status_code == 409
        assert "iemand anders heeft deze regel intussen verwijderd" in edited.text and typed in edited.text
    assert row.id not in {r.id for r in _rows(live_server)}


def test_an_edit_after_the_row_was_deleted_is_refused_with_the_text_shown(live_server: LiveServer) -> None:
    meeting, anna, bram, _ = _plan(live_server)
    row = _rows(live_server)[0]
    url = f"/j/{meeting.join_code}/plan/regels/{row.id}"
    with phone_on(live_server, meeting, anna) as deleter, phone_on(live_server, meeting, bram) as editor:
        assert deleter.post(f"{url}/verwijderen").status_code == 200
        late = editor.post(url, data={"base_version": row.version, "wie": "Coördinator wijkteam"})
    assert late.status_code == 409
    assert "intussen verwijderd" in late.text and "Coördinator wijkteam" in late.text


def test_the_plan_texts_are_written_and_shown(live_server: LiveServer) -> None:
    meeting, anna, _, carla = _plan(live_server, rows=0)
    url = f"/j/{meeting.join_code}/plan/tekst"
    with phone_on(live_server, meeting, anna) as phone:
        saved = phone.post(url, data={"base_version": 0, "inleiding": "Waarom dit plan", "context": "Wijkteam Noord"})
        assert saved.status_code == 200 and "Opgeslagen." in saved.text and "Wijkteam Noord" in saved.text
        assert "Waarom dit plan" in phone.get(f"/j/{meeting.join_code}/plan").text
        too_long = phone.post(url, data={"base_version": 1, "samenvatting": "x" * 4001}, headers=JSON)
        assert too_long.status_code == 422
    with phone_on(live_server, meeting, carla) as other_town:
        assert "Waarom dit plan" not in other_town.get(f"/j/{meeting.join_code}/plan").text
    with Session(live_server.app.state.engine) as session:
        [text] = session.exec(select(PlanText)).all()
        assert (text.inleiding, text.context, text.municipality_id) == (
            "Waarom dit plan",
            "Wijkteam Noord",
            anna.municipality_id,
        )


def test_two_first_saves_of_different_plan_texts_at_once_both_stay(live_server: LiveServer) -> None:
    meeting, anna, bram, _ = _plan(live_server, rows=0)
    url = f"/j/{meeting.join_code}/plan/tekst"
    with (
        phone_on(live_server, meeting, anna) as one,
        phone_on(live_server, meeting, bram) as other,
        meet_after_first_read(live_server.app.state.engine, "plantext", 2),
    ):
        saves = at_once(
            lambda: one.post(url, data={"base_version": 0, "inleiding": "Anna: inleiding"}),
            lambda: other.post(url, data={"base_version": 0, "samenvatting": "Bram: samenvatting"}),
        )
    assert [s.status_code for s in saves] == [200, 200]
    with Session(live_server.app.state.engine) as session:
        [text] = session.exec(select(PlanText)).all()
        assert (text.inleiding, text.samenvatting) == ("Anna: inleiding", "Bram: samenvatting")


def test_two_saves_of_the_same_plan_text_at_once_give_200_and_409_and_lose_no_text(live_server: LiveServer) -> None:
    meeting, anna, bram, _ = _plan(live_server, rows=0)
    url = f"/j/{meeting.join_code}/plan/tekst"
    texts = ["Anna: onze context", "Bram: de context van de regio"]
    with (
        phone_on(live_server, meeting, anna) as one,
        phone_on(live_server, meeting, bram) as other,
        meet_after_first_read(live_server.app.state.engine, "plantext", 2),
    ):
        saves = at_once(
            lambda: one.post(url, data={"base_version": 0, "context": texts[0]}),
            lambda: other.post(url, data={"base_version": 0, "context": texts[1]}),
        )
    assert sorted(s.status_code for s in saves) == [200, 409]
    refused = next(s for s in saves if s.status_code == 409)
    assert "Iemand anders heeft intussen de context gewijzigd" in refused.text
    assert all(t in refused.text for t in texts)  # the stored text above, the refused one still in the form
    with Session(live_server.app.state.engine) as session:
        [text] = session.exec(select(PlanText)).all()
        assert text.context in texts


def test_moving_another_municipalitys_row_is_a_404_like_editing_or_deleting_it(live_server: LiveServer) -> None:
    meeting, _, _, carla = _plan(live_server)
    first = _rows(live_server)[0]
    with phone_on(live_server, meeting, carla) as other_town:
        refused = other_town.post(
            f"/j/{meeting.join_code}/plan/regels/{first.id}/verplaatsen", data={"richting": "omlaag"}, headers=JSON
        )
    assert refused.status_code == 404 and "niet in het plan" in refused.json()["detail"]
    assert [r.maatregel for r in _rows(live_server)] == ["Maatregel 1", "Maatregel 2", "Maatregel 3"]
