"""Benchmark: answer-to-dashboard latency with many simulated participants over real HTTP.

`python -m bench.live_answers` (or `make bench`) starts the app as a subprocess on loopback with a
throw-away data directory, creates a meeting, lets N simulated participants (app/simulator.py)
join with their cookie, connects their websockets and one display dashboard, moves the clock to
the first zelfscan breakout, and then lets everybody answer for a bounded time. It reports:

* answer -> dashboard latency: from sending POST .../answer until the dashboard websocket
  delivers a message whose `data-last-change` is >= the acknowledged change id (p50/p95/p99);
* answers acknowledged, 409 conflicts, errors, and answers lost (acknowledged change ids that are
  not in the `answerchange` table afterwards; read from the SQLite file, read-only, after the
  server has stopped: must be 0);
* the server's peak RSS (polled VmRSS, and the kernel's VmHWM) and its CPU use.

Everything is bounded (deadlines and timeouts) and the server is always stopped.
No thresholds are asserted here: this prints figures, the test suite does not time anything.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import contextlib
import os
import random
import re
import resource
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from app.meetings.rehearsal import NAMES, SimulatedParticipant

REPO = Path(__file__).resolve().parent.parent
LAST_CHANGE = re.compile(rb'data-last-change="(\d+)"')
CARD_VERSION = re.compile(r'<article id="q-(\d+)"[^>]*data-version="(\d+)"')
BREAKOUT_BLOCK = 5  # startbijeenkomst: login, 3 plenary blocks, break, then the 1st zelfscan breakout
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- the server process


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`python -m app` on 127.0.0.1 with its own data dir; output goes to a log file."""

    def __init__(
        self,
        data_dir: Path,
        port: int,
        secret: str,
        app_dir: str = "",
        *,
        database_url: str = "",
        broker_url: str = "",
        workers: int = 1,
    ) -> None:
        self.app_dir = app_dir  # another checkout's code (e.g. main, for "before" figures)
        self.database_url, self.broker_url, self.workers = database_url, broker_url, workers
        self.data_dir = data_dir
        self.port = port
        self.secret = secret
        self.base_url = f"http://127.0.0.1:{port}"
        self.log_path = data_dir / "server.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def db_path(self) -> Path:
        return self.data_dir / "zelfscan.db"

    def start(self, command: list[str] | None = None) -> None:
        env = {
            **os.environ,
            "ZELFSCAN_DATA_DIR": str(self.data_dir),
            "ZELFSCAN_HOST": "127.0.0.1",
            "ZELFSCAN_PORT": str(self.port),
            "ZELFSCAN_ORGANISER_SECRET": self.secret,
            "ZELFSCAN_PUBLIC_URL": self.base_url,
            "ZELFSCAN_DATABASE_URL": self.database_url,
            "ZELFSCAN_BROKER_URL": self.broker_url,
            "ZELFSCAN_WORKERS": str(self.workers),
            "PYTHONUNBUFFERED": "1",
            **({"PYTHONPATH": self.app_dir} if self.app_dir else {}),
        }
        log = open(self.log_path, "wb")  # noqa: SIM115 - kept open for the child's lifetime
        try:
            # A session of its own: a Ctrl-C in the terminal reaches the benchmark, which stops it.
            self.proc = subprocess.Popen(
                command or [sys.executable, "-m", "app"],
                cwd=self.data_dir,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()

    async def wait_ready(self, timeout: float = 120.0, path: str = "/healthz", method: str = "GET") -> None:
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(base_url=self.base_url, timeout=2) as client:
            while time.monotonic() < deadline:
                if self.proc is None or self.proc.poll() is not None:
                    raise RuntimeError(f"server exited early:\n{self.log_tail()}")
                try:
                    if (await client.request(method, path)).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError(f"server not ready after {timeout:.0f}s:\n{self.log_tail()}")

    def pids(self) -> list[int]:
        """The server process and its children (uvicorn's workers when there are several)."""
        if self.proc is None:
            return []
        found = [self.proc.pid]
        for task in Path(f"/proc/{self.proc.pid}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                found += [int(child) for child in task.read_text().split()]
        return found

    def status(self, key: str) -> int:
        """A kB figure from /proc/<pid>/status (VmRSS, VmHWM) summed over the processes, 0 when gone."""
        total = 0
        for pid in self.pids():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith(key + ":"):
                        total += int(line.split()[1])
        return total

    def cpu_seconds(self) -> float:
        total = 0.0
        for pid in self.pids():
            with contextlib.suppress(OSError, IndexError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime
        return total

    def stop(self) -> int | None:
        """Graceful stop (SIGINT, as Ctrl-C), then SIGTERM, then SIGKILL: only this one pid."""
        if self.proc is None:
            return None
        for sig, wait in ((signal.SIGINT, 15), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            if self.proc.poll() is not None:
                break
            self.proc.send_signal(sig)
            try:
                self.proc.wait(wait)
            except subprocess.TimeoutExpired:
                continue
        return self.proc.poll()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class BoundedTransport(httpx.AsyncBaseTransport):
    """The phones' shared pool, entered by at most `limit` requests at once; the others wait here.

    httpcore's pool looks through every waiting request and every connection each time a request
    starts or ends: with 1,000 phones waiting for 64 connections that scan took most of the
    benchmark's own CPU (py-spy), which on a 2-core machine is CPU the server did not get.
    The wait is the same (a request still waits for one of `limit` connections); only the bookkeeping
    is cheaper. Answer latencies are still timed from before the wait.
    """

    def __init__(self, limit: int) -> None:
        # Idle connections are dropped after 4 s, before uvicorn's 5 s keep-alive closes them under a request
        # just sent on one (httpx's default is also 5 s: that race showed as ReadErrors at 1,000 phones).
        limits = httpx.Limits(max_connections=limit, max_keepalive_connections=limit, keepalive_expiry=4.0)
        self.inner = httpx.AsyncHTTPTransport(limits=limits)
        self.gate = asyncio.Semaphore(limit)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        async with self.gate:
            response = await self.inner.handle_async_request(request)
            await response.aread()  # the connection is free again when the gate opens
            return response

    async def aclose(self) -> None:
        await self.inner.aclose()


# --------------------------------------------------------------------------- measurements


@dataclass
class Stats:
    dashboard: list[tuple[float, int | None]] = field(default_factory=list)  # (received at, data-last-change)
    dashboard_bytes: int = 0
    participant_messages: int = 0
    participant_bytes: int = 0
    ws_closed_early: int = 0
    close_reasons: Counter[str] = field(default_factory=Counter)  # how sockets ended early
    http: dict[str, list[float]] = field(default_factory=dict)  # endpoint kind -> durations (s)
    errors: Counter[str] = field(default_factory=Counter)
    steps: int = 0
    peak_rss_kb: int = 0
    switch_started: float | None = None  # when the facilitator opened the breakout
    switched: list[float] = field(default_factory=list)  # per phone: seconds until its questions arrived


def endpoint_kind(path: str) -> str:
    for kind in ("answer", "view", "room", "join"):
        if path.endswith(kind):
            return kind
    return "other"


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an unsorted list (nan when empty)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), -(-len(ordered) * pct // 100)))
    return ordered[int(rank) - 1]


def match_latencies(
    acks: list[tuple[int, float]], dashboard: list[tuple[float, int | None]]
) -> tuple[list[float], list[int]]:
    """For each (change id, sent at): the first dashboard message showing that change or a later one."""
    times: list[float] = []
    running: list[int] = []  # running maximum of data-last-change: non-decreasing, so bisectable
    top = 0
    for at, last in dashboard:
        if last is not None and last > top:
            top = last
            times.append(at)
            running.append(top)
    latencies, unseen = [], []
    for change, sent in acks:
        index = bisect.bisect_left(running, change)
        if index == len(running):
            unseen.append(change)
        else:
            latencies.append(times[index] - sent)
    return latencies, unseen


def missing_from_database(db_path: Path, change_ids: list[int], database_url: str = "") -> list[int]:
    """Acknowledged change ids that are not in `answerchange` (the file opened read-only, or PostgreSQL)."""
    if database_url.startswith("postgres"):
        import psycopg

        with psycopg.connect(database_url) as pg:
            present = {row[0] for row in pg.execute("SELECT id FROM answerchange")}
        return sorted(set(change_ids) - present)
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        present = {row[0] for row in connection.execute("SELECT id FROM answerchange")}
    finally:
        connection.close()
    return sorted(set(change_ids) - present)


# --------------------------------------------------------------------------- websockets


async def create_meeting(admin: httpx.AsyncClient, count: int) -> tuple[dict[str, Any], list[int]]:
    """A benchmark meeting with `count` municipalities: its links (from the API) and its municipality ids."""
    municipalities = [f"Gemeente {i + 1:02d}" for i in range(count)]
    response = await admin.post(
        "/api/meetings",
        json={"region": "Benchmarkregio", "date": time.strftime("%Y-%m-%d"), "municipalities": municipalities},
    )
    response.raise_for_status()
    links: dict[str, Any] = response.json()
    detail = (await admin.get(f"/api/meetings/{links['id']}")).raise_for_status().json()
    return links, [m["id"] for m in detail["municipalities"]]


async def read_dashboard(ws: ClientConnection, stats: Stats, closing: Stats | None = None) -> None:
    """Time a dashboard's messages into `stats` (a closed socket counts in `closing`, default the same)."""
    try:
        async for message in ws:
            data = message if isinstance(message, bytes) else message.encode()
            found = LAST_CHANGE.search(data)
            stats.dashboard.append((time.perf_counter(), int(found.group(1)) if found else None))
            stats.dashboard_bytes += len(data)
    except ConnectionClosed:
        (closing or stats).ws_closed_early += 1


async def read_participant(ws: ClientConnection, stats: Stats, person: SimulatedParticipant) -> None:
    """Count what a phone receives, and keep its room's answer versions as its screen would."""
    switched = False
    try:
        async for message in ws:
            text = message if isinstance(message, str) else message.decode()
            stats.participant_messages += 1
            stats.participant_bytes += len(message)
            if not switched and stats.switch_started is not None and 'id="q-1"' in text:
                switched = True
                stats.switched.append(time.perf_counter() - stats.switch_started)
            for number, version in CARD_VERSION.findall(text):
                known = person.questions.get(int(number))
                if known is not None:
                    known["version"] = int(version)
    except ConnectionClosed as closed:
        stats.ws_closed_early += 1
        codes = f"{closed.rcvd.code if closed.rcvd else '-'}/{closed.sent.code if closed.sent else '-'}"
        since_switch = time.perf_counter() - (stats.switch_started or time.perf_counter())
        stats.close_reasons[f"{codes}{' switched' if switched else ''} at {since_switch:+.0f}s"] += 1
    except Exception as error:  # a reader that dies must show in the report, not vanish
        stats.errors[f"phone reader {type(error).__name__}"] += 1
        raise


async def poll_rss(server: Server, stats: Stats, stop: asyncio.Event) -> None:
    while not stop.is_set():
        stats.peak_rss_kb = max(stats.peak_rss_kb, server.status("VmRSS"))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.1)


# --------------------------------------------------------------------------- the run


def start_profiler(args: argparse.Namespace, server: Server) -> subprocess.Popen[bytes] | None:
    """With --profile: sample the server's threads during the answering phase (py-spy, if installed)."""
    if not args.profile:
        return None
    py_spy = Path(sys.executable).with_name("py-spy")
    if server.proc is None or not py_spy.exists():
        print("--profile needs py-spy in the venv: .venv/bin/pip install py-spy==0.4.3", file=sys.stderr)
        return None
    command = [str(py_spy), "record", "--pid", str(server.proc.pid), "--duration", str(int(args.seconds))]
    command += ["--rate", "200", "--format", "raw", "--gil", "--nonblocking", "--output", args.profile]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def run(args: argparse.Namespace, server: Server, *, listening: bool = True) -> dict[str, object]:
    """The meeting; `listening` False: no screen has a socket open (the same requests, nothing pushed)."""
    stats = Stats()
    stop_polling = asyncio.Event()
    poller = asyncio.create_task(poll_rss(server, stats, stop_polling))
    rng = random.Random(args.seed)
    ws_base = server.base_url.replace("http://", "ws://")
    sockets: list[ClientConnection] = []
    readers: list[asyncio.Task[None]] = []
    started: dict[int, float] = {}

    async def on_request(request: httpx.Request) -> None:
        started[id(request)] = time.perf_counter()

    async def on_response(response: httpx.Response) -> None:
        begun = started.pop(id(response.request), None)
        if begun is not None:
            stats.http.setdefault(endpoint_kind(response.request.url.path), []).append(time.perf_counter() - begun)

    # One pool for all simulated phones (each phone keeps its own cookie jar in its own client).
    transport = BoundedTransport(args.pool)
    timeout = httpx.Timeout(args.timeout, pool=args.timeout)
    admin = httpx.AsyncClient(
        base_url=server.base_url, timeout=timeout, headers={"Authorization": f"Bearer {server.secret}"}
    )
    try:
        await server.wait_ready()
        links, municipality_ids = await create_meeting(admin, args.municipalities)
        code = links["join_code"]
        display_token = links["display_url"].rstrip("/").rsplit("/", 1)[1]
        facilitator_token = links["facilitator_url"].rstrip("/").rsplit("/", 1)[1]

        people = [
            SimulatedParticipant(
                httpx.AsyncClient(
                    base_url=server.base_url,
                    transport=transport,
                    timeout=timeout,
                    event_hooks={"request": [on_request], "response": [on_response]},
                ),
                code,
                municipality_ids[i % len(municipality_ids)],
                f"{rng.choice(NAMES)} (bench {i + 1})",
                random.Random(rng.random()),
            )
            for i in range(args.participants)
        ]
        gate = asyncio.Semaphore(args.pool)

        async def join(person: SimulatedParticipant) -> None:
            async with gate:
                await person.join()

        t0 = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(join(p) for p in people)), args.timeout * 4)
        join_seconds = time.perf_counter() - t0

        # The projector first (its messages are timed), then the facilitator's pages, then every phone.
        people_with_sockets = people if listening else []
        for index in range(args.dashboards if listening else 0):
            path = f"/ws/d/{display_token}" if index == 0 else f"/ws/f/{facilitator_token}"
            dashboard = await connect(f"{ws_base}{path}", open_timeout=args.timeout, max_size=None)
            sockets.append(dashboard)
            readers.append(asyncio.create_task(read_dashboard(dashboard, stats if index == 0 else Stats(), stats)))
        cookie_name = f"zs_p_{code}"

        async def open_phone(person: SimulatedParticipant) -> None:
            async with gate:
                token = person.client.cookies.get(cookie_name)
                ws = await connect(
                    f"{ws_base}/ws/j/{code}",
                    additional_headers={"Cookie": f"{cookie_name}={token}"},
                    open_timeout=args.timeout,
                    max_size=None,
                )
                sockets.append(ws)
                readers.append(asyncio.create_task(read_participant(ws, stats, person)))

        t0 = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(open_phone(p) for p in people_with_sockets)), args.timeout * 4)
        connect_seconds = time.perf_counter() - t0

        # The facilitator starts the programme and moves on to the first breakout.
        switch_cpu_before = server.cpu_seconds()
        response = await admin.post(f"/api/f/{facilitator_token}/clock/start")
        response.raise_for_status()
        for step in range(BREAKOUT_BLOCK):
            if step == BREAKOUT_BLOCK - 1:
                stats.switch_started = time.perf_counter()
            response = await admin.post(f"/api/f/{facilitator_token}/clock/next")
            response.raise_for_status()
        if response.json().get("current_block") != BREAKOUT_BLOCK:
            raise RuntimeError(f"expected block {BREAKOUT_BLOCK}, got {response.json()}")
        await asyncio.sleep(args.settle)  # let every screen's resync go out before measuring
        switch_cpu = server.cpu_seconds() - switch_cpu_before

        # Answering, at a person's pace: look at the room, give a view, now and then the room's answer.
        print(f"{args.participants} joined in {join_seconds:.1f} s; answering for {args.seconds:g} s ...", flush=True)
        load_before = Path("/proc/loadavg").read_text().split()[0]
        client_before = resource.getrusage(resource.RUSAGE_SELF)
        cpu_before, phase_start = server.cpu_seconds(), time.perf_counter()
        deadline = phase_start + args.seconds
        profiler = start_profiler(args, server)

        async def answer_loop(person: SimulatedParticipant) -> None:
            await asyncio.sleep(person.rng.uniform(0, args.think_max))  # not all at once
            while time.perf_counter() < deadline:
                try:
                    await asyncio.wait_for(person.step(), args.timeout)
                    stats.steps += 1
                except httpx.HTTPStatusError as error:
                    stats.errors[f"HTTP {error.response.status_code}"] += 1
                except (httpx.HTTPError, TimeoutError) as error:
                    stats.errors[type(error).__name__] += 1
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    break
                await asyncio.sleep(min(remaining, person.rng.uniform(args.think_min, args.think_max)))

        await asyncio.wait_for(
            asyncio.gather(*(answer_loop(p) for p in people)), args.seconds + args.think_max + args.timeout * 3 + 10
        )
        phase_seconds = time.perf_counter() - phase_start
        server_cpu = server.cpu_seconds() - cpu_before
        if profiler is not None:
            profiler.wait(args.seconds + 30)
        client_after = resource.getrusage(resource.RUSAGE_SELF)
        client_cpu = client_after.ru_utime + client_after.ru_stime - client_before.ru_utime - client_before.ru_stime
        load = f"{load_before} -> {Path('/proc/loadavg').read_text().split()[0]}"

        # Give the dashboard a bounded moment to show the last acknowledged changes.
        acks = sorted(ack for p in people for ack in p.acknowledged)
        top = max((c for c, _ in acks), default=0)
        drain_deadline = time.perf_counter() + args.drain
        while (
            listening
            and time.perf_counter() < drain_deadline
            and max((lc or 0 for _, lc in stats.dashboard), default=0) < top
        ):
            await asyncio.sleep(0.05)
        peak_hwm = server.status("VmHWM")
    finally:
        for ws in sockets:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.close(), 2)
        for task in readers:
            task.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        await admin.aclose()
        await transport.aclose()
        stop_polling.set()
        await poller

    latencies, unseen = match_latencies(acks, stats.dashboard)
    return {
        "stats": stats,
        "acks": acks,
        "latencies": latencies,
        "unseen": unseen,
        "answers_sent": sum(p.answers_sent for p in people),
        "conflicts": sum(p.conflicts for p in people),
        "join_seconds": join_seconds,
        "connect_seconds": connect_seconds,
        "switch_cpu": switch_cpu,
        "phase_seconds": phase_seconds,
        "server_cpu": server_cpu,
        "peak_hwm_kb": peak_hwm,
        "client_cpu": client_cpu,
        "load": load,
    }


