"""The follow-up data (wheel, theme groups, agreements, drafted plans) in the verslag and the plan van aanpak."""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass

import docx
import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.catalog.loader import Catalog
from app.exports import followup, plan, service
from app.exports.followup_sources import drafted_plan_rows, followup_for_minutes
from app.exports.scan import percent
from app.followup import agreements, themes
from app.followup import plan as plan_service
from app.meetings.models import Meeting
from app.wheel import service as wheel_service
from app.zelfscan.results import build_results
from tests.conftest import sign_in
from tests.support.scans import EXPORT_SECRET, NAMES, ScanFactory, names_found, status_for, zip_texts

NOTE = "In Bussum loopt het casusoverleg al goed, daar kunnen we van leren."
AGREEMENT = "Volgende regiobijeenkomst in maart plannen"
ACTION = "Concept plan van aanpak rondsturen"
KNELPUNTEN = "Geen gedeeld risicotaxatie-instrument"
MAATREGEL = "Gezamenlijk instrument voor veiligheidsbeoordeling invoeren"
KOSTEN = "EUR 12.000 voor scholing"


@dataclass
class FollowUpMeeting:
    start: Meeting
    meeting: Meeting
    drawn_question: str
    bussum_id: int


def _follow_up(db: Session, catalog: Catalog, scans: ScanFactory, privacy_mode: str = "anonymised") -> FollowUpMeeting:
    start = scans.meeting()
    scans.fill(start)
    meeting = scans.meeting(agenda_key="follow-up", scan_source_id=start.id, privacy_mode=privacy_mode)
    scans.fill(meeting)
    spin = wheel_service.spin(session=db, meeting=meeting, rng=random.Random(3), now=1.0, by="gespreksleider")
    wheel_service.save_note(session=db, meeting=meeting, question_id=spin.question_id, text=NOTE, now=2.0)
    drawn = wheel_service.wheel_view(session=db, meeting=meeting).drawn[0].question.text
    agreements.add_agreement(session=db, meeting=meeting, kind="agreement", what=AGREEMENT, who="", when="", now=3.0)
    agreements.add_agreement(
        session=db, meeting=meeting, kind="action", what=ACTION, who="Castricum", when="15 januari", now=4.0
    )
    theme = themes.add_theme(
        session=db,
        meeting=meeting,
        question_set=catalog.question_set(meeting.question_set_key),
        title="Zicht op veiligheid",
        standards="4,5",
    )
    themes.update_theme_answer(
        session=db,
        theme=theme,
        base_version=0,
        changes={"knelpunten": KNELPUNTEN, "quick_win": "Casusoverleg", "kosten": "ja"},
        now=5.0,
    )
    bussum = scans.municipalities(meeting)["Bussum"]
    plan_service.add_plan_row(
        session=db,
        meeting=meeting,
        municipality_id=bussum.id or 0,
        question_set=catalog.question_set(meeting.question_set_key),
        group="4-5-7-8",
        values={
            "maatregel": MAATREGEL,
            "huidige_stand": "Ieder team gebruikt een eigen lijst",
            "kosten": KOSTEN,
            "prioriteit": "hoog",
            "wie": "Teamleider Bussum",
        },
        now=6.0,
    )
    return FollowUpMeeting(start, meeting, drawn, bussum.id or 0)


def _document_xml(data: bytes) -> str:
    return zip_texts(data)["word/document.xml"]


def test_sources_are_registered_once_and_return_nothing_for_a_meeting_without_follow_up(
    db: Session, scans: ScanFactory
) -> None:
    assert followup._SOURCES.count(followup_for_minutes) == 1
    assert plan._SOURCES.count(drafted_plan_rows) == 1
    plain = scans.meeting()
    assert followup_for_minutes(db, plain) is None
    bussum = scans.municipalities(plain)["Bussum"]
    assert drafted_plan_rows(db, plain, bussum.id) is None
    assert drafted_plan_rows(db, plain, None) is None


