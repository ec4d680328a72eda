"""`python -m app`: start Zelfscan Live and print the organiser's link."""

from __future__ import annotations

import sys

import uvicorn

from app.core.config import Settings, get_settings
from app.core.db import DatabaseNotReady, make_engine, prepare_database
from app.main import create_app


def upgrade_database(settings: Settings) -> None:
    """Migrate the database before anything serves it; a database the code cannot serve stops the start."""
    engine = make_engine(settings.resolved_database_url())
    try:
        print(prepare_database(engine), flush=True)
    except DatabaseNotReady as refusal:
        sys.exit(f"\nZelfscan Live start niet / does not start:\n{refusal}\n")
    finally:
        engine.dispose()


def main() -> None:
    settings = get_settings()
    upgrade_database(settings)
    app = create_app(settings)
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
        # The app decides whom to believe about the scheme (Settings.trust_proxy), not uvicorn's default.
        proxy_headers=False,
        ws_ping_interval=20,
        ws_ping_timeout=20,
        # Partials are small: compressing each one costs the event loop more than it saves.
        ws_per_message_deflate=False,
    )


if __name__ == "__main__":
    main()
