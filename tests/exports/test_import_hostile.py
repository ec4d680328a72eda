"""Hostile and damaged import files are refused with a Dutch message, quickly, never with a 500."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.catalog.loader import Catalog
from app.exports import service
from app.exports.importer import MAX_CSV_ROWS, MAX_SHEET_ROWS, MAX_UNPACKED_BYTES, ImportRefused
from app.meetings.models import Meeting
from app.zelfscan.models import RoomAnswer
from tests.support.scans import EXPORT_SECRET, NAMES, ScanFactory

BUSSUM_SHEET = "xl/worksheets/sheet4.xml"  # the export's sheets: Overzicht, Antwoorden, Amstelveen, Bussum, …
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKSHEET = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'

XXE = (
    '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    + WORKSHEET
    + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
).encode()
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1 if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
    + WORKSHEET
    + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
).encode()
BARE_DOCTYPE = ('<?xml version="1.0"?><!DOCTYPE worksheet>' + WORKSHEET + "<sheetData/></worksheet>").encode()
UTF16_DOCTYPE = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE worksheet [<!ENTITY a "b">]><worksheet/>').encode(
    "utf-16"
)


def export(session: Session, catalog: Catalog, meeting: Meeting) -> bytes:
    return service.results_xlsx(session=session, catalog=catalog, meeting=meeting, privacy="named").content


def do_import(session: Session, catalog: Catalog, meeting: Meeting, data: bytes, filename: str = "resultaten.xlsx"):  # type: ignore[no-untyped-def]
    return service.import_file(session=session, catalog=catalog, meeting=meeting, filename=filename, data=data)


def with_part(workbook: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one part (the zip member `name`) changed or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        for member in names:
            content = source.read(member)
            target.writestr(member, change(content) if member == name else content)
        if name not in names:
            target.writestr(name, change(b""))
    return out.getvalue()


def replaced(content: bytes) -> Callable[[bytes], bytes]:
    return lambda _old: content


def far_row(row: int) -> Callable[[bytes], bytes]:
    """One more answer row at `row`, with a <dimension> that claims the sheet reaches it."""

    def change(sheet: bytes) -> bytes:
        text = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:H{row}"/>', sheet.decode())
        cells = f'<c r="A{row}" t="n"><v>1</v></c><c r="E{row}" t="inlineStr"><is><t>op orde</t></is></c>'
        return text.replace("</sheetData>", f'<row r="{row}">{cells}</row></sheetData>').encode()

    return change


def short_dimension(sheet: bytes) -> bytes:
    """The sheet's <dimension> says it ends at row 5, though its answers go on to row 37."""
    return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:H5"/>', sheet)


@pytest.fixture
def workbook(db: Session, catalog: Catalog, scans: ScanFactory) -> bytes:
    source = scans.meeting(privacy_mode="named")
    scans.fill(source)
    return export(db, catalog, source)


@pytest.mark.parametrize(
    ("part", "content"),
    [
        (BUSSUM_SHEET, XXE),
        ("xl/worksheets/sheet5.xml", LAUGHS),
        (BUSSUM_SHEET, BARE_DOCTYPE),
        ("[Content_Types].xml", BARE_DOCTYPE),
        ("docProps/custom.xml", UTF16_DOCTYPE),
    ],
    ids=["external-entity", "billion-laughs", "bare-doctype", "doctype-in-content-types", "utf16-entity"],
)
def test_any_doctype_or_entity_in_the_workbook_xml_is_refused(
    db: Session, catalog: Catalog, scans: ScanFactory, workbook: bytes, part: str, content: bytes
) -> None:
    meeting = scans.meeting(privacy_mode="named")
    with pytest.raises(ImportRefused) as refused:
        do_import(db, catalog, meeting, with_part(workbook, part, replaced(content)))
    assert f"het onderdeel '{part}' bevat een DOCTYPE of entiteit" in refused.value.message
    assert not db.exec(select(RoomAnswer).where(RoomAnswer.meeting_id == meeting.id)).first()


@pytest.mark.parametrize(
    "content",
    [
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c ',
        b"<worksheet><sheetData><row r='1'><c r='A1'><v>1</v></row></sheetData></worksheet>",
        b"\x00\x01 no xml at all",
    ],
    ids=["truncated", "unbalanced", "binary"],
)
def test_malformed_sheet_xml_is_refused_in_dutch(
    db: Session, catalog: Catalog, scans: ScanFactory, workbook: bytes, content: bytes
) -> None:
    meeting = scans.meeting(privacy_mode="named")
    with pytest.raises(ImportRefused) as refused:
        do_import(db, catalog, meeting, with_part(workbook, BUSSUM_SHEET, replaced(content)))
    assert "dit is geen geldig Excel-bestand (.xlsx)" in refused.value.message


