"""Settings from the environment (prefix ZELFSCAN_), with safe defaults for one region on a laptop."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.catalog.loader import DEFAULT_AGENDA_DIR
from app.signin.secret import SECRET_FILE


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ZELFSCAN_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str = ""  # default: SQLite file in data_dir
    organiser_secret: str = ""  # default: generated on first start into data_dir/organiser-secret (rotate-secret)
    public_url: str = ""  # used in join links and the QR code; default http://HOST:PORT
    host: str = "127.0.0.1"
    port: int = 8000
    agenda_dir: Path = DEFAULT_AGENDA_DIR
    access_log: bool = False  # one log line per request; on for debugging
    queue_size: int = 64  # live-update messages buffered per connection before it is resynced
    organiser_session_hours: float = Field(default=12, gt=0, le=24 * 30)  # how long an organiser stays signed in
    # A join code works until this many days after its meeting's date (in the meeting's zone), then answers 410.
    join_code_days: int = Field(default=7, ge=0, le=36500)
    # Personal data: a meeting and everything in it is deleted this many days after its date (0: never);
    # participants' names are blanked this many days after the date (0: not earlier than the deletion).
    retention_days: int = Field(default=365, ge=0, le=36500)
    anonymise_names_days: int = Field(default=0, ge=0, le=36500)
    min_free_mb: int = Field(default=20, ge=0)  # the app does not start with less free space beside its data
    # Behind a reverse proxy that terminates HTTPS: believe its X-Forwarded-Proto/-For (and so mark
    # cookies Secure), but only from the addresses in forwarded_allow_ips (comma-separated, or "*").
    trust_proxy: bool = False
    forwarded_allow_ips: str = "127.0.0.1"
    # A national service (several worker processes, see README "Landelijk"): PostgreSQL in database_url
    # (postgresql://user:password@host/db), Redis in broker_url (redis://host:6379/0) carrying live updates
    # between workers, and the number of worker processes `python -m app` starts. One worker needs neither.
    workers: int = Field(default=1, ge=1, le=64)
    broker_url: str = ""  # default: in memory, for one process only
    broker_prefix: str = "zelfscan:"  # channel names on the broker start with this (several apps, one Redis)

    @model_validator(mode="after")
    def _default_public_url(self) -> Settings:
        if not self.public_url:
            self.public_url = f"http://{self.host}:{self.port}"
        self.public_url = self.public_url.rstrip("/")
        return self

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(self.data_dir / 'zelfscan.db').resolve()}"

    @property
    def organiser_secret_file(self) -> Path:
        """Where a generated secret is kept (app.signin.secret.OrganiserSecret reads, writes and rotates it)."""
        return self.data_dir / SECRET_FILE


@lru_cache
def get_settings() -> Settings:
    return Settings()
