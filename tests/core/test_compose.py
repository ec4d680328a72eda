"""compose.yaml (docker cannot run here): its structure is what a national deployment needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "compose.yaml"


def services() -> dict[str, Any]:
    found: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]
    return found


def test_the_app_runs_several_workers_on_postgresql_and_redis() -> None:
    app = services()["app"]
    environment = app["environment"]
    assert environment["ZELFSCAN_DATABASE_URL"].startswith("postgresql://")
    assert environment["ZELFSCAN_DATABASE_URL"].endswith("@db:5432/zelfscan")
    assert environment["ZELFSCAN_BROKER_URL"] == "redis://broker:6379/0"
    assert environment["ZELFSCAN_WORKERS"] == "${ZELFSCAN_WORKERS:-2}"
    assert "ZELFSCAN_ORGANISER_SECRET" in environment  # several workers share one given secret
    assert app["depends_on"] == {"db": {"condition": "service_healthy"}, "broker": {"condition": "service_healthy"}}
    assert "/healthz" in " ".join(app["healthcheck"]["test"])


def test_every_service_has_a_health_check_or_waits_for_one() -> None:
    found = services()
    assert set(found) == {"app", "db", "broker", "proxy"}
    for name in ("app", "db", "broker"):
        assert found[name]["healthcheck"]["test"][0] == "CMD", name
    assert found["proxy"]["depends_on"]["app"]["condition"] == "service_healthy"


def test_the_proxy_passes_everything_to_the_app_and_the_data_lives_in_volumes() -> None:
    document = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    found = document["services"]
    assert found["proxy"]["image"].startswith("caddy")
    assert found["proxy"]["command"][-2:] == ["--to", "app:8000"]  # reverse_proxy passes websocket upgrades
    assert found["app"]["environment"]["ZELFSCAN_TRUST_PROXY"] == "true"
    assert set(document["volumes"]) == {"pgdata", "appdata", "caddydata"}
    assert "pgdata:/var/lib/postgresql/data" in found["db"]["volumes"]
