"""The verslag (Word): structure, programme as planned and held, attendance, results, privacy."""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import docx
import pytest
from sqlmodel import Session

from app.catalog.loader import Catalog
from app.core import times
from app.core.dutch import dutch_date
from app.exports import followup, service
from app.meetings import participants
from app.meetings import service as meetings
from app.meetings.models import Meeting
from app.meetings.schemas import JoinRequest
from tests.support.scans import NAMES, ScanFactory, names_found, zip_texts


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def headings(document: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def all_text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def table_with(document: docx.document.Document, first_header: str) -> docx.table.Table:
    """The first table whose header row starts with `first_header`."""
    return next(t for t in document.tables if t.rows[0].cells[0].text == first_header)


def verslag(session: Session, catalog: Catalog, meeting: Meeting, privacy: str | None = None) -> bytes:
    return service.verslag_docx(session=session, catalog=catalog, meeting=meeting, privacy=privacy).content


def test_verslag_has_title_page_and_real_heading_structure(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting()
    scans.fill(meeting)
    document = open_docx(verslag(db, catalog, meeting))
    found = headings(document)
    assert found[0] == ("Title", "Verslag startbijeenkomst Regio Testland")
    level1 = [text for style, text in found if style == "Heading 1"]
    assert level1 == [
        "Samenvatting",
        "Programma: gepland en gehouden",
        "Deelnemers",
        "Verloop van de bijeenkomst",
        "Bijlage: toelichtingen en nuanceringen per vraag",
    ]
    level2 = [text for style, text in found if style == "Heading 2"]
    assert len(level2) == 11  # one per block of the startbijeenkomst
    assert "10:25–11:00 Aan de slag met het invullen van de zelfscan: 1e blok" in level2
    level3 = [text for style, text in found if style == "Heading 3"]
    assert level3 == ["Resultaten vragen 1 t/m 14", "Resultaten vragen 15 t/m 31"]
    facts = all_text(document)
    assert "dinsdag 1 december 2026" in facts
    assert "Startbijeenkomst (Bijlage 1)" in facts


def test_verslag_has_page_numbers_charts_and_dutch_proofing(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting()
    scans.fill(meeting)
    data = verslag(db, catalog, meeting)
    parts = zip_texts(data)
    footers = [text for name, text in parts.items() if name.startswith("word/footer")]
    assert any('w:instr="PAGE"' in text for text in footers)
    document = open_docx(data)
    # Two result blocks, each: one regional spinnenweb and one per municipality.
    assert len(document.inline_shapes) == 2 * (1 + len(NAMES))
    assert 'w:val="nl-NL"' in parts["word/styles.xml"]
    assert all(shape._inline.docPr.get("descr", "").startswith("Spinnenweb") for shape in document.inline_shapes)


def test_programme_shows_planned_and_actual_times(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting()
    blocks = meetings.blocks_of(session=db, meeting=meeting)
    first, second = blocks[0], blocks[1]
    start = times.planned_epoch(meeting, "09:00")
    first.actual_start, first.actual_end = start + 120, start + 120 + 35 * 60  # 09:02–09:37, 5 minutes over
    second.actual_start = first.actual_end
    second.actual_end = second.actual_start + 15 * 60
    db.add_all([first, second])
    db.commit()
    table = table_with(open_docx(verslag(db, catalog, meeting)), "#")
    header = [cell.text for cell in table.rows[0].cells]
    assert header == ["#", "Onderdeel", "Gepland", "Gehouden", "Verschil"]
    row1 = [cell.text for cell in table.rows[1].cells]
    assert row1[2:] == ["09:00–09:30", "09:02–09:37", "+5 min"]
    row2 = [cell.text for cell in table.rows[2].cells]
    assert row2[2:] == ["09:30–09:45", "09:37–09:52", "volgens plan"]
    assert [cell.text for cell in table.rows[3].cells][3] == "niet gehouden"
    assert len(table.rows) == 1 + 11


def _join(db: Session, meeting: Meeting, scans: ScanFactory) -> None:
    by_name = scans.municipalities(meeting)
    participants.join(
        session=db,
        meeting=meeting,
        data=JoinRequest(municipality_id=by_name["Bussum"].id or 0, name="Joke Jansen", role="beleid"),
    )
    participants.join(
        session=db,
        meeting=meeting,
        data=JoinRequest(municipality_id=by_name["Bussum"].id or 0, name="", role="uitvoering"),
    )
    participants.join(
        session=db,
        meeting=meeting,
        data=JoinRequest(municipality_id=by_name["Castricum"].id or 0, name="Piet Pieters", role="veilig_thuis"),
    )


def test_attendance_lists_names_and_roles_in_named_mode(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting(privacy_mode="named")
    _join(db, meeting, scans)
    document = open_docx(verslag(db, catalog, meeting))
    table = table_with(document, "Gemeente")
    rows = {row.cells[0].text: (row.cells[1].text, row.cells[2].text) for row in table.rows[1:]}
    assert rows["Bussum"] == ("Joke Jansen (Beleid)\n1 zonder naam: 1× Uitvoering", "2")
    assert rows["Castricum"] == ("Piet Pieters (Veilig Thuis)", "1")
    assert rows["Amstelveen"] == ("niemand aangemeld", "0")


def test_attendance_shows_roles_but_no_names_when_anonymised(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting(privacy_mode="anonymised")
    _join(db, meeting, scans)
    data = verslag(db, catalog, meeting)
    text = all_text(open_docx(data))
    assert "Joke Jansen" not in text and "Piet Pieters" not in text
    rows = {row.cells[0].text: row.cells[1].text for row in table_with(open_docx(data), "Gemeente").rows[1:]}
    assert rows["Gemeente B"] == "1× Beleid, 1× Uitvoering"


def test_results_blocks_show_grid_rankings_and_every_remark(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting(privacy_mode="named")
    scans.fill(meeting, toelichting="Uitleg {name} {q}", nuancering="Maar {q}")
    document = open_docx(verslag(db, catalog, meeting))
    text = all_text(document)
    grids = [t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["Gemeente", "1"]]
    assert len(grids) == 1  # questions 1-14 fit one grid; 15-31 start at 15
    grid = grids[0]
    assert [c.text for c in grid.rows[0].cells] == ["Gemeente", *[str(q) for q in range(1, 15)]]
    # Amstelveen (position 0): question 1 -> niet op orde, 2 -> open, 3 -> op orde.
    assert [c.text for c in grid.rows[1].cells][:4] == ["Amstelveen", "−", "·", "+"]
    for name in NAMES:
        for q in (1, 14, 15, 31):
            assert f"Uitleg {name} {q}" in text
            assert f"Maar {q}" in text
    assert "Vaakst niet op orde" in [p.text for p in document.paragraphs]


def test_free_text_is_inert_in_the_verslag(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting(privacy_mode="named")
    scans.answer(
        meeting,
        "Bussum",
        3,
        "niet_op_orde",
        toelichting="<script>alert(1)</script> =cmd()",
        nuancering="@SUM(A1) \x07bel",
    )
    data = verslag(db, catalog, meeting)
    text = all_text(open_docx(data))
    assert "<script>alert(1)</script> =cmd()" in text
    assert "@SUM(A1) bel" in text  # control character dropped, text kept
    assert "<script>" not in zip_texts(data)["word/document.xml"]


@pytest.mark.parametrize("mode", ["anonymised", "regional"])
def test_no_municipality_name_anywhere_in_the_verslag(
    db: Session, catalog: Catalog, scans: ScanFactory, mode: str
) -> None:
    meeting = scans.meeting(privacy_mode="named", speakers={1: "Jan de Vries, wethouder Bussum"})
    scans.fill(meeting, toelichting="In {name} loopt dit al", nuancering="zie ook AMSTELVEEN en castricum")
    _join(db, meeting, scans)
    data = verslag(db, catalog, meeting, privacy=mode)
    assert names_found(data) == []
    props = open_docx(data).core_properties
    assert props.author == "Zelfscan Live" and props.last_modified_by == "Zelfscan Live"
    text = all_text(open_docx(data))
    assert ("In Gemeente B loopt dit al" in text) == (mode == "anonymised")
    assert ("In [gemeente] loopt dit al" in text) == (mode == "regional")


def test_regional_verslag_states_counts_instead_of_municipalities(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    meeting = scans.meeting(privacy_mode="regional")
    scans.fill(meeting)
    document = open_docx(verslag(db, catalog, meeting))
    text = all_text(document)
    assert "Gemeente A" not in text
    assert "van 3 gemeenten hebben standaard 1 op orde" in text
    assert len(document.inline_shapes) == 2  # only the regional spinnenweb per result block


def test_earlier_scan_is_shown_next_to_this_one(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    earlier = scans.meeting(privacy_mode="named")
    scans.fill(earlier, shift=1)
    meeting = scans.meeting(privacy_mode="named", earlier_scan_id=earlier.id, scan_kind="evaluatie")
    scans.fill(meeting)
    document = open_docx(verslag(db, catalog, meeting))
    text = all_text(document)
    assert "Vergeleken met" in text
    assert "Regionaal, vorige scan" in text


def test_followup_sections_render_when_a_source_has_data(
    db: Session, catalog: Catalog, scans: ScanFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = scans.meeting(agenda_key="follow-up", privacy_mode="anonymised")
    scans.fill(meeting)
    before = [text for _, text in headings(open_docx(verslag(db, catalog, meeting)))]
    assert not {
        "Rad van Fortuin: getrokken vragen",
        "Afspraken",
        "Actiepunten",
        "Antwoorden van de themagroepen",
    } & set(before)

    def source(session: Session, m: Meeting) -> followup.FollowUp:
        return followup.FollowUp(
            wheel=[followup.WheelNote("Is het gelukt de zelfscan waarheidsgetrouw in te vullen?", "Ja, in Bussum wel")],
            themes=[followup.ThemeAnswer("Zicht op veiligheid", "Groep 1", (("Quick win?", "Casusoverleg"),))],
            agreements=[followup.ActionItem("Volgende bijeenkomst in maart")],
            actions=[followup.ActionItem("Plan van aanpak naar het college", who="Castricum", when="1 februari")],
        )

    monkeypatch.setattr(followup, "_SOURCES", [])
    followup.register_followup_source(source)
    data = verslag(db, catalog, meeting)
    document = open_docx(data)
    found = headings(document)
    assert ("Heading 3", "Rad van Fortuin: getrokken vragen") in found
    assert ("Heading 3", "Antwoorden van de themagroepen") in found
    assert ("Heading 3", "Afspraken") in found and ("Heading 3", "Actiepunten") in found
    text = all_text(document)
    assert "Ja, in Gemeente B wel" in text and "Casusoverleg" in text
    assert names_found(data) == []


@pytest.fixture
def server_in_utc() -> Iterator[None]:
    """The process runs with TZ=UTC (as in most containers), restored afterwards."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_opgesteld_is_amsterdam_wall_clock_time_on_a_server_in_utc(
    db: Session, catalog: Catalog, scans: ScanFactory, server_in_utc: None
) -> None:
    meeting = scans.meeting()
    amsterdam = ZoneInfo("Europe/Amsterdam")
    before = dt.datetime.now(amsterdam)
    text = all_text(open_docx(verslag(db, catalog, meeting)))
    after = dt.datetime.now(amsterdam)
    expected = {f"{dutch_date(t.date(), weekday=False)} om {t:%H:%M}" for t in (before, after)}
    assert any(stamp in text for stamp in expected), text[:400]
    utc = {f"om {t.astimezone(dt.UTC):%H:%M}" for t in (before, after)}
    assert not any(stamp in text for stamp in utc)
