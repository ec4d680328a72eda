"""Simulated participants over real HTTP: for rehearsing (proefdraaien) and for the benchmark.

A simulated participant joins a municipality's room, and answers the questions of the current
breakout block like a person would: their own view, then now and then the room's agreed answer
with a toelichting. It answers over the same JSON API as any client. For proefdraaien the app
itself makes each one (marked `simulated`, in the meeting's oefenversie: app.meetings.rehearsal_copy)
and hands it its cookie; the benchmark's phones join with the code like anyone else.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.core import csrf
from app.core.deps import participant_cookie
from app.live import events
from app.meetings import rehearsal_copy
from app.meetings.models import Meeting, RehearsalJob
from app.meetings.service import municipalities_of

NAMES = ("Anna", "Bram", "Carla", "Daan", "Eva", "Frank", "Gerda", "Hans", "Iris", "Joost", "Kim", "Lars")
ROLES = ("beleid", "uitvoering", "veilig_thuis", "gi", "anders")
TOELICHTINGEN = (
    "Staat in het beleidsplan, maar wordt nog niet overal zo uitgevoerd.",
    "Afspraken zijn gemaakt met Veilig Thuis; evaluatie volgt.",
    "Geldt voor het wijkteam Noord, nog niet voor Zuid.",
    "Scholing is gepland voor het voorjaar.",
)


@dataclass
class SimulatedParticipant:
    client: httpx.AsyncClient
    code: str
    municipality_id: int
    name: str
    rng: random.Random
    lean: float = 0.6  # chance to see a question as op orde
    answers_sent: int = 0
    conflicts: int = 0  # 409: someone in the room changed the same field first
    acknowledged: list[tuple[int, float]] = field(default_factory=list)  # (change id, sent at)
    questions: dict[int, dict[str, Any]] = field(default_factory=dict)  # what this phone knows of its room
    looked_at: float = 0.0
    refresh_seconds: float = 30.0

    async def join(self) -> None:
        response = await self.client.post(
            f"/api/j/{self.code}/join",
            json={"municipality_id": self.municipality_id, "name": self.name, "role": self.rng.choice(ROLES)},
        )
        response.raise_for_status()
        # From now on it holds the app's cookies, so, like a page, it sends the form token it was given.
        self.client.headers[csrf.HEADER] = response.cookies.get(csrf.COOKIE) or ""

    async def room(self) -> dict[str, Any]:
        response = await self.client.get(f"/api/j/{self.code}/room")
        response.raise_for_status()
        room: dict[str, Any] = response.json()
        return room

    async def answer(self, question: dict[str, Any], *, agreed: bool) -> int | None:
        """Give an own view and, when `agreed`, set the room's answer. Returns the change id."""
        status = "op_orde" if self.rng.random() < self.lean else "niet_op_orde"
        number = question["question"]
        view = await self.client.post(f"/api/j/{self.code}/questions/{number}/view", json={"status": status})
        view.raise_for_status()
        if not agreed:
            return None
        body: dict[str, Any] = {"base_version": question["version"], "status": status}
        if self.rng.random() < 0.4:
            body["toelichting"] = self.rng.choice(TOELICHTINGEN)
        sent = time.perf_counter()
        response = await self.client.post(f"/api/j/{self.code}/questions/{number}/answer", json=body)
        self.answers_sent += 1
        if response.status_code == 409:
            self.conflicts += 1
            self.questions[number] = {
                **question,
                **response.json()["current"],
            }  # the newer version, as the screen shows it
            return None  # someone in the room was first: a person would read and try again later
        response.raise_for_status()
        self.questions[number] = {**question, **response.json()}
        change = response.headers.get("x-change-id")
        if change:
            self.acknowledged.append((int(change), sent))
            return int(change)
        return None

    async def step(self) -> bool:
        """Answer one question if a breakout runs. False when there is nothing to do.

        A phone gets its room pushed over the websocket; this simulated one looks the room up over
        HTTP only now and then (`refresh_seconds`) and otherwise keeps what its own answers told it.
        """
        if not self.questions or time.monotonic() - self.looked_at > self.refresh_seconds:
            self.questions = {q["question"]: q for q in (await self.room())["questions"]}
            self.looked_at = time.monotonic()
        if not self.questions:
            return False
        open_questions = [q for q in self.questions.values() if q["status"] == "open"] or list(self.questions.values())
        await self.answer(self.rng.choice(open_questions), agreed=self.rng.random() < 0.7)
        return True