def ms(seconds: float) -> str:
    return "-" if seconds != seconds else f"{seconds * 1000:.0f} ms"


def report(
    args: argparse.Namespace,
    result: dict[str, object],
    lost: list[int] | None,
    exit_code: int | None,
    bare: dict[str, float] | None = None,
    unheard: dict[str, float] | None = None,
) -> str:
    stats: Stats = result["stats"]  # type: ignore[assignment]
    latencies: list[float] = result["latencies"]  # type: ignore[assignment]
    acks: list[tuple[int, float]] = result["acks"]  # type: ignore[assignment]
    unseen: list[int] = result["unseen"]  # type: ignore[assignment]
    phase = float(result["phase_seconds"])  # type: ignore[arg-type]
    answer = stats.http.get("answer", [])
    rows = [
        ("participants / municipalities", f"{args.participants} / {args.municipalities}"),
        ("answering phase", f"{phase:.1f} s, think time {args.think_min:g}-{args.think_max:g} s, pool {args.pool}"),
        ("steps (look + view [+ answer])", f"{stats.steps} ({stats.steps / phase:.1f}/s)"),
        (
            "HTTP requests",
            f"{sum(len(v) for v in stats.http.values())} "
            f"({sum(len(v) for k, v in stats.http.items() if k != 'join') / phase:.0f}/s in phase)",
        ),
        (
            "breakout opened -> phone shows Q1-14",
            f"p50 {ms(percentile(stats.switched, 50))}, p95 {ms(percentile(stats.switched, 95))}, "
            f"max {ms(max(stats.switched, default=float('nan')))} "
            f"({len(stats.switched)} of {args.participants} phones)",
        ),
        (
            "server CPU: programme start + 5 block changes",
            f"{float(result['switch_cpu']):.2f} s (settled {args.settle:g} s)",
        ),  # type: ignore[arg-type]
        ("answers sent (POST answer)", str(result["answers_sent"])),
        ("answers acknowledged (change id)", str(len(acks))),
        ("409 conflicts", str(result["conflicts"])),
        ("errors", ", ".join(f"{k}: {v}" for k, v in stats.errors.items()) or "0"),
        ("answers lost (not in database)", "?" if lost is None else str(len(lost))),
        ("answer -> dashboard p50", ms(percentile(latencies, 50))),
        ("answer -> dashboard p95", ms(percentile(latencies, 95))),
        ("answer -> dashboard p99", ms(percentile(latencies, 99))),
        ("answer -> dashboard max", ms(max(latencies, default=float("nan")))),
        ("never shown on dashboard", str(len(unseen))),
        ("POST answer p50 / p95", f"{ms(percentile(answer, 50))} / {ms(percentile(answer, 95))}"),
        (
            "GET room p95, POST view p95",
            f"{ms(percentile(stats.http.get('room', []), 95))}, {ms(percentile(stats.http.get('view', []), 95))}",
        ),
        ("dashboard messages", f"{len(stats.dashboard)} ({stats.dashboard_bytes / 1024:.0f} KiB)"),
        ("participant ws messages", f"{stats.participant_messages} ({stats.participant_bytes / 1048576:.1f} MiB)"),
        (
            "websockets closed early",
            f"{stats.ws_closed_early} {dict(stats.close_reasons) or ''} (received/sent close code)",
        ),
        (
            "server CPU in phase",
            f"{float(result['server_cpu']):.1f} s ({float(result['server_cpu']) / phase * 100:.0f}% of one core)",
        ),  # type: ignore[arg-type]
        ("benchmark client CPU in phase", f"{float(result['client_cpu']) / phase * 100:.0f}% of one core"),  # type: ignore[arg-type]
        ("machine load (1 min) in phase", f"{result['load']} on {os.cpu_count()} CPUs"),
        ("server peak RSS", f"{stats.peak_rss_kb / 1024:.0f} MiB (VmHWM {int(result['peak_hwm_kb']) / 1024:.0f} MiB)"),  # type: ignore[arg-type]
        (
            "joins / sockets opened in",
            f"{float(result['join_seconds']):.1f} s / {float(result['connect_seconds']):.1f} s",
        ),  # type: ignore[arg-type]
        ("server exit code", str(exit_code)),
    ]
    app_cpu_per_answer = float(result["server_cpu"]) / max(1, len(acks))  # type: ignore[arg-type]
    rows.append(("server CPU per answer (app)", ms(app_cpu_per_answer)))
    rows.append(("server CPU per step (app)", ms(float(result["server_cpu"]) / max(1, stats.steps))))  # type: ignore[arg-type]
    if bare is not None:
        rows += [
            (
                "bare fan-out: answer -> dashboard p50 / p95",
                f"{ms(bare['p50'])} / {ms(bare['p95'])} ({bare['answers']:.0f} answers, {bare['unseen']:.0f} unseen, "
                f"{bare.get('failed', 0):.0f} failed requests)",
            ),
            ("bare fan-out: server CPU per answer", ms(bare["cpu_per_answer"])),
            (
                "app / bare: p95 latency, CPU per answer",
                f"{percentile(latencies, 95) / bare['p95']:.1f}x, {app_cpu_per_answer / bare['cpu_per_answer']:.1f}x",
            ),
        ]
    if unheard is not None:
        # The same requests, step for step: the difference in server CPU per step is what the live updates cost.
        steps = max(1, stats.steps)
        per_step = float(result["server_cpu"]) / steps - unheard["cpu"] / max(1, unheard["steps"])  # type: ignore[arg-type]
        live = per_step * steps / max(1, len(acks))
        rows += [
            (
                "no socket open: server CPU per step / answer",
                f"{ms(unheard['cpu'] / max(1, unheard['steps']))} / {ms(unheard['cpu'] / max(1, unheard['answers']))} "
                f"({unheard['steps']:.0f} steps, {unheard['answers']:.0f} answers)",
            ),
            ("the live updates' part per answer", f"{ms(live)} (app - no socket, per step, x steps / answers)"),
        ]
        if bare is not None:
            rows.append(("live updates' part / bare fan-out", f"{live / bare['cpu_per_answer']:.1f}x"))
    width = max(len(name) for name, _ in rows)
    line = "-" * (width + 30)
    return "\n".join([line, *(f"{name:<{width}}  {value}" for name, value in rows), line])


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.live_answers", description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--municipalities", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the answering phase")
    parser.add_argument("--think-min", type=float, default=2.0, help="shortest pause between a participant's steps (s)")
    parser.add_argument("--think-max", type=float, default=6.0, help="longest pause between a participant's steps (s)")
    parser.add_argument("--pool", type=int, default=64, help="HTTP connections shared by all simulated phones")
    parser.add_argument("--timeout", type=float, default=15.0, help="per request / step timeout (s)")
    parser.add_argument("--settle", type=float, default=3.0, help="pause after moving the clock, before measuring (s)")
    parser.add_argument("--drain", type=float, default=10.0, help="longest wait for the dashboard after the phase (s)")
    parser.add_argument(
        "--dashboards", type=int, default=1, help="the display plus this many minus one facilitator pages"
    )
    parser.add_argument("--no-bare", action="store_true", help="skip the bare fan-out baseline")
    parser.add_argument(
        "--live-share",
        action="store_true",
        help="run the same requests again with no socket open, and report the live updates' part of the CPU",
    )
    parser.add_argument("--app-dir", default="", help="run the server from this checkout (e.g. main, for 'before')")
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--keep", action="store_true", help="keep the data dir (database, server.log)")
    parser.add_argument("--database-url", default="", help="postgresql://… (default: SQLite in the data dir)")
    parser.add_argument("--broker-url", default="", help="redis://… (needed with --workers > 1)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes of the server")
    parser.add_argument(
        "--services",
        action="store_true",
        help="start a throw-away PostgreSQL 15 and Redis for the run (as the tests do) and use them",
    )
    parser.add_argument("--profile", default="", help="write py-spy's samples of the answering phase here (raw)")
    args = parser.parse_args(argv)
    if (
        args.participants < 1
        or args.municipalities < 1
        or args.seconds <= 0
        or not 0 <= args.think_min <= args.think_max
        or args.dashboards < 1
    ):
        parser.error("participants, municipalities and seconds must be positive; 0 <= think-min <= think-max")
    return args


