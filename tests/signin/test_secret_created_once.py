"""Workers starting together on one data directory end up with one generated organiser secret."""

from __future__ import annotations

from pathlib import Path

from app.signin.secret import read_or_create
from tests.support.race import at_once


def test_processes_starting_together_read_the_one_secret_the_first_wrote(tmp_path: Path) -> None:
    path = tmp_path / "organiser-secret"
    secrets = at_once(*[lambda: read_or_create(path)] * 8)
    assert len(set(secrets)) == 1
    assert path.read_text(encoding="utf-8") == secrets[0]
    assert [p.name for p in tmp_path.iterdir()] == ["organiser-secret"]  # no temporary files left
