"""Fixtures for the export tests: a fresh SQLite file per test, meetings with filled-in scans."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.catalog.loader import Catalog, load_catalog
from app.core.config import Settings
from app.core.db import create_schema, make_engine
from app.main import create_app
from tests.support.pages import as_pages_do
from tests.support.scans import EXPORT_SECRET, ScanFactory


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'exports.db'}")
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def scans(db: Session, catalog: Catalog) -> ScanFactory:
    return ScanFactory(db, catalog)


@pytest.fixture
def export_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    return create_app(Settings(data_dir=tmp_path / "app", organiser_secret=EXPORT_SECRET))


@pytest.fixture
def http(export_app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(export_app) as client:
        yield as_pages_do(client)


@pytest.fixture
def app_scans(export_app) -> Iterator[ScanFactory]:  # type: ignore[no-untyped-def]
    with Session(export_app.state.engine, expire_on_commit=False) as session:
        yield ScanFactory(session, export_app.state.catalog)


@pytest.fixture
def bearer() -> dict[str, str]:
    return {"Authorization": f"Bearer {EXPORT_SECRET}"}
