"""`python -m app`: start Zelfscan Live and print the organiser's link."""

from __future__ import annotations

import uvicorn

from app.core.config import get_settings
from app.main import create_app


def main() -> None:
    settings = get_settings()
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
        ws_ping_interval=20,
        ws_ping_timeout=20,
        # Partials are small: compressing each one costs the event loop more than it saves.
        ws_per_message_deflate=False,
    )


if __name__ == "__main__":
    main()
