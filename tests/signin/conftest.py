"""Fixtures for sign-in tests: settings whose secret lives in data/organiser-secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.config import Settings


@pytest.fixture
def file_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings whose secret is generated into data/organiser-secret (nothing in the environment)."""
    monkeypatch.delenv("ZELFSCAN_ORGANISER_SECRET", raising=False)
    return Settings(data_dir=tmp_path)