def run_bare(args: argparse.Namespace, result: dict[str, object]) -> dict[str, float] | None:
    """The bare Starlette fan-out (bench/bare_fanout.py) with the same sockets, pace and payload size."""
    from bench import bare_fanout

    stats: Stats = result["stats"]  # type: ignore[assignment]
    size = int(stats.participant_bytes / max(1, stats.participant_messages))
    data_dir = Path(tempfile.mkdtemp(prefix="zelfscan-bare-"))
    server = Server(data_dir, free_port(), "-", str(REPO))
    server.start([sys.executable, "-m", "bench.bare_fanout", str(server.port)])
    print(f"Bare fan-out baseline: {args.participants} sockets, {size} bytes a message ...", flush=True)
    try:
        return asyncio.run(bare_fanout.drive(args, server, size))
    except Exception as error:  # the app's figures still count; say why there is no baseline
        print(f"bare baseline failed: {error!r}\n{server.log_tail()}", file=sys.stderr)
        return None
    finally:
        server.stop()
        import shutil

        shutil.rmtree(data_dir, ignore_errors=True)


def run_unheard(args: argparse.Namespace) -> dict[str, float] | None:
    """The same meeting and requests on a fresh server with no socket open: the answers without live updates."""
    server = app_server(args, "zelfscan-unheard-")
    print("The same requests with no socket open ...", flush=True)
    server.start()
    try:
        result = asyncio.run(run(args, server, listening=False))
        stats: Stats = result["stats"]  # type: ignore[assignment]
        return {"answers": len(result["acks"]), "steps": stats.steps, "cpu": float(result["server_cpu"])}  # type: ignore[arg-type]
    except Exception as error:  # the app's figures still count; say why there is no split
        print(f"run without sockets failed: {error!r}\n{server.log_tail()}", file=sys.stderr)
        return None
    finally:
        server.stop()
        import shutil

        shutil.rmtree(server.data_dir, ignore_errors=True)


