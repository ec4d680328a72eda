"""Shared reads behind the live pushes: one read per meeting or room and event, reused by every socket."""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


@dataclasses.dataclass
class _Shared:
    """The frame last read for an event, shared by every socket that was sent that same event.

    The hub hands every subscriber the same event object, so the first socket whose batch ends
    with event E reads the state (after E's commit) and the others reuse that read. A socket whose
    batch ends elsewhere reads afresh; a newer commit always brings a newer event, so no screen is
    left behind. The stamp holds the event and whatever else the read was based on (a room's read
    is only reused with the very meeting frame it was read for).
    """

    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    stamp: tuple[object, ...] = ()
    value: Any = None


class Frames(OrderedDict[tuple[object, ...], _Shared]):
    """The app's cache of shared reads (`app.state.live_frames`), keyed by what was read.

    Bounded: the least recently used reads are forgotten beyond `limit` keys (a forgotten read is
    simply read again).
    """

    def __init__(self, limit: int = 512) -> None:
        super().__init__()
        self.limit = limit
        self.guard = threading.Lock()

    def shared(self, key: tuple[object, ...]) -> _Shared:
        with self.guard:
            entry = self.get(key)
            if entry is None:
                entry = self[key] = _Shared()
                while len(self) > self.limit:
                    self.popitem(last=False)
            else:
                self.move_to_end(key)
            return entry


def once(frames: Frames, key: tuple[object, ...], stamp: tuple[object, ...], read: Callable[[], T]) -> T:
    """The value read for `key` with this very `stamp`, calling `read` only if the stamp differs."""
    shared = frames.shared(key)
    with shared.lock:
        same = len(shared.stamp) == len(stamp) and all(a is b for a, b in zip(shared.stamp, stamp, strict=False))
        if not same:
            shared.value, shared.stamp = read(), stamp
        return shared.value  # type: ignore[no-any-return]
