"""Real races for the concurrency tests: threads that start together, and a meeting point after a read.

`at_once` runs callables in their own threads, released together by a barrier. On its own that makes
a lost update likely, not certain; `meet_after_first_read` makes it certain: every racing request
waits, after its first read of a table, until all of them have read it. So each has seen "nothing
there yet" before any of them writes: the interleaving that loses updates, forced without sleeping.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

from sqlalchemy import Engine, event

T = TypeVar("T")
TIMEOUT = 20.0  # seconds; only reached when a race is broken, never as an assertion


def at_once(*calls: Callable[[], T]) -> list[T]:
    """Run every call in its own thread, all released together; their results in order (errors re-raised)."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], T]) -> None:
        try:
            barrier.wait(TIMEOUT)
            results[index] = call()
        except BaseException as exc:  # handed to the test thread below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 3)
    if errors:
        raise errors[0]
    return results


@contextmanager
def meet_after_first_read(engine: Engine, table: str, parties: int) -> Iterator[None]:
    """Hold each thread after its first SELECT from `table` until `parties` threads have read it.

    Fails the test when fewer threads read the table: then the race it was meant to force did not happen.
    """
    barrier = threading.Barrier(parties)
    seen = threading.local()
    readers: list[str] = []
    reads_table = re.compile(rf"^\s*SELECT\b.*\bFROM {re.escape(table)}\b", re.IGNORECASE | re.DOTALL)

    def after_execute(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if getattr(seen, "met", False) or not reads_table.search(statement):
            return
        seen.met = True
        readers.append(threading.current_thread().name)
        # Fewer racers than expected read the table: let them go on (the test's assertions decide).
        with suppress(threading.BrokenBarrierError):
            barrier.wait(TIMEOUT)

    event.listen(engine, "after_cursor_execute", after_execute)
    try:
        yield
    finally:
        event.remove(engine, "after_cursor_execute", after_execute)
    assert len(readers) >= parties, f"{len(readers)} of {parties} racers read table {table!r}: no race happened"
