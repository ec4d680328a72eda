"""The download and import endpoints, for the organiser's browser and the JSON API."""

from __future__ import annotations

import io
import re

import docx
import openpyxl
import pytest
from fastapi.testclient import TestClient

from app.meetings.models import Meeting
from tests.conftest import sign_in
from tests.support.scans import EXPORT_SECRET, NAMES, ScanFactory, names_found

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE, API = "/organisator/bijeenkomsten", "/api/meetings"
PREFIXES = (PAGE, API)


def downloads(prefix: str, municipality_id: int) -> list[tuple[str, str]]:
    """The downloads of a meeting: Dutch paths for the organiser's pages, English ones in the API."""
    if prefix == API:
        return [
            ("minutes.docx", DOCX),
            ("results.xlsx", XLSX),
            (f"plan/{municipality_id}.docx", DOCX),
            ("plan/region.docx", DOCX),
        ]
    return [
        ("verslag.docx", DOCX),
        ("resultaten.xlsx", XLSX),
        (f"plan/{municipality_id}.docx", DOCX),
        ("plan/regio.docx", DOCX),
        ("verslag", "text/html; charset=utf-8"),
    ]


@pytest.fixture
def meeting(app_scans: ScanFactory) -> Meeting:
    meeting = app_scans.meeting(privacy_mode="anonymised")
    app_scans.fill(meeting, toelichting="<script>alert('{name}')</script> =cmd()")
    return meeting


@pytest.mark.parametrize("prefix", PREFIXES)
def test_organiser_downloads_every_export(
    http: TestClient, bearer: dict[str, str], app_scans: ScanFactory, meeting: Meeting, prefix: str
) -> None:
    bussum = app_scans.municipalities(meeting)["Bussum"]
    for path, content_type in downloads(prefix, bussum.id or 0):
        response = http.get(f"{prefix}/{meeting.id}/export/{path}", headers=bearer)
        assert response.status_code == 200, (path, response.text[:300])
        assert response.headers["content-type"] == content_type
        if path != "verslag":
            disposition = response.headers["content-disposition"]
            assert disposition.startswith('attachment; filename="')
            assert not any(name.lower() in disposition.lower() for name in NAMES)
            own_plan = path.endswith(f"/{bussum.id}.docx")  # Bussum's own plan names Bussum, and only Bussum
            assert {name for _part, name in names_found(response.content)} == ({"Bussum"} if own_plan else set())
    plan = http.get(f"{prefix}/{meeting.id}/export/plan/{bussum.id}.docx", headers=bearer)
    assert re.search(
        r'filename="plan-van-aanpak-gemeente-b-zelfscan-2026-12-01-bijeenkomst-\d+\.docx"',
        plan.headers["content-disposition"],
    )
    assert (
        docx.Document(io.BytesIO(plan.content)).core_properties.subject == "Plan van aanpak Gemeente Bussum 2026 – 2027"
    )


def test_organiser_cookie_works_for_the_browser_pages(http: TestClient, meeting: Meeting) -> None:
    sign_in(http, EXPORT_SECRET)
    page = http.get(f"/organisator/bijeenkomsten/{meeting.id}/export")
    assert page.status_code == 200
    assert "Resultaten inlezen" in page.text
    assert http.get(f"/organisator/bijeenkomsten/{meeting.id}/export/resultaten.xlsx").status_code == 200


def test_verslag_page_is_dutch_printable_local_and_escaped(
    http: TestClient, bearer: dict[str, str], meeting: Meeting
) -> None:
    response = http.get(f"/organisator/bijeenkomsten/{meeting.id}/export/verslag", headers=bearer)
    html = response.text
    assert '<html lang="nl">' in html
    assert '<link rel="stylesheet" href="/static/verslag.css">' in html  # no inline style: the CSP allows none
    assert "@media print" in http.get("/static/verslag.css").text
    assert "&lt;script&gt;alert(" in html
    assert "<script>alert(" not in html
    assert "=cmd()" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing loaded from elsewhere
    assert html.count('src="data:image/png;base64,') == 2 * (1 + len(NAMES))
    assert "<h2>Programma: gepland en gehouden</h2>" in html
    assert not any(name in html for name in NAMES)


