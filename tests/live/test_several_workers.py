"""Several workers behind one port (`python -m app` with ZELFSCAN_WORKERS=2 on PostgreSQL and Redis).

An answer handled by one worker reaches every phone and dashboard socket of the other; when Redis
goes away mid-meeting and comes back, every screen is resynced and shows what was answered meanwhile.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.conftest import SECRET
from tests.support.live import REQUEST_TIMEOUT
from tests.support.server import connection_owner, server_process, worker_pids
from tests.support.services import RedisServer, redis_server

pytestmark = pytest.mark.postgres_only
BREAKOUT_BLOCK = 5  # startbijeenkomst: login, 3 plenary blocks, break, then the first zelfscan breakout
WAIT = 30.0  # seconds; only reached when something is broken, never as an assertion
MAX_PHONES = 40
CARD_VERSION = re.compile(r'<article id="q-1"[^>]*data-version="(\d+)"')
LAST_CHANGE = re.compile(r'data-last-change="(\d+)"')
FULL_SCREEN = 'id="block-status"'  # only a whole-screen render (a resync) starts with the programme's status


class Screen:
    """One open socket (a phone or the dashboard) and everything it received."""

    def __init__(self, name: str, socket: ClientConnection, worker: int | None) -> None:
        self.name, self.socket, self.worker = name, socket, worker
        self.received: list[str] = []
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for message in self.socket:
                self.received.append(message if isinstance(message, str) else message.decode())
        except ConnectionClosed as closed:
            self.received.append(f"closed: {closed!r}")

    def saw(self, answer: Answer, messages: list[str] | None = None) -> bool:
        """Whether this screen shows the answer (in `messages`, by default all it received): a phone its
        card's version, the dashboard its change."""
        pattern, least = (LAST_CHANGE, answer.change) if self.name == "dashboard" else (CARD_VERSION, answer.version)
        found = (int(number) for message in messages or self.received for number in pattern.findall(message))
        return any(number >= least for number in found)

    def full_renders(self, since: int) -> list[str]:
        """The whole-screen renders (a resync) received after the first `since` messages."""
        return [message for message in self.received[since:] if FULL_SCREEN in message]


@dataclass(frozen=True)
class Answer:
    version: int  # question 1's version after the answer
    change: int  # the change id the answer was acknowledged with


async def until(condition: Callable[[], bool], what: str) -> None:
    """Wait (bounded) until `condition` holds; fail with `what` otherwise."""
    deadline = asyncio.get_running_loop().time() + WAIT
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(what)
        await asyncio.sleep(0.05)


async def meeting_with_screens(url: str, process_pid: int) -> tuple[dict[str, Any], list[Screen], list[int]]:
    """A meeting at its first breakout, one room's phones and the dashboard open, sockets on both workers."""
    port = int(url.rsplit(":", 1)[1])
    ws_url = url.replace("http://", "ws://")
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": f"Bearer {SECRET}"}, timeout=REQUEST_TIMEOUT
    ) as admin:
        links = (
            (
                await admin.post(
                    "/api/meetings",
                    json={"region": "Regio Werkers", "date": "2026-12-01", "municipalities": ["Bussum"]},
                )
            )
            .raise_for_status()
            .json()
        )
        detail = (await admin.get(f"/api/meetings/{links['id']}")).raise_for_status().json()
        code, room = links["join_code"], detail["municipalities"][0]["id"]
        facilitator = links["facilitator_url"].rstrip("/").rsplit("/", 1)[1]
        (await admin.post(f"/api/f/{facilitator}/clock/start")).raise_for_status()
        for _ in range(BREAKOUT_BLOCK):
            (await admin.post(f"/api/f/{facilitator}/clock/next")).raise_for_status()
    workers = worker_pids(process_pid)
    assert len(workers) == 2, f"expected 2 workers, found {workers}"
    display = links["display_url"].rstrip("/").rsplit("/", 1)[1]
    screens: list[Screen] = []

    async def open_screen(name: str, path: str, headers: dict[str, str]) -> None:
        socket = await connect(f"{ws_url}{path}", additional_headers=headers, open_timeout=WAIT, max_size=None)
        owner = connection_owner(port, socket.local_address[1], workers)
        screens.append(Screen(name, socket, owner))

    await open_screen("dashboard", f"/ws/d/{display}", {})
    for number in range(MAX_PHONES):
        async with httpx.AsyncClient(base_url=url, timeout=REQUEST_TIMEOUT) as phone:
            joined = await phone.post(
                f"/api/j/{code}/join", json={"municipality_id": room, "name": f"Deelnemer {number}"}
            )
            joined.raise_for_status()
            cookies = dict(phone.cookies.items())
            cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        await open_screen(f"phone {number}", f"/ws/j/{code}", {"Cookie": cookie})
        if number >= 3 and {screen.worker for screen in screens} == set(workers):
            break
    assert {screen.worker for screen in screens} == set(workers), "every socket landed on one worker"
    # The last phone answers: its cookies, and its form token as app.js sends it.
    return {"code": code, "room": room, "cookie": cookie, "token": cookies.get("zs_csrf", "")}, screens, workers


