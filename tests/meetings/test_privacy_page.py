"""The privacy page: what is stored, how long and who sees it, linked from where participants join."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app
from tests.conftest import SECRET


def test_privacy_page_says_what_is_stored_how_long_and_who_sees_it(client: TestClient) -> None:
    page = client.get("/privacy")
    assert page.status_code == 200
    for heading in ("Wat we bewaren", "Wie ziet wat", "Hoe lang", "Vragen"):
        assert heading in page.text
    assert "365 dagen na de datum" in page.text  # the default retention
    assert "Namen van deelnemers worden eerder weggehaald" not in page.text  # off unless set
    assert "3 dagen" in page.text  # the participant's cookie


def test_privacy_page_follows_the_settings(tmp_path: Any) -> None:
    app = create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET, retention_days=90, anonymise_names_days=14))
    with TestClient(app) as client:
        text = client.get("/privacy").text
    assert "90 dagen na de datum" in text and "14 dagen na de datum" in text


def test_join_pages_and_the_room_link_to_the_privacy_page(client: TestClient, workshop: Any) -> None:
    anna = workshop.join("Amstelveen", "Anna")
    for page in (client.get("/"), client.get(f"/j/{workshop.code}"), anna.get(f"/j/{workshop.code}/kamer")):
        assert page.status_code == 200
        assert 'href="/privacy"' in page.text
