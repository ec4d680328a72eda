"""`python -m app`: start Zelfscan Live and print the organiser's link."""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI

from app.core import storage
from app.core.config import Settings, get_settings
from app.core.db import DatabaseNotReady, make_engine
from app.main import create_app


def refuse(refusal: DatabaseNotReady) -> None:
    """Stop the start with the refusal's message (Dutch and English), exit code 1, no traceback."""
    sys.exit(f"\nZelfscan Live start niet / does not start:\n{refusal}\n")


def upgrade_database(settings: Settings) -> None:
    """Check the data directory, then migrate the database before anything serves it; a data
    directory or database the code cannot serve (unwritable, full, newer) stops the start."""
    try:
        storage.check_data_dirs(settings)
        engine = make_engine(settings.resolved_database_url())
        try:
            print(storage.prepare_writable_database(engine), flush=True)
        finally:
            engine.dispose()
    except DatabaseNotReady as refusal:
        refuse(refusal)


def build_app(settings: Settings) -> FastAPI:
    try:
        return create_app(settings)
    except DatabaseNotReady as refusal:  # the disk changed between the checks and the start
        refuse(refusal)
        raise


def main() -> None:
    settings = get_settings()
    upgrade_database(settings)
    app = build_app(settings)
    secret = app.state.organiser_secret
    print("\nZelfscan Live draait.", flush=True)
    print(f"  Organisator:  {settings.public_url}/organisator?sleutel={secret}", flush=True)
    print(f"  Deelnemers:   {settings.public_url}/", flush=True)
    print(f"  API-documentatie: {settings.public_url}/docs\n", flush=True)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="info",
        access_log=settings.access_log,
        ws_ping_interval=20,
        ws_ping_timeout=20,
        # Partials are small: compressing each one costs the event loop more than it saves.
        ws_per_message_deflate=False,
    )


if __name__ == "__main__":
    main()
