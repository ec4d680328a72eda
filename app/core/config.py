"""Settings from the environment (prefix ZELFSCAN_), with safe defaults for one region on a laptop."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.catalog.loader import DEFAULT_AGENDA_DIR


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ZELFSCAN_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str = ""  # default: SQLite file in data_dir
    organiser_secret: str = ""  # default: generated on first start, kept in data_dir
    public_url: str = ""  # used in join links and the QR code; default http://HOST:PORT
    host: str = "127.0.0.1"
    port: int = 8000
    agenda_dir: Path = DEFAULT_AGENDA_DIR
    access_log: bool = False  # one log line per request; on for debugging
    queue_size: int = 64  # live-update messages buffered per connection before it is resynced
    # Behind a reverse proxy that terminates HTTPS: believe its X-Forwarded-Proto/-For (and so mark
    # cookies Secure), but only from the addresses in forwarded_allow_ips (comma-separated, or "*").
    trust_proxy: bool = False
    forwarded_allow_ips: str = "127.0.0.1"

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

    def resolved_organiser_secret(self) -> str:
        """The organiser's secret: from the environment, else generated once and kept on disk."""
        if self.organiser_secret:
            if len(self.organiser_secret) < 12:
                raise RuntimeError("ZELFSCAN_ORGANISER_SECRET is te kort: gebruik minstens 12 tekens")
            return self.organiser_secret
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / "organiser-secret"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(18), encoding="utf-8")
            path.chmod(0o600)
        return path.read_text(encoding="utf-8").strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
