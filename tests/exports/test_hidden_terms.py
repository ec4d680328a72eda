"""The organiser's hidden terms: set on the meeting page or through the API, hidden in every redacted export."""

from __future__ import annotations

import io
import zipfile

from fastapi.testclient import TestClient

from app.core.redaction import HIDDEN
from tests.support.scans import ScanFactory


def _text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return " ".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))


def test_hidden_terms_reach_every_redacted_export(
    http: TestClient, bearer: dict[str, str], app_scans: ScanFactory
) -> None:
    meeting = app_scans.meeting(privacy_mode="anonymised")
    app_scans.fill(meeting, toelichting="Wethouder Jansen wil dit in {name}; we doen ons best.")
    api = f"/api/meetings/{meeting.id}"

    saved = http.patch(api, json={"hidden_terms": "Jansen, Dorpsstraat\nJansen"}, headers=bearer)
    assert saved.status_code == 200
    assert saved.json()["hidden_terms"] == ["Jansen", "Dorpsstraat"]

    bussum = app_scans.municipalities(meeting)["Bussum"]
    for path in ("minutes.docx", "results.xlsx", "plan/region.docx", f"plan/{bussum.id}.docx"):
        text = _text(http.get(f"{api}/export/{path}", headers=bearer).content)
        assert "Jansen" not in text, path
        if path != "plan/region.docx":  # the regional plan summarises: it quotes no toelichting
            assert HIDDEN in text and "we doen ons best" in text, path
    named = _text(http.get(f"{api}/export/minutes.docx?privacy=named", headers=bearer).content)
    assert "Wethouder Jansen" in named  # a named verslag hides nothing


def test_hidden_terms_are_refused_with_a_dutch_message(
    http: TestClient, bearer: dict[str, str], app_scans: ScanFactory
) -> None:
    meeting = app_scans.meeting()
    api = f"/api/meetings/{meeting.id}"
    for terms, message in (("x", "te kort"), ("a" * 81, "te lang"), ("a" * 2001, "2000")):
        refused = http.patch(api, json={"hidden_terms": terms}, headers=bearer)
        assert refused.status_code == 422
        assert message in str(refused.json()), terms
    assert http.get(api, headers=bearer).json()["hidden_terms"] == []


def test_the_organiser_page_form_saves_hidden_terms(
    http: TestClient, bearer: dict[str, str], app_scans: ScanFactory
) -> None:
    meeting = app_scans.meeting()
    page = f"/organisator/bijeenkomsten/{meeting.id}"
    assert 'name="hidden_terms"' in http.get(page, headers=bearer).text
    form = {"region": "Regio Testland", "date": "2026-12-01", "start_time": "09:00", "privacy_mode": "regional"}
    saved = http.post(f"{page}/gegevens", data={**form, "hidden_terms": "Dorpsstraat"}, headers=bearer)
    assert saved.status_code in (200, 303)
    assert "Dorpsstraat" in http.get(page, headers=bearer).text
    assert http.get(f"/api/meetings/{meeting.id}", headers=bearer).json()["hidden_terms"] == ["Dorpsstraat"]
    refused = http.post(
        f"{page}/gegevens", data={**form, "hidden_terms": "x"}, headers={**bearer, "accept": "application/json"}
    )
    assert refused.status_code == 422 and "te kort" in str(refused.json())
