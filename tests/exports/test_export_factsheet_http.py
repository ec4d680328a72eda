"""The factsheet per municipality: on the organiser's export page, in the API and in OpenAPI."""

from __future__ import annotations

import io

import docx
from fastapi.testclient import TestClient

from tests.support.scans import ScanFactory


def test_factsheet_is_offered_per_municipality_and_always_carries_its_own_name(
    http: TestClient, bearer: dict[str, str], app_scans: ScanFactory
) -> None:
    meeting = app_scans.meeting(privacy_mode="anonymised")
    app_scans.fill(meeting)
    bussum = app_scans.municipalities(meeting)["Bussum"]
    page = http.get(f"/organisator/bijeenkomsten/{meeting.id}/export", headers=bearer)
    link = f"/organisator/bijeenkomsten/{meeting.id}/export/factsheet/{bussum.id}.docx"
    assert f'href="{link}">Factsheet Bussum</a>' in page.text
    for path in (link, f"/api/meetings/{meeting.id}/export/factsheet/{bussum.id}.docx"):
        response = http.get(path, headers=bearer)
        assert response.status_code == 200, path
        disposition = response.headers["content-disposition"]
        assert 'filename="factsheet-gemeente-b-zelfscan-' in disposition  # the file name follows the mode
        document = docx.Document(io.BytesIO(response.content))
        assert document.paragraphs[0].text == "Factsheet Bussum"  # the content always names it
    foreign = http.get(f"/api/meetings/{meeting.id}/export/factsheet/99999.docx", headers=bearer)
    assert foreign.status_code == 404 and "detail" in foreign.json()


def test_factsheet_is_declared_in_openapi_as_a_word_file(http: TestClient) -> None:
    paths = http.get("/openapi.json").json()["paths"]
    operation = paths["/api/meetings/{meeting_id}/export/factsheet/{municipality_id}.docx"]["get"]
    content = operation["responses"]["200"]["content"]
    assert list(content) == ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"]


def test_footer_page_numbers_have_the_body_size(
    http: TestClient, bearer: dict[str, str], app_scans: ScanFactory
) -> None:
    meeting = app_scans.meeting()
    response = http.get(f"/api/meetings/{meeting.id}/export/minutes.docx", headers=bearer)
    document = docx.Document(io.BytesIO(response.content))
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.style is not None and footer.style.font.size == document.styles["Normal"].font.size
    assert "w:sz" not in footer._p.xml  # no run overrides the footer style's size (PAGE field included)