def test_privacy_can_be_overridden_per_download(http: TestClient, bearer: dict[str, str], meeting: Meeting) -> None:
    named = http.get(f"/api/meetings/{meeting.id}/export/results.xlsx?privacy=named", headers=bearer)
    assert openpyxl.load_workbook(io.BytesIO(named.content)).sheetnames == [
        "Overzicht",
        "Antwoorden",
        *NAMES,
        "Standaarden",
        "Vragenset",
    ]
    regional = http.get(f"/api/meetings/{meeting.id}/export/results.xlsx?privacy=regional", headers=bearer)
    assert openpyxl.load_workbook(io.BytesIO(regional.content)).sheetnames == [
        "Overzicht",
        "Per vraag",
        "Standaarden",
        "Vragenset",
    ]
    wrong = http.get(f"/api/meetings/{meeting.id}/export/minutes.docx?privacy=alles", headers=bearer)
    assert wrong.status_code == 422
    assert wrong.json()["detail"] == "Onbekende privacystand. Kies 'named', 'anonymised' of 'regional'."


@pytest.mark.parametrize("prefix", PREFIXES)
def test_downloads_need_the_organiser_secret(http: TestClient, meeting: Meeting, prefix: str) -> None:
    for path, _ in downloads(prefix, 1):
        response = http.get(f"{prefix}/{meeting.id}/export/{path}")
        assert response.status_code == 403, path
        assert "organisator" in response.text
    word = downloads(prefix, 1)[0][0]
    wrong = http.get(f"{prefix}/{meeting.id}/export/{word}", headers={"Authorization": "Bearer verkeerde-sleutel-123"})
    assert wrong.status_code == 403
    upload = http.post(
        f"{prefix}/{meeting.id}/import", files={"file": ("a.csv", b"gemeente,vraag,antwoord\n", "text/csv")}
    )
    assert upload.status_code == 403


def test_unknown_meeting_and_foreign_municipality_are_404_in_dutch(
    http: TestClient, bearer: dict[str, str], app_scans: ScanFactory, meeting: Meeting
) -> None:
    response = http.get("/api/meetings/999/export/minutes.docx", headers=bearer)
    assert response.status_code == 404
    assert response.json()["detail"] == "Bijeenkomst 999 bestaat niet."
    page = http.get("/organisator/bijeenkomsten/999/export/verslag", headers=bearer)
    assert page.status_code == 404 and "Bijeenkomst 999 bestaat niet." in page.text
    other = app_scans.meeting(names=("Huizen",))
    foreign = app_scans.municipalities(other)["Huizen"]
    for prefix in PREFIXES:
        response = http.get(f"{prefix}/{meeting.id}/export/plan/{foreign.id}.docx", headers=bearer)
        assert response.status_code == 404
        assert "Deze gemeente hoort niet bij deze bijeenkomst." in response.text


def test_import_over_the_api_and_from_the_organiser_page(
    http: TestClient, bearer: dict[str, str], app_scans: ScanFactory, meeting: Meeting
) -> None:
    named = http.get(f"/api/meetings/{meeting.id}/export/results.xlsx?privacy=named", headers=bearer).content
    target = app_scans.meeting()
    response = http.post(
        f"/api/meetings/{target.id}/import", headers=bearer, files={"file": ("resultaten.xlsx", named, XLSX)}
    )
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == 31 * len(NAMES)

    bad = http.post(
        f"/api/meetings/{target.id}/import",
        headers=bearer,
        files={"file": ("a.csv", b"gemeente,vraag,antwoord\nBussum,1,ja\n", "text/csv")},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"] == [
        "Bestand 'a.csv', rij 2, kolom C (antwoord): 'ja' is geen geldig antwoord; gebruik 'op orde', 'niet op orde' "
        "of 'open'"
    ]

    page = http.post(
        f"/organisator/bijeenkomsten/{target.id}/import",
        headers=bearer,
        files={"file": ("a.csv", b"gemeente,vraag,antwoord\nBussum,1,niet op orde\n", "text/csv")},
        follow_redirects=False,
    )
    assert page.status_code == 303
    assert page.headers["location"].startswith(f"/organisator/bijeenkomsten/{target.id}/export?melding=")
    refused = http.post(
        f"/organisator/bijeenkomsten/{target.id}/import",
        headers=bearer,
        files={"file": ("a.csv", b"gemeente,vraag,antwoord\nHuizen,1,open\n", "text/csv")},
    )
    assert refused.status_code == 422
    assert "Huizen" in refused.text and "Het bestand is niet ingelezen" in refused.text


