"""Proefdraaien fills a meeting's oefenversie with simulated participants; the facilitator can step back a block."""

from __future__ import annotations

import time

import httpx
from sqlmodel import Session, select

from app.meetings.models import Meeting, Participant
from app.zelfscan.models import AnswerChange
from tests.conftest import SECRET
from tests.support.live import REQUEST_TIMEOUT


def _wait_for(predicate, seconds: float = 45.0) -> bool:
    """Poll a bounded time for something the simulated participants do at a person's pace."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_rehearsal_participants_join_the_oefenversie_and_answer_once_its_breakout_opens(live_server):
    app = live_server.app
    with httpx.Client(
        base_url=live_server.url, headers={"Authorization": f"Bearer {SECRET}"}, timeout=REQUEST_TIMEOUT
    ) as organiser:
        links = organiser.post(
            "/api/meetings", json={"region": "Oefenregio", "date": "2026-12-01", "municipalities": ["Aa", "Bb"]}
        ).json()
        organiser.post("/organisator/inloggen", data={"sleutel": SECRET})
        started = organiser.post(
            f"/organisator/bijeenkomsten/{links['id']}/proefdraaien",
            data={"per_municipality": "1"},
            follow_redirects=True,
        )
        assert started.status_code == 200 and "Proefdraaien gestart" in started.text
        with Session(app.state.engine) as session:
            copy = session.exec(select(Meeting).where(Meeting.rehearsal_of == links["id"])).one()
        assert f"/f/{copy.facilitator_token}" in started.text  # the organiser page hands out the copy's links

        def joined(meeting_id: int) -> list[Participant]:
            with Session(app.state.engine) as session:
                return list(session.exec(select(Participant).where(Participant.meeting_id == meeting_id)).all())

        # The first simulated participant of each municipality joins the oefenversie within a few seconds.
        assert _wait_for(lambda: len({p.municipality_id for p in joined(copy.id)}) == 2)
        assert all(p.name.endswith("(oefen)") and p.simulated for p in joined(copy.id))

        organiser.post(f"/api/f/{copy.facilitator_token}/clock/start")
        for _ in range(5):
            organiser.post(f"/api/f/{copy.facilitator_token}/clock/next")

        def answers(meeting_id: int) -> int:
            with Session(app.state.engine) as session:
                return len(session.exec(select(AnswerChange).where(AnswerChange.meeting_id == meeting_id)).all())

        assert _wait_for(lambda: answers(copy.id) > 0), "no simulated answer arrived after the breakout opened"
        assert joined(links["id"]) == [] and answers(links["id"]) == 0  # the real meeting holds none of it
        results = organiser.get(f"/api/meetings/{links['id']}/results").json()
        assert all(m["answered"] == 0 for m in results["municipalities"])


def test_facilitator_steps_back_to_the_previous_block_and_it_runs_again(workshop):
    workshop.go_to_block(2)
    back = workshop.clock("previous")
    assert back.status_code == 200 and back.json()["current_block"] == 1
    assert back.json()["remaining"] > 0
    assert workshop.clock("next").json()["current_block"] == 2


def test_there_is_no_block_before_the_first(workshop):
    workshop.clock("start")
    refused = workshop.clock("previous")
    assert refused.status_code == 422 and "geen vorig blok" in refused.json()["detail"]
