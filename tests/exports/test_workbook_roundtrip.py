"""Export, then import: an untouched workbook changes nothing, line breaks survive, a sheet of notes
is skipped with a notice, an edited answer is read from its cell (never from a formula), and an
import into a follow-up lands in its startbijeenkomst."""

from __future__ import annotations

import io

import openpyxl
from sqlmodel import Session, func, select

from app.catalog.loader import Catalog
from app.exports import service
from app.exports.importer import ImportReport
from app.meetings.models import Meeting
from app.zelfscan.models import AnswerChange, RoomAnswer
from tests.support.scans import ScanFactory

# What participants type and paste: control characters, Windows line ends, trailing spaces, formulas.
AWKWARD = (
    "Eerste regel\nTweede regel",
    "Geplakt\x0buit\x0cWord",
    "Windows\r\nregel",
    "spaties aan het eind   ",
    "  en aan het begin",
    "=SOM(A1:A3) is geen formule",
    "-  opsomming\n- tweede punt",
    "tab\tin de tekst",
    "",
)


def export(session: Session, catalog: Catalog, meeting: Meeting) -> bytes:
    return service.results_xlsx(session=session, catalog=catalog, meeting=meeting, privacy="named").content


def do_import(session: Session, catalog: Catalog, meeting: Meeting, data: bytes) -> ImportReport:
    return service.import_file(session=session, catalog=catalog, meeting=meeting, filename="resultaten.xlsx", data=data)


def change_count(session: Session, meeting: Meeting) -> int:
    return session.exec(
        select(func.count()).select_from(AnswerChange).where(AnswerChange.meeting_id == meeting.id)
    ).one()


def answers(session: Session, meeting: Meeting) -> dict[tuple[int, int], RoomAnswer]:
    return {
        (a.municipality_id, a.question): a
        for a in session.exec(select(RoomAnswer).where(RoomAnswer.meeting_id == meeting.id))
    }


def with_sheets(data: bytes, edit: dict[tuple[str, str], object], notes: bool = False) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for (sheet, cell), value in edit.items():
        wb[sheet][cell] = value
    if notes:
        ws = wb.create_sheet("Notities")
        ws["A1"], ws["A2"], ws["B2"] = "Aantekeningen na de bijeenkomst", "Bespreken", "=1+1"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def awkward_meeting(scans: ScanFactory) -> Meeting:
    meeting = scans.meeting(privacy_mode="named")
    scans.fill(meeting)
    for (m_id, question), answer in answers(scans.session, meeting).items():
        answer.toelichting = AWKWARD[question % len(AWKWARD)]
        answer.nuancering = AWKWARD[(question + m_id) % len(AWKWARD)]
        if question == 14:
            answer.checklist = ["g", "a", "c"]  # stored out of order
        scans.session.add(answer)
    scans.session.commit()
    return meeting


def test_an_untouched_export_reimports_with_no_changes(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = awkward_meeting(scans)
    before = {k: (a.version, a.toelichting, a.nuancering) for k, a in answers(db, meeting).items()}
    changes = change_count(db, meeting)
    report = do_import(db, catalog, meeting, export(db, catalog, meeting))
    assert (report.answers_changed, report.changes) == (0, 0)
    assert "0 antwoorden gewijzigd" in report.message()
    assert {k: (a.version, a.toelichting, a.nuancering) for k, a in answers(db, meeting).items()} == before
    assert change_count(db, meeting) == changes


def test_line_breaks_survive_the_round_trip_into_a_fresh_meeting(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    source = awkward_meeting(scans)
    target = scans.meeting(privacy_mode="named")
    do_import(db, catalog, target, export(db, catalog, source))
    texts = {a.toelichting for a in answers(db, target).values()}
    assert "Eerste regel\nTweede regel" in texts
    assert "Windows\nregel" in texts
    assert "-  opsomming\n- tweede punt" in texts
    assert "=SOM(A1:A3) is geen formule" in texts
    # Exporting the imported meeting and importing it again is stable too.
    again = do_import(db, catalog, target, export(db, catalog, target))
    assert again.answers_changed == 0


def test_a_sheet_of_notes_is_skipped_with_a_notice_and_the_answers_are_read(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    meeting = scans.meeting(privacy_mode="named")
    scans.fill(meeting)
    bussum = scans.municipalities(meeting)["Bussum"]
    data = with_sheets(export(db, catalog, meeting), {("Bussum", "E7"): "Op orde"}, notes=True)
    report = do_import(db, catalog, meeting, data)
    assert report.answers_changed == 1
    assert "Blad 'Notities' overgeslagen" in report.message()
    assert answers(db, meeting)[(bussum.id or 0, 1)].status == "op_orde"


def test_the_app_formulas_are_never_read_as_answers(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting(privacy_mode="named")
    scans.fill(meeting)
    # Someone overwrites a score and an overview cell: those are the app's formulas, not answers.
    data = with_sheets(export(db, catalog, meeting), {("Bussum", "K2"): 1, ("Overzicht", "B6"): "veel"})
    report = do_import(db, catalog, meeting, data)
    assert report.answers_changed == 0 and report.notices == []


def test_an_import_into_a_follow_up_lands_in_its_startbijeenkomst(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    start = scans.meeting(privacy_mode="named")
    scans.fill(start)
    follow_up = scans.meeting(agenda_key="follow-up", scan_source_id=start.id, privacy_mode="named")
    bussum = scans.municipalities(start)["Bussum"]
    data = with_sheets(export(db, catalog, follow_up), {("Bussum", "E7"): "Op orde", ("Bussum", "F7"): "Na afloop"})
    report = do_import(db, catalog, follow_up, data)
    assert report.answers_changed == 1 and report.meeting_id == start.id
    assert "startbijeenkomst" in report.message()
    answer = answers(db, start)[(bussum.id or 0, 1)]
    assert (answer.status, answer.toelichting) == ("op_orde", "Na afloop")
    assert answers(db, follow_up) == {}