def app_server(args: argparse.Namespace, prefix: str) -> Server:
    """The app's server (not started) on a free port with a fresh data dir, as the arguments say."""
    return Server(
        Path(tempfile.mkdtemp(prefix=prefix)),
        free_port(),
        secrets.token_urlsafe(18),
        args.app_dir,
        database_url=args.database_url,
        broker_url=args.broker_url,
        workers=args.workers,
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.services:
        return run_and_report(args)
    from tests.support.services import postgres, redis_server

    with postgres() as pg, redis_server() as broker:
        with psycopg_admin(pg.admin_url) as admin:
            admin.execute('CREATE DATABASE "bench"')
        args.database_url, args.broker_url = pg.url("bench"), broker.url
        return run_and_report(args)


def psycopg_admin(url: str) -> Any:
    """An autocommit connection to PostgreSQL's admin database."""
    import psycopg

    return psycopg.connect(url, autocommit=True)


def run_and_report(args: argparse.Namespace) -> int:
    """Start the server, run the meeting, print the report; the exit code says whether anything failed."""
    server = app_server(args, "zelfscan-bench-")
    data_dir = server.data_dir
    print(f"Starting server on {server.base_url} (data: {data_dir}) ...", flush=True)
    server.start()
    result: dict[str, object] | None = None
    server_errors = 0
    try:
        result = asyncio.run(run(args, server))
    except BaseException:
        print(server.log_tail(), file=sys.stderr)
        raise
    finally:
        exit_code = server.stop()
        if result is not None:
            try:
                lost: list[int] | None = missing_from_database(
                    server.db_path, [c for c, _ in result["acks"]], args.database_url
                )  # type: ignore[union-attr]
            except Exception as error:  # sqlite3 or psycopg: the check could not run
                print(f"could not check the database: {error}", file=sys.stderr)
                lost = None
            bare = None if args.no_bare else run_bare(args, result)
            quiet = run_unheard(args) if args.live_share else None
            print(report(args, result, lost, exit_code, bare, quiet))
            server_errors = server.log_path.read_text(errors="replace").count("Traceback")
            print(f"server tracebacks in its log: {server_errors}")
            if lost:
                print(f"LOST change ids: {lost[:20]}", file=sys.stderr)
        if args.keep:
            print(f"kept {data_dir}")
        else:
            import shutil

            shutil.rmtree(data_dir, ignore_errors=True)
    if result is None or lost is None or lost or server_errors:
        return 1
    stats: Stats = result["stats"]  # type: ignore[assignment]
    if stats.ws_closed_early or len(stats.switched) < args.participants or stats.errors:
        print(
            "FAILED: a phone lost its socket, missed the breakout, or a request failed (see the table)", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
