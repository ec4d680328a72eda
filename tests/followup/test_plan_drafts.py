"""A plan's first rows are drafted by an explicit action, once: never by opening the plan."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.followup import plan
from app.followup.models import PlanRow
from app.meetings import service as meetings
from app.meetings.models import Meeting
from app.zelfscan.models import RoomAnswer
from tests.conftest import LiveServer, MeetingFactory
from tests.support.live import count, factory_on, phone_on
from tests.support.race import at_once, meet_after_first_read

NIET_OP_ORDE = {"Amstelveen": (1, 2, 13), "Bussum": (4,), "Castricum": ()}


def _linked_follow_up(factory: MeetingFactory) -> Meeting:
    """A startbijeenkomst with some questions niet op orde per municipality, and its follow-up."""
    start = factory()
    for municipality in meetings.municipalities_of(session=factory.session, meeting=start):
        for question in NIET_OP_ORDE[municipality.name]:
            factory.session.add(
                RoomAnswer(
                    meeting_id=start.id or 0,
                    municipality_id=municipality.id or 0,
                    question=question,
                    status="niet_op_orde",
                    toelichting=f"{municipality.name} over vraag {question}",
                )
            )
    factory.session.commit()
    return factory(agenda_key="follow-up", scan_source_id=start.id)


def test_two_members_opening_and_starting_the_plan_at_once_get_its_rows_once(live_server: LiveServer) -> None:
    with factory_on(live_server) as factory:
        follow_up = _linked_follow_up(factory)
        anna, bram = (factory.participant(follow_up, "Amstelveen", name=n) for n in ("Anna", "Bram"))
    code, engine = follow_up.join_code, live_server.app.state.engine
    with phone_on(live_server, follow_up, anna) as annas, phone_on(live_server, follow_up, bram) as brams:
        with meet_after_first_read(engine, "planrow", 2):
            opened = at_once(lambda: annas.get(f"/j/{code}/plan"), lambda: brams.get(f"/j/{code}/plan"))
        assert [r.status_code for r in opened] == [200, 200]
        assert count(live_server, PlanRow) == 0  # opening the plan writes nothing
        with meet_after_first_read(engine, "planrow", 2):
            started = at_once(
                lambda: annas.post(f"/j/{code}/plan/beginnen"), lambda: brams.post(f"/j/{code}/plan/beginnen")
            )
        assert [r.status_code for r in started] == [200, 200]
    with Session(engine) as session:
        rows = session.exec(select(PlanRow).order_by(PlanRow.position)).all()  # type: ignore[arg-type]
    assert [(r.source_question, r.position) for r in rows] == [(1, 0), (2, 1), (13, 2)]


def test_the_plan_van_aanpak_block_drafts_every_plan_once_and_deleted_rows_stay_deleted(
    client: TestClient, make_meeting: Any, session: Session
) -> None:
    follow_up = _linked_follow_up(make_meeting)
    blocks = meetings.blocks_of(session=session, meeting=follow_up)
    plan_block = next(b.position for b in blocks if b.work == "plan_van_aanpak")
    token = follow_up.facilitator_token

    def clock(action: str) -> int:
        response = client.post(f"/api/f/{token}/clock/{action}")
        assert response.status_code == 200, response.text
        return int(response.json()["current_block"])

    position = clock("start")
    while position < plan_block - 1:
        position = clock("next")
    assert session.exec(select(PlanRow)).all() == []  # nothing before the plan van aanpak block
    assert clock("next") == plan_block
    deleted = session.exec(select(PlanRow).where(PlanRow.source_question == 13)).one()
    plan.delete_plan_row(
        session=session, meeting=follow_up, municipality_id=deleted.municipality_id, row_id=deleted.id or 0
    )
    clock("previous")
    clock("next")  # entering the block again adds nothing: the deleted row does not come back
    session.expire_all()
    by_name = {m.id: m.name for m in meetings.municipalities_of(session=session, meeting=follow_up)}
    drafted = sorted((by_name[r.municipality_id], r.source_question) for r in session.exec(select(PlanRow)))
    assert drafted == [("Amstelveen", 1), ("Amstelveen", 2), ("Bussum", 4)]
