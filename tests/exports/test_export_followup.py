"""The follow-up data (wheel, theme groups, agreements, drafted plans) in the verslag and the plan van aanpak."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.catalog.loader import Catalog
from app.exports import followup, plan, service
from app.exports.followup_sources import drafted_plan_rows, followup_for_minutes
from app.followup import agreements, themes
from app.followup import plan as plan_service
from app.meetings.models import Meeting
from app.wheel import service as wheel_service
from tests.support.scans import NAMES, ScanFactory, names_found, zip_texts

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
    meeting = scans.meeting(agenda_key="follow-up", previous_meeting_id=start.id, privacy_mode=privacy_mode)
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
    page = http.get(f"/organisator/meetings/{data.meeting.id}/export/verslag", headers=bearer)
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
    assert names_found(plan_file) == []


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
    assert MAATREGEL not in region and "Eerste aanzet" in region


def test_organiser_meeting_page_links_to_the_exports(http: TestClient, app_scans: ScanFactory) -> None:
    meeting = app_scans.meeting(names=NAMES)
    http.cookies.set("zs_organiser", "test-secret-123456")
    page = http.get(f"/organisator/bijeenkomsten/{meeting.id}")
    assert page.status_code == 200
    assert "Verslag en exports" in page.text and f'href="/organisator/meetings/{meeting.id}/export"' in page.text
