"""Proefdraaien as database-backed jobs: any worker picks a job up, any worker can stop it.

The organiser's click writes a `RehearsalJob` row; every worker runs `JobRunner`, which claims
waiting jobs with a conditional UPDATE (only one worker's UPDATE finds the row unclaimed; on
PostgreSQL the candidates are read with `FOR UPDATE SKIP LOCKED`, so workers polling at once do
not queue behind each other's rows), runs them (app.meetings.rehearsal.rehearse) and renews their
heartbeat. A stop is a flag on the row, set by whichever worker handles the organiser's request;
the running worker sees it at its next heartbeat and cancels the simulated participants. A job
whose worker died (no heartbeat for STALE_SECONDS) is claimed again by another.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable, Coroutine
from typing import Any

from sqlalchemy import Engine, or_, update
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from app.core.db import begin_write
from app.meetings.models import Meeting, RehearsalJob

log = logging.getLogger("zelfscan.rehearsal")
POLL_SECONDS = 1.0  # how often a worker looks for work and renews its heartbeats
STALE_SECONDS = 30.0  # a running job without a heartbeat this long is taken over
MINUTES = 15.0  # how long simulated participants keep answering

RunJob = Callable[[RehearsalJob], Coroutine[Any, Any, None]]


def worker_name() -> str:
    """This worker's name on the jobs it claims: host, process and a random part (two apps in one process)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def _active() -> tuple[Any, Any]:
    """Neither finished nor asked to stop."""
    return ~col(RehearsalJob.finished), ~col(RehearsalJob.stop_requested)


def enqueue(
    *, session: Session, meeting: Meeting, rehearsal: Meeting, per_municipality: int, base_url: str, now: float
) -> RehearsalJob:
    """A new waiting job: `per_municipality` simulated participants for `rehearsal`, the oefenversie of `meeting`."""
    job = RehearsalJob(
        meeting_id=meeting.id or 0,
        rehearsal_id=rehearsal.id or 0,
        per_municipality=per_municipality,
        minutes=MINUTES,
        base_url=base_url,
        created_at=now,
    )
    session.add(job)
    session.commit()
    session.refresh(job)
    return job


def request_stop(*, session: Session, meeting: Meeting) -> int:
    """Ask every running or waiting job of the meeting to stop; returns how many were asked."""
    result = session.execute(
        update(RehearsalJob)
        .where(
            col(RehearsalJob.meeting_id) == meeting.id, ~col(RehearsalJob.finished), ~col(RehearsalJob.stop_requested)
        )
        .values(stop_requested=True)
    )
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def running(*, session: Session, meeting: Meeting) -> list[RehearsalJob]:
    """The meeting's jobs that are neither finished nor asked to stop."""
    return list(session.exec(select(RehearsalJob).where(RehearsalJob.meeting_id == meeting.id, *_active())).all())


def claim(*, engine: Engine, worker: str, now: float) -> RehearsalJob | None:
    """Take one waiting (or abandoned) job for `worker`; None when there is none or another worker won it."""
    claimable = or_(col(RehearsalJob.worker).is_(None), col(RehearsalJob.heartbeat) < now - STALE_SECONDS)
    open_job = (*_active(), claimable)
    with Session(engine, expire_on_commit=False) as session:
        begin_write(session)  # SQLite: claims one at a time (a read-then-write would fail, not wait)
        candidates = select(RehearsalJob.id).where(*open_job).order_by(col(RehearsalJob.id)).limit(5)
        if session.connection().dialect.name == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True)
        for job_id in session.exec(candidates).all():
            won = session.execute(
                update(RehearsalJob)
                .where(col(RehearsalJob.id) == job_id, *open_job)
                .values(worker=worker, heartbeat=now)
            )
            if getattr(won, "rowcount", 0) == 1:
                session.commit()
                return session.get(RehearsalJob, job_id)
        session.commit()
    return None


def beat(*, engine: Engine, job_id: int, worker: str, now: float) -> bool:
    """Renew the heartbeat of a job `worker` runs; False when it must stop (stop asked, job gone, taken over)."""
    with Session(engine) as session:
        renewed = session.execute(
            update(RehearsalJob)
            .where(
                col(RehearsalJob.id) == job_id,
                col(RehearsalJob.worker) == worker,
                *_active(),
            )
            .values(heartbeat=now)
        )
        session.commit()
    return getattr(renewed, "rowcount", 0) == 1


def finish(*, engine: Engine, job_id: int, worker: str) -> None:
    """Mark a job `worker` ran as finished (stopped or done)."""
    with Session(engine) as session:
        session.execute(
            update(RehearsalJob)
            .where(col(RehearsalJob.id) == job_id, col(RehearsalJob.worker) == worker)
            .values(finished=True)
        )
        session.commit()


class JobRunner:
    """One per worker (`app.state.rehearsal_jobs`): claims jobs, runs them with `run`, stops them when asked."""

    def __init__(self, engine: Engine, run: RunJob, *, worker: str | None = None) -> None:
        self.engine, self.run = engine, run
        self.worker = worker or worker_name()
        self.tasks: dict[int, asyncio.Task[None]] = {}
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    def wake(self) -> None:
        """Look for work now (a job was just added or stopped). Safe from any thread."""
        if self._loop is not None:
            with contextlib.suppress(RuntimeError):  # the worker is stopping
                self._loop.call_soon_threadsafe(self._wake.set)

    async def serve(self) -> None:
        """Until cancelled: every POLL_SECONDS (or when woken) renew, stop and claim jobs.

        One loop per runner: a second start of the same app (a nested test client) leaves it to the first.
        """
        if self._loop is not None:
            return
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        try:
            while True:
                try:
                    await self.step(time.time())
                except Exception:  # a database that is away for a moment: try again at the next poll
                    log.exception("rehearsal jobs: poll failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), POLL_SECONDS)
                self._wake.clear()
        finally:
            self._loop = None
            await self.stop_all()

    async def step(self, now: float) -> None:
        """One poll: stop the jobs whose row says so, then claim what is waiting."""
        for job_id, task in list(self.tasks.items()):
            if task.done() or not await run_in_threadpool(
                beat, engine=self.engine, job_id=job_id, worker=self.worker, now=now
            ):
                await self._end(job_id)
        while (job := await run_in_threadpool(claim, engine=self.engine, worker=self.worker, now=now)) is not None:
            job_id = job.id or 0
            self.tasks[job_id] = asyncio.get_running_loop().create_task(self.run(job), name=f"rehearsal-job-{job_id}")

    async def _end(self, job_id: int) -> None:
        task = self.tasks.pop(job_id)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await run_in_threadpool(finish, engine=self.engine, job_id=job_id, worker=self.worker)

    async def stop_all(self) -> None:
        """This worker stops: its jobs are cancelled and left unfinished, for another worker to take over."""
        tasks = list(self.tasks.values())
        self.tasks.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
