"""PostgreSQL 15 and Redis as throw-away servers for the tests: a temp directory, a free port, stopped afterwards.

`make test` runs the suite a second time with ZELFSCAN_TEST_BACKEND=postgres; tests/support/backends.py
then starts both servers here once per run and gives every test a fresh database copied from a template.
PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user (runuser).

Nothing is left running however the run ends. Each server has a guard process (this file run as a
script, in a session of its own) that stops the server and removes its directory when the test process
leaves the server's block, or is gone without leaving it (SIGKILL, a crash). SIGTERM and SIGHUP stop
pytest as Ctrl-C does (interrupt_on_termination).
"""

from __future__ import annotations

import gc
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest

PG_BIN = Path(os.environ.get("ZELFSCAN_PG_BIN", "/usr/lib/postgresql/15/bin"))
START_TIMEOUT = 30.0
REDIS_PIDFILE = "redis.pid"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_owner(command: list[str]) -> list[str]:
    """Run as `postgres` when we are root (initdb and postgres refuse root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _wait_for_port(port: int, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server on port {port} stopped at start (exit code {process.returncode})")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"no server on port {port} within {START_TIMEOUT:.0f} s")


def interrupt_on_termination(session: pytest.Session) -> None:
    """SIGTERM and SIGHUP (a cancelled CI job, a closed terminal) end the pytest `session` as Ctrl-C does: its
    summary is printed and its fixtures torn down. A signal the run was started ignoring (`nohup`) stays ignored.
    """

    def interrupt(signum: int, frame: FrameType | None) -> None:
        reason = f"stopped by {signal.Signals(signum).name}"
        session.shouldstop = reason  # at the latest after the current test
        if not _in_gc_callback(frame):  # where Python would report the exception and go on (Hypothesis has one)
            raise KeyboardInterrupt(reason)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, interrupt)


def _in_gc_callback(frame: FrameType | None) -> bool:
    callbacks = {getattr(callback, "__code__", None) for callback in gc.callbacks}
    while frame is not None:
        if frame.f_code in callbacks:
            return True
        frame = frame.f_back
    return False


@contextmanager
def guarded(kind: str, directory: Path, port: int) -> Iterator[None]:
    """When this process leaves the block, or ends inside it however it ends, a guard process stops the
    server in `directory` (`kind` postgres or redis, on `port`) if it still runs and removes the directory."""
    guard = subprocess.Popen(
        [sys.executable, "-I", __file__, kind, str(directory), str(port)],
        stdin=subprocess.PIPE,  # the guard waits for its end: our close, or the kernel's when we are gone
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a Ctrl-C or a kill of the test's process group does not reach it
    )
    assert guard.stdin is not None
    try:
        yield
    finally:
        with suppress(BrokenPipeError):
            guard.stdin.close()
        guard.wait(timeout=60)


@dataclass
class Postgres:
    directory: Path
    port: int

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            _as_owner([str(PG_BIN / "pg_ctl"), "-D", str(self.directory / "data"), *args]),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


@contextmanager
def postgres() -> Iterator[Postgres]:
    """A PostgreSQL 15 cluster (trust auth on 127.0.0.1) for the duration of the block."""
    directory = Path(tempfile.mkdtemp(prefix="zelfscan-pg-"))
    os.chmod(directory, 0o755)
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    server = Postgres(directory, free_port())
    with guarded("postgres", directory, server.port):
        subprocess.run(
            _as_owner(
                [str(PG_BIN / "initdb"), "-D", str(directory / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        # Fast and disposable: the server itself never crashes in the tests (the app process does).
        options = (
            f"-p {server.port} -k {directory} -h 127.0.0.1 -c fsync=off -c full_page_writes=off "
            "-c synchronous_commit=off -c max_connections=300"
        )
        server.pg_ctl("-o", options, "-l", str(directory / "log"), "-w", "start")
        yield server  # stopped (immediate mode) by the guard


@dataclass
class RedisServer:
    directory: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start (or start again, on the same port) without persistence."""
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
                *("--pidfile", str(self.directory / REDIS_PIDFILE)),  # for the guard
            ],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(self.port, self.process)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    """A redis-server on a free port in a temp directory for the duration of the block."""
    directory = Path(tempfile.mkdtemp(prefix="zelfscan-redis-"))
    server = RedisServer(directory, free_port())
    with guarded("redis", directory, server.port):
        try:
            server.start()
            yield server
        finally:
            server.stop()


def _guard(kind: str, directory: Path, port: int) -> None:
    """The guard process: wait until the test process closes our input or ends, then stop its server."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    sys.stdin.buffer.read()
    try:
        if kind == "postgres" and (directory / "data" / "postmaster.pid").exists():
            command = [str(PG_BIN / "pg_ctl"), "-D", str(directory / "data"), "-m", "immediate", "stop"]
            subprocess.run(_as_owner(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elif kind == "redis":
            _kill_redis(directory / REDIS_PIDFILE, port)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _kill_redis(pidfile: Path, port: int) -> None:
    """Kill the redis-server of `pidfile` if it is still the one on `port` (not a process that got its pid since)."""
    try:
        pid = int(pidfile.read_text())
        running = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return
    if b"redis-server" in running and f":{port}".encode() in running:
        os.kill(pid, signal.SIGKILL)


if __name__ == "__main__":  # the guard process of `guarded`
    _guard(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]))
