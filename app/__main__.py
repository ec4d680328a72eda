"""`python -m app`: start Zelfscan Live and print where the organiser signs in (and the secret, apart).

`python -m app rotate-secret`: write a new organiser secret and end every organiser session.

`python -m app organisers add "Naam" [--beheerder] | list | remove <id>`: organiser accounts.
"""

from __future__ import annotations

import argparse
import sys

import uvicorn
from fastapi import FastAPI
from sqlalchemy import make_url
from sqlmodel import Session

from app.core import storage
from app.core.config import Settings, get_settings
from app.core.db import DatabaseNotReady, make_engine, postgres_url
from app.core.logmask import uvicorn_log_config
from app.main import create_app
from app.signin import cli as organisers_cli
from app.signin import service as signin
from app.signin.secret import OrganiserSecret


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


def welcome(settings: Settings, secret: OrganiserSecret) -> list[str]:
    """What the start prints: the sign-in page and the secret on separate lines, never a link holding it."""
    if secret.from_environment:
        key = "de waarde van ZELFSCAN_ORGANISER_SECRET"
    else:
        key = f"{secret.current()}   (staat in {secret.path}; nieuwe: python -m app rotate-secret)"
    return [
        "",
        "Zelfscan Live draait.",
        f"  Organisator:  {settings.public_url}/organisator",
        f"  Sleutel:      {key}",
        f"  Deelnemers:   {settings.public_url}/",
        f"  API-documentatie: {settings.public_url}/docs",
        "",
    ]


def several_workers_refusal(settings: Settings) -> str | None:
    """Why `settings.workers` processes cannot share this set-up (None: they can, or there is one)."""
    if settings.workers == 1:
        return None
    problems = []
    if make_url(postgres_url(settings.resolved_database_url())).get_backend_name() != "postgresql":
        problems.append(
            "meerdere workers hebben PostgreSQL nodig (ZELFSCAN_DATABASE_URL=postgresql://…), geen SQLite-bestand / "
            "several workers need PostgreSQL (ZELFSCAN_DATABASE_URL=postgresql://…), not a SQLite file"
        )
    if not settings.broker_url:
        problems.append(
            "meerdere workers hebben Redis nodig voor de live-updates (ZELFSCAN_BROKER_URL=redis://…): anders zien "
            "schermen van de ene worker niet wat de andere ontvangt / several workers need Redis for the live "
            "updates (ZELFSCAN_BROKER_URL=redis://…): otherwise screens of one worker miss what another receives"
        )
    if not problems:
        return None
    listed = "\n".join(f"  - {problem}" for problem in problems)
    return (
        f"ZELFSCAN_WORKERS={settings.workers}, maar / but:\n{listed}\n"
        "Zet ZELFSCAN_WORKERS=1 voor één proces / set ZELFSCAN_WORKERS=1 for one process."
    )


def serve(settings: Settings) -> None:
    if refusal := several_workers_refusal(settings):
        sys.exit(f"\nZelfscan Live start niet / does not start:\n{refusal}\n")
    upgrade_database(settings)
    if settings.workers > 1:
        # Each worker builds its own app (create_app reads the same settings). The secret is settled here,
        # once, before they start: a generated one is written by this process and read by every worker.
        secret = OrganiserSecret(fixed=settings.organiser_secret, path=settings.organiser_secret_file)
        target: FastAPI | str = "app.main:create_app"
    else:
        app = build_app(settings)
        secret, target = app.state.organiser_secret, app
    for line in welcome(settings, secret):
        print(line, flush=True)
    uvicorn.run(
        target,
        factory=isinstance(target, str),
        workers=settings.workers if isinstance(target, str) else None,
        host=settings.host,
        port=settings.port,
        log_level="info",
        log_config=uvicorn_log_config(),  # tokens, join codes and query values masked
        access_log=settings.access_log,
        # The app decides whom to believe about the scheme (Settings.trust_proxy), not uvicorn's default.
        proxy_headers=False,
        ws_ping_interval=20,
        ws_ping_timeout=20,
        # Partials are small: compressing each one costs the event loop more than it saves.
        ws_per_message_deflate=False,
    )


def rotate_secret(settings: Settings) -> int:
    """Write a new secret (a running server takes it at its next request) and end every organiser session."""
    secret = OrganiserSecret(fixed=settings.organiser_secret, path=settings.organiser_secret_file)
    if secret.from_environment:
        print(
            "ZELFSCAN_ORGANISER_SECRET is gezet en gaat voor: er is niets veranderd. Zet daar een nieuwe "
            "sleutel en start de app opnieuw; de oude sessies vervallen dan vanzelf.\n"
            "ZELFSCAN_ORGANISER_SECRET is set and wins: nothing was changed. Set a new secret there and "
            "restart the app; the old sessions then end by themselves.",
            file=sys.stderr,
        )
        return 1
    upgrade_database(settings)
    new = secret.rotate()
    engine = make_engine(settings.resolved_database_url())
    try:
        with Session(engine) as session:
            ended = signin.end_all_sessions(session=session)
    finally:
        engine.dispose()
    print(f"Nieuwe organisatorsleutel: {new}", flush=True)
    print(f"  Opgeslagen in {secret.path}; de oude sleutel werkt niet meer, {ended} sessie(s) beëindigd.", flush=True)
    return 0


def organisers(settings: Settings, argv: list[str]) -> int:
    """Manage organiser accounts (app.signin.cli) on the migrated database."""
    upgrade_database(settings)
    engine = make_engine(settings.resolved_database_url())
    try:
        with Session(engine) as session:
            return organisers_cli.run(session, argv)
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["organisers"]:
        sys.exit(organisers(get_settings(), argv[1:]))
    parser = argparse.ArgumentParser(
        prog="python -m app", description="Zelfscan Live (organiser accounts: python -m app organisers --help)"
    )
    parser.add_argument(
        "command",
        nargs="?",
        default="serve",
        choices=("serve", "rotate-secret"),
        help="serve (default): start the app; rotate-secret: new organiser secret, every organiser session ended",
    )
    command = parser.parse_args(argv).command
    settings = get_settings()
    if command == "rotate-secret":
        sys.exit(rotate_secret(settings))
    serve(settings)


if __name__ == "__main__":
    main()
