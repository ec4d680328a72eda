"""Proefdraaien as database jobs: one worker of several claims a job, any worker's stop request ends it,
and a job whose worker died is taken over. On both databases (`make test` runs SQLite and PostgreSQL).

Each "worker" here is a JobRunner of its own on the same database, as several processes would be; the
job itself is a stand-in that runs until it is cancelled, so what the tests see is only the runners' doing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.meetings import rehearsal_copy, rehearsal_jobs
from app.meetings.models import Meeting, RehearsalJob
from app.meetings.rehearsal_jobs import JobRunner
from tests.conftest import sign_in
from tests.support.pages import as_pages_do
from tests.support.race import at_once

NOW = 1_800_000_000.0


def waiting_job(session: Session, meeting: Meeting) -> RehearsalJob:
    rehearsal = rehearsal_copy.open_rehearsal(session=session, meeting=meeting)
    return rehearsal_jobs.enqueue(
        session=session, meeting=meeting, rehearsal=rehearsal, per_municipality=2, base_url="http://x", now=NOW
    )


class Recorder:
    """The job a runner runs: remembers which worker started which job, and runs until cancelled."""

    def __init__(self) -> None:
        self.started: list[tuple[str, int]] = []
        self.cancelled: list[int] = []

    def for_worker(self, name: str) -> Any:
        async def run(job: RehearsalJob) -> None:
            self.started.append((name, job.id or 0))
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                self.cancelled.append(job.id or 0)
                raise

        return run


def test_of_several_workers_claiming_at_once_exactly_one_gets_the_job(app: FastAPI, session: Session, make_meeting):
    job = waiting_job(session, make_meeting())
    engine = app.state.engine

    won = at_once(*(lambda w=w: rehearsal_jobs.claim(engine=engine, worker=w, now=NOW) for w in ("a", "b", "c", "d")))

    winners = [claimed for claimed in won if claimed is not None]
    assert len(winners) == 1 and winners[0].id == job.id
    session.expire_all()
    assert session.get(RehearsalJob, job.id).worker == winners[0].worker


def test_a_stop_asked_on_one_worker_ends_the_job_running_on_another(app: FastAPI, session: Session, make_meeting):
    meeting = make_meeting()
    job = waiting_job(session, meeting)
    recorder = Recorder()

    async def scenario() -> None:
        runner = JobRunner(app.state.engine, recorder.for_worker("b"), worker="b")
        await runner.step(NOW)  # worker b claims and starts it
        await asyncio.sleep(0)
        assert recorder.started == [("b", job.id)]
        # Worker a handles the organiser's click: only the row changes.
        with Session(app.state.engine) as other_worker:
            assert rehearsal_jobs.request_stop(session=other_worker, meeting=meeting) == 1
        await runner.step(NOW + 1)  # b's next heartbeat finds the stop
        assert recorder.cancelled == [job.id] and runner.tasks == {}
        await runner.step(NOW + 60)  # and nobody claims it again
        assert recorder.started == [("b", job.id)]

    asyncio.run(scenario())
    session.expire_all()
    stored = session.get(RehearsalJob, job.id)
    assert stored.finished and stored.stop_requested


def test_a_job_whose_worker_died_is_taken_over_and_the_old_worker_lets_go(app: FastAPI, session: Session, make_meeting):
    job = waiting_job(session, make_meeting())
    recorder = Recorder()

    async def scenario() -> None:
        dying = JobRunner(app.state.engine, recorder.for_worker("a"), worker="a")
        alive = JobRunner(app.state.engine, recorder.for_worker("b"), worker="b")
        await dying.step(NOW)
        await alive.step(NOW + 1)  # a's heartbeat is fresh: b leaves the job alone
        await asyncio.sleep(0)
        assert recorder.started == [("a", job.id)]
        await alive.step(NOW + rehearsal_jobs.STALE_SECONDS + 5)  # a stopped beating (stuck or gone)
        await asyncio.sleep(0)
        assert recorder.started == [("a", job.id), ("b", job.id)]
        await dying.step(NOW + rehearsal_jobs.STALE_SECONDS + 6)  # a comes back: the job is b's now
        assert recorder.cancelled == [job.id] and dying.tasks == {} and set(alive.tasks) == {job.id}
        await alive.stop_all()

    asyncio.run(scenario())


def test_the_organiser_stops_proefdraaien_on_the_meeting_page(app: FastAPI, session: Session, make_meeting):
    meeting = make_meeting()
    recorder = Recorder()
    app.state.rehearsal_jobs = JobRunner(app.state.engine, recorder.for_worker("this worker"))
    page = f"/organisator/bijeenkomsten/{meeting.id}"
    with as_pages_do(TestClient(app)) as browser:
        sign_in(browser)
        started = browser.post(f"{page}/proefdraaien", data={"per_municipality": "1"})
        assert "Proefdraaien gestart" in started.text
        assert "Proefdraaien loopt (1 ronde(s)" in started.text and 'id="stop-rehearsal"' in started.text
        assert until(lambda: recorder.started != []), "the worker did not pick the job up"

        stopped = browser.post(f"{page}/proefdraaien/stoppen")
        assert "Proefdraaien gestopt: de gesimuleerde deelnemers houden op." in stopped.text
        assert 'id="stop-rehearsal"' not in stopped.text
        assert until(lambda: recorder.cancelled != []), "the running job was not stopped"
        again = browser.post(f"{page}/proefdraaien/stoppen")
        assert "Er liep geen proefdraaironde" in again.text


def until(condition: Callable[[], bool], seconds: float = 20.0) -> bool:
    """Wait (bounded) for the worker's next poll; never an assertion about time."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
