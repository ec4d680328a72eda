"""The organiser secret: from ZELFSCAN_ORGANISER_SECRET, or generated once into `data/organiser-secret`.

The file is read again whenever it changes, so `python -m app rotate-secret` reaches a running
server at once: the old secret stops working with its next request.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import secrets
import threading
from pathlib import Path

SECRET_FILE = "organiser-secret"
MIN_LENGTH = 12


class SecretFromEnvironment(RuntimeError):
    """The secret is set in ZELFSCAN_ORGANISER_SECRET; it cannot be rotated from here."""


def new_secret() -> str:
    return secrets.token_urlsafe(18)


def write_secret(path: Path, value: str, *, only_if_missing: bool = False) -> None:
    """Replace the secret file in one step, readable by its owner only from the first byte.

    `only_if_missing`: create it only when no one else has (a hard link fails on an existing name), so
    processes starting together all end up with the one secret the first of them wrote.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(value)
            file.flush()
            os.fsync(file.fileno())
        if only_if_missing:
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        else:
            os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def read_or_create(path: Path) -> str:
    """The secret in `path`, generated there on first use; an empty file stops the start."""
    if not path.exists():
        write_secret(path, new_secret(), only_if_missing=True)
    value = path.read_text(encoding="utf-8").strip()
    if not value:
        raise RuntimeError(
            f"{path} is leeg: verwijder het bestand (er komt een nieuwe sleutel) of draai python -m app rotate-secret"
        )
    return value


def checked_fixed(value: str) -> str:
    if len(value) < MIN_LENGTH:
        raise RuntimeError(f"ZELFSCAN_ORGANISER_SECRET is te kort: gebruik minstens {MIN_LENGTH} tekens")
    return value


class OrganiserSecret:
    """The current secret: a fixed one (from the environment) or the file's, re-read when the file changes."""

    def __init__(self, *, fixed: str, path: Path) -> None:
        self.path = path
        self._fixed = checked_fixed(fixed) if fixed else ""
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._value = self._fixed or read_or_create(path)

    @property
    def from_environment(self) -> bool:
        return bool(self._fixed)

    def current(self) -> str:
        if self._fixed:
            return self._fixed
        with self._lock:
            try:
                stat = self.path.stat()
                stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
                if stamp != self._stamp:
                    value = self.path.read_text(encoding="utf-8").strip()
                    self._stamp = stamp
                    self._value = value or self._value  # an emptied or vanished file changes nothing
            except OSError:
                pass
            return self._value

    def matches(self, supplied: str) -> bool:
        """Whether `supplied` is the current secret (compared in constant time)."""
        return bool(supplied) and hmac.compare_digest(supplied.encode(), self.current().encode())

    def rotate(self) -> str:
        """Write a new secret and return it; refused when the environment fixes the secret."""
        if self._fixed:
            raise SecretFromEnvironment("ZELFSCAN_ORGANISER_SECRET")
        value = new_secret()
        write_secret(self.path, value)
        return value