async def answer_through(url: str, meeting: dict[str, Any], workers: list[int], worker: int, text: str) -> Answer:
    """Answer question 1 over a connection that `worker` handles (new connections until one lands there)."""
    port = int(url.rsplit(":", 1)[1])
    for _ in range(MAX_PHONES):
        headers = {"Cookie": meeting["cookie"], "X-CSRF-Token": meeting["token"]}
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=REQUEST_TIMEOUT) as phone:
            response = (await phone.get(f"/api/j/{meeting['code']}/room")).raise_for_status()
            # The room read opened the keep-alive connection the answer goes over: whose worker holds it?
            local = response.extensions["network_stream"].get_extra_info("socket").getsockname()[1]
            if connection_owner(port, local, workers) != worker:
                continue
            room = response.json()
            version = next(q["version"] for q in room["questions"] if q["question"] == 1)
            body = {"base_version": version, "status": "op_orde", "toelichting": text}
            answered = await phone.post(f"/api/j/{meeting['code']}/questions/1/answer", json=body)
            answered.raise_for_status()
            return Answer(answered.json()["version"], int(answered.headers["x-change-id"]))
    raise AssertionError(f"no connection reached worker {worker}")


def start_two_workers(tmp_path: Path, redis: RedisServer) -> Any:
    env = {"ZELFSCAN_WORKERS": "2", "ZELFSCAN_BROKER_URL": redis.url, "ZELFSCAN_BROKER_PREFIX": "workers:"}
    assert os.environ["ZELFSCAN_DATABASE_URL"].startswith("postgresql")
    return server_process(
        tmp_path, SECRET, env, start_within=180, keep_log=True
    )  # two processes importing the app, on 2 cores


def test_an_answer_handled_by_one_worker_reaches_every_screen_of_the_other(tmp_path: Path) -> None:
    async def scenario(url: str, pid: int) -> None:
        meeting, screens, workers = await meeting_with_screens(url, pid)
        try:
            for worker in workers:
                text = f"Antwoord via worker {secrets.token_hex(4)}"
                answer = await answer_through(url, meeting, workers, worker, text)
                others = [screen for screen in screens if screen.worker != worker]
                assert others, "no screen on the other worker"
                await until(
                    lambda answer=answer: all(screen.saw(answer) for screen in screens),  # type: ignore[misc]
                    f"not on every screen: {[s.name for s in screens if not s.saw(answer)]}",
                )
        finally:
            for screen in screens:
                await screen.socket.close()

    with redis_server() as redis, start_two_workers(tmp_path, redis) as (process, url):
        asyncio.run(scenario(url, process.pid))


def test_redis_gone_and_back_mid_meeting_resyncs_every_screen_with_nothing_lost(tmp_path: Path) -> None:
    async def scenario(url: str, pid: int, redis: RedisServer) -> None:
        meeting, screens, workers = await meeting_with_screens(url, pid)
        try:
            redis.stop()
            text = f"Antwoord zonder broker {secrets.token_hex(4)}"
            answer = await answer_through(url, meeting, workers, workers[0], text)  # stored; no live update
            before = [len(screen.received) for screen in screens]
            redis.start()
            resynced = list(zip(screens, before, strict=True))
            await until(
                lambda: all(screen.full_renders(seen) for screen, seen in resynced),
                f"not resynced: {[s.name for s, seen in resynced if not s.full_renders(seen)]}",
            )
            # The resync itself shows the answer given while the broker was away.
            missed = [s.name for s, seen in resynced if not s.saw(answer, s.full_renders(seen)[:1])]
            assert not missed, f"resynced without the answer: {missed}"
            # Live updates cross the workers again, both ways.
            for worker in workers:
                after = await answer_through(url, meeting, workers, worker, f"Na terugkeer {secrets.token_hex(4)}")
                await until(
                    lambda after=after: all(screen.saw(after) for screen in screens),  # type: ignore[misc]
                    f"no live update after the broker returned: {[s.name for s in screens if not s.saw(after)]}",
                )
        finally:
            for screen in screens:
                await screen.socket.close()

    with redis_server() as redis, start_two_workers(tmp_path, redis) as (process, url):
        asyncio.run(scenario(url, process.pid, redis))
