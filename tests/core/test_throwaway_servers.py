"""The PostgreSQL run's throw-away servers never outlive it: a run stopped by Ctrl-C or SIGTERM (a cancelled
CI job; SIGHUP, a closed terminal, is handled the same way) stops PostgreSQL and Redis in its teardown, and a
run killed outright (SIGKILL, a crash) has them stopped by their guard processes; their directories go too."""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.server import ROOT

pytestmark = pytest.mark.postgres_only  # about the servers of the PostgreSQL run
WAIT = 120.0  # seconds; only reached when something is broken, never as an assertion

HOLDING_TEST = """
import json, os, signal

def test_holds_the_servers(services):
    servers = {"postgres": [services.postgres.port, str(services.postgres.directory)],
               "redis": [services.redis.port, str(services.redis.directory)]}
    os.write(int(os.environ["SERVERS_FD"]), json.dumps(servers).encode() + b"\\n")
    signal.pause()  # until the run is stopped
"""


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def gone(servers: dict[str, list[str]]) -> bool:
    return not any(listening(int(port)) or Path(directory).exists() for port, directory in servers.values())


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda stop: stop.name)
def test_a_stopped_or_killed_run_leaves_no_server_running(tmp_path: Path, stop: signal.Signals) -> None:
    (tmp_path / "test_holding.py").write_text(HOLDING_TEST)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    read_end, write_end = os.pipe()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZELFSCAN_TEST_BACKEND": "postgres", "SERVERS_FD": str(write_end)}
    run = subprocess.Popen(
        [
            *("env", "--default-signal=INT,TERM,HUP"),  # as from a terminal, even when this run ignores some (nohup)
            *(sys.executable, "-m", "pytest", "-p", "tests.support.backends", "-p", "no:cacheprovider"),
            "test_holding.py",
        ],
        cwd=tmp_path,
        env=env,
        pass_fds=[write_end],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reported:
        ready, _, _ = select.select([reported], [], [], WAIT)
        line = reported.readline() if ready else b""  # empty too when the run ended without starting its servers
    try:
        assert line, f"the run did not start its servers: {run.communicate(timeout=WAIT)[0].decode()}"
        servers = json.loads(line)
        assert all(listening(port) for port, _ in servers.values())

        run.send_signal(stop)
        output = run.communicate(timeout=WAIT)[0].decode()
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()

    if stop != signal.SIGKILL:  # stopped as by Ctrl-C: the summary is printed and the teardown has stopped both
        assert run.returncode == pytest.ExitCode.INTERRUPTED, output
        assert "KeyboardInterrupt" in output, output
        assert gone(servers), output
    deadline = time.monotonic() + WAIT  # killed: the guards stop both as soon as they see the run gone
    while not gone(servers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert gone(servers), f"still running or present after the run ended: {servers}"
