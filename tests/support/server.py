"""The app as a real server process (`python -m app`), for tests that measure the process itself."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server_process(
    data_dir: Path, secret: str, env: dict[str, str] | None = None, start_within: float = 30, keep_log: bool = False
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Start the server on a free port and yield (process, url); it is killed afterwards (workers too)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ZELFSCAN_DATA_DIR": str(data_dir),
        "ZELFSCAN_PORT": str(port),
        "ZELFSCAN_HOST": "127.0.0.1",
        "ZELFSCAN_ORGANISER_SECRET": secret,
        "ZELFSCAN_PUBLIC_URL": url,
        **(env or {}),
    }
    log = (data_dir / "server.log").open("ab") if keep_log else None
    process = subprocess.Popen(
        [sys.executable, "-m", "app"],
        cwd=data_dir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL if log is None else log,
    )
    try:
        deadline = time.monotonic() + start_within
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped at start (exit code {process.returncode})")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start within {start_within:.0f} s")
            time.sleep(0.1)
        yield process, url
    finally:
        if process.poll() is None:
            for child in child_pids(process.pid):  # uvicorn's workers: not left behind by a kill of their parent
                with suppress(ProcessLookupError):
                    os.kill(child, signal.SIGKILL)
            process.kill()
        process.wait(timeout=10)
        if log is not None:
            log.close()


def child_pids(pid: int) -> list[int]:
    """The child processes of `pid`."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with suppress(OSError):
            found += [int(child) for child in task.read_text().split()]
    return found


def worker_pids(pid: int) -> list[int]:
    """uvicorn's worker processes under `pid` (spawned by multiprocessing; not its resource tracker)."""
    workers = []
    for child in child_pids(pid):
        with suppress(OSError):
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                workers.append(child)
    return workers


def connection_owner(server_port: int, client_port: int, pids: list[int]) -> int | None:
    """Which of `pids` holds the server side of the loopback TCP connection from `client_port`."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, remote = int(fields[1].rsplit(":", 1)[1], 16), int(fields[2].rsplit(":", 1)[1], 16)
                if local == server_port and remote == client_port:
                    inodes.add(f"socket:[{fields[9]}]")
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").glob("*"):
            with suppress(OSError):
                if os.readlink(fd) in inodes:
                    return pid
    return None


def memory_kib(pid: int, field: str = "VmHWM") -> int:
    """A line of /proc/<pid>/status in KiB: VmHWM is the peak resident size so far, VmRSS the current one."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")
