"""Every acknowledged answer survives a crash and a restart, and so does the clock."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.clock import service as clock_service
from app.core.config import Settings
from app.main import create_app
from app.meetings import service as meetings
from app.meetings.models import Meeting
from tests.support.pages import as_pages_do

SECRET = "test-organiser-secret"
ORGANISER = {"Authorization": f"Bearer {SECRET}"}
NEW_MEETING = {"region": "Regio Amstelland", "date": "2026-12-01", "municipalities": ["Amstelveen", "Bussum"]}
FIRST_ZELFSCAN_BLOCK = 5
ROOT = Path(__file__).resolve().parents[2]


def start_app(data_dir: Path):
    return create_app(Settings(data_dir=data_dir, organiser_secret=SECRET))


def test_answer_and_clock_survive_a_restart_on_the_same_data_dir(tmp_path):
    first_app = start_app(tmp_path)
    with TestClient(first_app) as client:
        as_pages_do(client)
        links = client.post("/api/meetings", json=NEW_MEETING, headers=ORGANISER).json()
        amstelveen = client.get(f"/api/meetings/{links['id']}", headers=ORGANISER).json()["municipalities"][0]["id"]
        client.post(f"/api/j/{links['join_code']}/join", json={"municipality_id": amstelveen, "name": "Anna"})
        facilitator = links["facilitator_url"].rsplit("/", 1)[1]
        client.post(f"/api/f/{facilitator}/clock/start")
        for _ in range(FIRST_ZELFSCAN_BLOCK):
            client.post(f"/api/f/{facilitator}/clock/next")
        acknowledged = client.post(
            f"/api/j/{links['join_code']}/questions/3/answer",
            json={"base_version": 0, "status": "op_orde", "toelichting": "Vastgelegd in het convenant"},
        )
        assert acknowledged.status_code == 200
        cookies = {c.name: c.value for c in client.cookies.jar}
    first_app.state.engine.dispose()

    restarted = start_app(tmp_path)
    with TestClient(restarted) as client:
        as_pages_do(client)
        for name, value in cookies.items():
            client.cookies.set(name, value)
        room = client.get(f"/api/j/{links['join_code']}/room")
        dashboard = client.get(f"/f/{facilitator}")

    assert room.status_code == 200, "the participant's cookie still works after the restart"
    q3 = next(q for q in room.json()["questions"] if q["question"] == 3)
    assert (q3["status"], q3["toelichting"], q3["version"]) == ("op_orde", "Vastgelegd in het convenant", 1)
    assert room.json()["block"]["title"] == "Aan de slag met het invullen van de zelfscan: 1e blok"

    with Session(restarted.state.engine) as session:
        meeting = session.get(Meeting, links["id"])
        assert meeting is not None and meeting.current_block == FIRST_ZELFSCAN_BLOCK
        block = meetings.blocks_of(session=session, meeting=meeting)[FIRST_ZELFSCAN_BLOCK]
        assert block.running_since is not None, "the block is still running after the restart"
        later = clock_service.clock_view(session=session, meeting=meeting, now=block.running_since + 600)
    assert later.current is not None
    assert later.current.remaining == pytest.approx(
        block.planned_seconds + block.extra_seconds - block.elapsed_seconds - 600
    )

    remaining_ms = int(re.search(r'data-remaining="(-?\d+)"', dashboard.text).group(1))
    elapsed_since_start = time.time() - block.running_since
    assert remaining_ms / 1000 == pytest.approx(block.planned_seconds - elapsed_since_start, abs=5)
    restarted.state.engine.dispose()


def test_a_paused_block_stays_paused_with_the_same_time_left_after_a_restart(tmp_path):
    first_app = start_app(tmp_path)
    with TestClient(first_app) as client:
        as_pages_do(client)
        links = client.post("/api/meetings", json=NEW_MEETING, headers=ORGANISER).json()
        facilitator = links["facilitator_url"].rsplit("/", 1)[1]
        client.post(f"/api/f/{facilitator}/clock/start")
        client.post(f"/api/f/{facilitator}/clock/extend")
        paused = client.post(f"/api/f/{facilitator}/clock/pause").json()
    first_app.state.engine.dispose()

    restarted = start_app(tmp_path)
    with Session(restarted.state.engine) as session:
        meeting = session.get(Meeting, links["id"])
        view = clock_service.clock_view(session=session, meeting=meeting, now=time.time() + 3600)
    restarted.state.engine.dispose()

    assert view.current is not None and not view.current.running
    assert view.current.remaining == pytest.approx(paused["remaining"], abs=0.01)


# --- A real crash: the server process is killed with SIGKILL, then started again. ---------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ZELFSCAN_DATA_DIR": str(data_dir),
        "ZELFSCAN_PORT": str(port),
        "ZELFSCAN_HOST": "127.0.0.1",
        "ZELFSCAN_ORGANISER_SECRET": SECRET,
        "ZELFSCAN_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "app"], cwd=data_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start (exit code {process.returncode})")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    process.wait(timeout=10)
    raise RuntimeError("the server did not start within 30 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_acknowledged_answer_survives_kill_9_of_the_server(tmp_path):
    process, url = serve(tmp_path)
    try:
        with as_pages_do(httpx.Client(base_url=url, timeout=10)) as phone:
            links = phone.post("/api/meetings", json=NEW_MEETING, headers=ORGANISER).json()
            amstelveen = phone.get(f"/api/meetings/{links['id']}", headers=ORGANISER).json()["municipalities"][0]["id"]
            phone.post(f"/api/j/{links['join_code']}/join", json={"municipality_id": amstelveen})
            acknowledged = phone.post(
                f"/api/j/{links['join_code']}/questions/3/answer",
                json={"base_version": 0, "status": "niet_op_orde", "toelichting": "Nog geen afspraken"},
            )
            assert acknowledged.status_code == 200
            cookies = dict(phone.cookies)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        stop(process)

    process, url = serve(tmp_path)
    try:
        results = httpx.get(
            f"{url}/api/meetings/{links['id']}/results", headers=ORGANISER, params={"privacy": "named"}, timeout=10
        ).json()
        with httpx.Client(base_url=url, timeout=10, cookies=cookies) as phone:
            room = phone.get(f"/api/j/{links['join_code']}/room")
    finally:
        stop(process)

    assert results["most_niet_op_orde"] == [{"question": 3, "municipalities": 1}]
    assert room.status_code == 200
    assert room.json()["municipality_id"] == amstelveen