def test_verslag_docx_has_wheel_notes_theme_answers_agreements_and_actions(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    data = _follow_up(db, catalog, scans, privacy_mode="named")
    xml = _document_xml(service.verslag_docx(session=db, catalog=catalog, meeting=data.meeting).content)
    assert "Rad van Fortuin: getrokken vragen" in xml
    assert data.drawn_question.split()[0] in xml
    assert NOTE in xml
    assert "Zicht op veiligheid" in xml and KNELPUNTEN in xml and "Casusoverleg" in xml
    assert AGREEMENT in xml and ACTION in xml and "15 januari" in xml and "Castricum" in xml


def test_verslag_html_has_the_follow_up_sections(
    http: TestClient, bearer: dict[str, str], app_scans: ScanFactory
) -> None:
    data = _follow_up(app_scans.session, app_scans.catalog, app_scans)
    page = http.get(f"/organisator/bijeenkomsten/{data.meeting.id}/export/verslag", headers=bearer)
    assert page.status_code == 200
    assert "Rad van Fortuin: getrokken vragen" in page.text and "loopt het casusoverleg al goed" in page.text
    assert KNELPUNTEN in page.text and AGREEMENT in page.text and ACTION in page.text and "15 januari" in page.text
    assert "Bussum" not in page.text and "Castricum" not in page.text  # anonymised: names in free text are redacted


@pytest.mark.parametrize("mode", ["anonymised", "regional"])
def test_municipality_names_typed_into_follow_up_text_are_redacted(
    db: Session, catalog: Catalog, scans: ScanFactory, mode: str
) -> None:
    data = _follow_up(db, catalog, scans)
    verslag = service.verslag_docx(session=db, catalog=catalog, meeting=data.meeting, privacy=mode).content
    xml = _document_xml(verslag)
    assert "loopt het casusoverleg al goed" in xml
    assert names_found(verslag) == []
    plan_file = service.plan_docx(
        session=db, catalog=catalog, meeting=data.meeting, municipality_id=data.bussum_id, privacy=mode
    ).content
    assert MAATREGEL in _document_xml(plan_file)
    # Bussum's own plan names Bussum in every mode; the other municipalities stay hidden.
    assert {name for _part, name in names_found(plan_file)} == {"Bussum"}


def test_plan_of_a_municipality_uses_its_drafted_rows_with_kosten_and_priority(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    data = _follow_up(db, catalog, scans)
    xml = _document_xml(
        service.plan_docx(session=db, catalog=catalog, meeting=data.meeting, municipality_id=data.bussum_id).content
    )
    assert (
        MAATREGEL in xml
        and KOSTEN in xml
        and "Prioriteit: hoog" in xml
        and "Ieder team gebruikt een eigen lijst" in xml
    )
    assert "Opgesteld in de bijeenkomst" in xml
    assert "Toelichting Gemeente B vraag" not in xml  # not the pre-fill from niet op orde answers


def test_plan_without_drafted_rows_keeps_the_pre_fill(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    data = _follow_up(db, catalog, scans)
    amstelveen = scans.municipalities(data.meeting)["Amstelveen"]
    xml = _document_xml(
        service.plan_docx(session=db, catalog=catalog, meeting=data.meeting, municipality_id=amstelveen.id).content
    )
    assert MAATREGEL not in xml and "Eerste aanzet" in xml
    region = _document_xml(
        service.plan_docx(session=db, catalog=catalog, meeting=data.meeting, municipality_id=None).content
    )
    assert MAATREGEL not in region  # Bussum's row is local: the regional plan holds only rows marked regionaal


def test_organiser_meeting_page_links_to_the_exports(http: TestClient, app_scans: ScanFactory) -> None:
    meeting = app_scans.meeting(names=NAMES)
    sign_in(http, EXPORT_SECRET)
    page = http.get(f"/organisator/bijeenkomsten/{meeting.id}")
    assert page.status_code == 200
    assert "Verslag en exports" in page.text and f'href="/organisator/bijeenkomsten/{meeting.id}/export"' in page.text


def _docx_text(data: bytes) -> tuple[str, list[list[list[str]]]]:
    document = docx.Document(io.BytesIO(data))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return "\n".join(p.text for p in document.paragraphs), tables


def test_every_follow_up_document_shows_the_startbijeenkomst_figures_and_date(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    start = scans.meeting(privacy_mode="named")
    scans.fill(start)
    follow_up = scans.meeting(
        agenda_key="follow-up", privacy_mode="named", date=dt.date(2027, 2, 1), scan_source_id=start.id
    )
    bussum = scans.municipalities(follow_up)["Bussum"]
    op_orde = sum(1 for q in range(1, 32) if status_for(q, 1) == "op_orde")  # Bussum is second: position 1
    expected = build_results(
        session=db, meeting=start, question_set=catalog.question_set(start.question_set_key), mode="named"
    )
    bussum_scores = next(m.scores for m in expected.municipalities if m.label == "Bussum")

    # The verslag: the results of the startbijeenkomst, with its date.
    text, tables = _docx_text(service.verslag_docx(session=db, catalog=catalog, meeting=follow_up).content)
    assert "Resultaten uit: de zelfscan van 1 december 2026" in text
    scores = next(t for t in tables if t[0][0] == "Gemeente" and t[0][1].startswith("St."))
    row = next(r for r in scores if r[0] == "Bussum")
    assert row[1:] == [percent(bussum_scores[int(h.removeprefix("St. "))]) for h in scores[0][1:]]
    assert any(value != "0%" for value in row[1:])

    # The workbook: the figures of the startbijeenkomst and the date of its scan.
    wb = openpyxl.load_workbook(
        io.BytesIO(service.results_xlsx(session=db, catalog=catalog, meeting=follow_up).content)
    )
    assert "1 december 2026" in str(wb["Overzicht"]["A1"].value)
    answers = [wb["Bussum"].cell(row=r, column=5).value for r in range(7, 38)]
    assert answers.count("Op orde") == op_orde
    settings = {row[0]: row[1] for row in wb["Vragenset"].iter_rows(min_row=1, max_row=12, values_only=True)}
    assert settings["Zelfscan van"] == "1 december 2026"

    # The plan van aanpak of a municipality: its own figures in the startbijeenkomst, pre-filled from them.
    text, tables = _docx_text(
        service.plan_docx(session=db, catalog=catalog, meeting=follow_up, municipality_id=bussum.id).content
    )
    assert f"{op_orde} van de 31 vragen zijn op orde" in text
    assert "op dinsdag 1 december 2026 in de regio" in text
    assert "Gebaseerd op: nulmeting van 1 december 2026" in text
    assert any("Toelichting Bussum vraag" in cell for table in tables for row in table for cell in row)

    # The regional plan: the regional figures of the startbijeenkomst.
    text, tables = _docx_text(
        service.plan_docx(session=db, catalog=catalog, meeting=follow_up, municipality_id=None).content
    )
    assert "van 3 gemeenten niet op orde" in text
    assert "Geen vragen die regiobreed niet op orde zijn." not in text