def test_a_row_far_down_the_sheet_is_refused_at_the_row_cap_without_reading_up_to_it(
    db: Session, catalog: Catalog, scans: ScanFactory, workbook: bytes
) -> None:
    meeting = scans.meeting(privacy_mode="named")
    hostile = with_part(workbook, BUSSUM_SHEET, far_row(50_000_000))
    assert len(hostile) < 200_000
    started = time.monotonic()
    with pytest.raises(ImportRefused) as refused:
        do_import(db, catalog, meeting, hostile)
    assert time.monotonic() - started < 5, "the rows are capped as they stream in, not after reading them all"
    assert f"Blad 'Bussum': het blad heeft meer dan {MAX_SHEET_ROWS} rijen" in refused.value.message


def test_rows_beyond_the_declared_dimension_are_read_too(
    db: Session, catalog: Catalog, scans: ScanFactory, workbook: bytes
) -> None:
    meeting = scans.meeting(privacy_mode="named")
    report = do_import(db, catalog, meeting, with_part(workbook, BUSSUM_SHEET, short_dimension))
    assert report.rows == 31 * len(NAMES)
    bussum = scans.municipalities(meeting)["Bussum"]
    imported = db.exec(select(RoomAnswer).where(RoomAnswer.municipality_id == bussum.id)).all()
    assert len(imported) == 31


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_read(
    db: Session, catalog: Catalog, scans: ScanFactory, workbook: bytes
) -> None:
    meeting = scans.meeting(privacy_mode="named")
    bomb = with_part(workbook, "docProps/custom.xml", replaced(b" " * (MAX_UNPACKED_BYTES + 1)))
    assert len(bomb) < 1_000_000
    with pytest.raises(ImportRefused) as refused:
        do_import(db, catalog, meeting, bomb)
    assert "het bestand is uitgepakt groter dan 50 MB" in refused.value.message


def test_a_csv_field_over_the_csv_limit_is_refused_not_a_500(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting()
    content = b'gemeente,vraag,antwoord,toelichting\nBussum,1,op orde,"' + b"x" * 131_073 + b'"\n'
    with pytest.raises(ImportRefused) as refused:
        do_import(db, catalog, meeting, content, "scan.csv")
    assert "Bestand 'scan.csv', rij 2: een veld is langer dan 131.072 tekens" in refused.value.message


def test_a_csv_with_more_rows_than_any_meeting_has_answers_is_refused(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    meeting = scans.meeting()
    content = b"gemeente,vraag,antwoord\n" + b"\n" * 10 + b"Bussum,1,op orde\n" * MAX_CSV_ROWS
    with pytest.raises(ImportRefused) as refused:
        do_import(db, catalog, meeting, content, "scan.csv")
    assert f"het bestand heeft meer dan {MAX_CSV_ROWS} rijen" in refused.value.message


def test_the_hostile_set_over_http_is_422_in_dutch_never_500(http: TestClient, app_scans: ScanFactory) -> None:
    source = app_scans.meeting(privacy_mode="named")
    app_scans.fill(source)
    workbook = export(app_scans.session, app_scans.catalog, source)
    target = app_scans.meeting(privacy_mode="named")
    bearer = {"Authorization": f"Bearer {EXPORT_SECRET}"}
    hostile = {
        "xxe.xlsx": with_part(workbook, BUSSUM_SHEET, replaced(XXE)),
        "laughs.xlsx": with_part(workbook, "xl/worksheets/sheet5.xml", replaced(LAUGHS)),
        "malformed.xlsx": with_part(workbook, BUSSUM_SHEET, replaced(b"<worksheet><sheetData><row")),
        "far.xlsx": with_part(workbook, BUSSUM_SHEET, far_row(50_000_000)),
        "long.csv": b"gemeente,vraag,antwoord\nBussum,1," + b"x" * 140_000 + b"\n",
    }
    for filename, content in hostile.items():
        api = http.post(f"/api/meetings/{target.id}/import", headers=bearer, files={"file": (filename, content, XLSX)})
        assert api.status_code == 422, (filename, api.text)
        assert api.json()["detail"].startswith("Het bestand is niet ingelezen; er is niets veranderd."), filename
        page = http.post(
            f"/organisator/bijeenkomsten/{target.id}/import", headers=bearer, files={"file": (filename, content, XLSX)}
        )
        assert page.status_code == 422, (filename, page.text)
        assert "Het bestand is niet ingelezen" in page.text
