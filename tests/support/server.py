"""The app as a real server process (`python -m app`), for tests that measure the process itself."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server_process(data_dir: Path, secret: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Start the server on a free port and yield (process, url); it is killed afterwards."""
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
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "app"], cwd=data_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped at start (exit code {process.returncode})")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start within 30 s")
            time.sleep(0.1)
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def memory_kib(pid: int, field: str = "VmHWM") -> int:
    """A line of /proc/<pid>/status in KiB: VmHWM is the peak resident size so far, VmRSS the current one."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")