JoinSimulated = Callable[[int, str, str], Awaitable[str]]  # (municipality id, name, role) -> participant token


async def rehearse(
    *,
    base_url: str,
    code: str,
    cookie: str,
    join: JoinSimulated,
    municipality_ids: list[int],
    per_municipality: int,
    minutes: float = 15.0,
    seed: int | None = None,
) -> None:
    """Participants trickle in over the first minute, then answer whenever a breakout is open.

    `join` makes each simulated participant in the app and returns the token its `cookie` carries.
    A participant stops when its meeting is gone (the oefengegevens were removed).
    """
    rng = random.Random(seed)
    deadline = time.monotonic() + minutes * 60
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as probe:
        try:
            await probe.get("/healthz")
        except httpx.HTTPError:
            return  # the app cannot reach itself at `base_url` (a test client): nobody to simulate

    async def one(index: int, municipality_id: int) -> None:
        await asyncio.sleep(rng.uniform(0.5, 2.0) if index == 0 else rng.uniform(1, 60))
        name = f"{rng.choice(NAMES)} (oefen)"
        token = await join(municipality_id, name, rng.choice(ROLES))
        form_token = csrf.new_token()  # what a browser gets with its first page, and sends back on each write
        cookies = {cookie: token, csrf.COOKIE: form_token}
        async with httpx.AsyncClient(
            base_url=base_url, timeout=10, cookies=cookies, headers={csrf.HEADER: form_token}
        ) as client:
            person = SimulatedParticipant(client, code, municipality_id, name, random.Random(rng.random()))
            while time.monotonic() < deadline:
                try:
                    busy = await person.step()
                except httpx.HTTPStatusError as exc:
                    if exc.response.status_code in (403, 404):
                        return  # the oefenversie was removed
                    busy = False
                except httpx.HTTPError:
                    busy = False
                await asyncio.sleep(rng.uniform(4, 12) if busy else 5)

    await asyncio.gather(
        *(one(i, m) for m in municipality_ids for i in range(per_municipality)), return_exceptions=True
    )


async def run_job(app: FastAPI, job: RehearsalJob) -> None:
    """Run a claimed proefdraaien job (app.meetings.rehearsal_jobs) on this worker, for what is left of its time."""
    minutes = job.minutes - (time.time() - job.created_at) / 60
    if minutes <= 0:
        return

    def load() -> tuple[Meeting, list[int]] | None:
        with Session(app.state.engine, expire_on_commit=False) as session:
            copy = session.get(Meeting, job.rehearsal_id)
            if copy is None:
                return None
            return copy, [m.id or 0 for m in municipalities_of(session=session, meeting=copy)]

    found = await run_in_threadpool(load)
    if found is None:
        return  # the oefengegevens were removed meanwhile
    rehearsal, municipality_ids = found

    def make(municipality_id: int, name: str, role: str) -> str:
        with Session(app.state.engine, expire_on_commit=False) as session:
            current = session.get(Meeting, rehearsal.id)
            if current is None:
                raise LookupError("the oefenversie was removed")
            person = rehearsal_copy.add_simulated_participant(
                session=session, rehearsal=current, municipality_id=municipality_id, name=name, role=role
            )
            return person.token

    async def join(municipality_id: int, name: str, role: str) -> str:
        token = await run_in_threadpool(make, municipality_id, name, role)
        events.participant_joined(app.state.hub, rehearsal.id or 0)
        return token

    await rehearse(
        base_url=job.base_url,
        code=rehearsal.join_code,
        cookie=participant_cookie(rehearsal),
        join=join,
        municipality_ids=municipality_ids,
        per_municipality=job.per_municipality,
        minutes=minutes,
    )