@pytest.mark.parametrize(
    "old_path",
    [
        "export",
        "export/verslag",
        "export/verslag.docx",
        "export/resultaten.xlsx",
        "export/plan/regio.docx",
        "export/plan/7.docx",
    ],
)
def test_old_english_page_urls_redirect_permanently_to_the_dutch_ones(http: TestClient, old_path: str) -> None:
    response = http.get(f"/organisator/meetings/12/{old_path}?privacy=regional&melding=a%20b", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == f"/organisator/bijeenkomsten/12/{old_path}?privacy=regional&melding=a%20b"
    bare = http.get(f"/organisator/meetings/12/{old_path}", follow_redirects=False)
    assert bare.headers["location"] == f"/organisator/bijeenkomsten/12/{old_path}"


def test_an_old_bookmark_still_downloads_after_the_redirect(
    http: TestClient, bearer: dict[str, str], meeting: Meeting
) -> None:
    response = http.get(f"/organisator/meetings/{meeting.id}/export/resultaten.xlsx?privacy=regional", headers=bearer)
    assert response.status_code == 200
    assert str(response.url).endswith(
        f"/organisator/bijeenkomsten/{meeting.id}/export/resultaten.xlsx?privacy=regional"
    )
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames == [
        "Overzicht",
        "Per vraag",
        "Standaarden",
        "Vragenset",
    ]


def test_an_import_posted_to_the_old_url_keeps_its_file_through_the_308(
    http: TestClient, bearer: dict[str, str], app_scans: ScanFactory
) -> None:
    target = app_scans.meeting()
    upload = {"file": ("a.csv", b"gemeente,vraag,antwoord\nBussum,1,niet op orde\n", "text/csv")}
    moved = http.post(f"/organisator/meetings/{target.id}/import", headers=bearer, files=upload, follow_redirects=False)
    assert moved.status_code == 308
    assert moved.headers["location"] == f"/organisator/bijeenkomsten/{target.id}/import"

    done = http.post(f"/organisator/meetings/{target.id}/import", headers=bearer, files=upload, follow_redirects=False)
    assert done.status_code == 308
    followed = http.post(f"/organisator/meetings/{target.id}/import", headers=bearer, files=upload)
    assert followed.status_code == 200
    assert "Ingelezen: 1 antwoorden van 1 gemeenten" in followed.text


def test_api_paths_are_english_but_the_file_names_stay_dutch(
    http: TestClient, bearer: dict[str, str], meeting: Meeting
) -> None:
    expected = {
        "minutes.docx": 'filename="verslag-',
        "results.xlsx": 'filename="resultaten-',
        "plan/region.docx": 'filename="plan-van-aanpak-regio',
    }
    for path, filename in expected.items():
        response = http.get(f"/api/meetings/{meeting.id}/export/{path}", headers=bearer)
        assert response.status_code == 200, path
        assert filename in response.headers["content-disposition"], response.headers["content-disposition"]
    # The printable verslag is a page for people, not part of the API.
    assert http.get(f"/api/meetings/{meeting.id}/export/verslag", headers=bearer).status_code == 404
