"""Importing results: the exported workbook round-trips; a bad file is refused whole."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlmodel import Session, func, select

from app.catalog.loader import Catalog
from app.exports import service
from app.exports.importer import ImportRefused
from app.meetings.models import Meeting
from app.zelfscan.models import AnswerChange, RoomAnswer
from app.zelfscan.results import build_results
from tests.support.scans import NAMES, ScanFactory


def export(session: Session, catalog: Catalog, meeting: Meeting, privacy: str = "named") -> bytes:
    return service.results_xlsx(session=session, catalog=catalog, meeting=meeting, privacy=privacy).content


def do_import(session: Session, catalog: Catalog, meeting: Meeting, data: bytes, filename: str = "resultaten.xlsx"):  # type: ignore[no-untyped-def]
    return service.import_file(session=session, catalog=catalog, meeting=meeting, filename=filename, data=data)


def snapshot(session: Session, meeting: Meeting) -> list[tuple[object, ...]]:
    answers = session.exec(
        select(RoomAnswer)
        .where(RoomAnswer.meeting_id == meeting.id)
        .order_by(RoomAnswer.municipality_id, RoomAnswer.question)
    )
    changes = session.exec(
        select(func.count()).select_from(AnswerChange).where(AnswerChange.meeting_id == meeting.id)
    ).one()
    return [(a.municipality_id, a.question, a.status, a.toelichting, a.nuancering, a.version) for a in answers] + [
        ("changes", changes)
    ]


def scores(session: Session, catalog: Catalog, meeting: Meeting) -> tuple[object, ...]:
    results = build_results(
        session=session, meeting=meeting, question_set=catalog.question_set(meeting.question_set_key), mode="named"
    )
    return tuple((m.label, m.scores, m.statuses) for m in results.municipalities), results.regional


def modified(data: bytes, sheet: str, cell: str, value: object) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb[sheet][cell] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_exported_workbook_imports_into_a_fresh_meeting_with_identical_scores(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    source = scans.meeting(privacy_mode="named")
    scans.fill(source, toelichting="=cmd() {name} {q}", nuancering="+ nuance {q}")
    checklist = db.exec(select(RoomAnswer).where(RoomAnswer.meeting_id == source.id, RoomAnswer.question == 14)).first()
    assert checklist is not None
    checklist.checklist = ["a", "c", "g"]
    db.add(checklist)
    db.commit()
    target = scans.meeting(privacy_mode="anonymised")
    report = do_import(db, catalog, target, export(db, catalog, source))
    assert report.rows == 31 * len(NAMES) and report.municipalities == len(NAMES)
    assert scores(db, catalog, target) == scores(db, catalog, source)
    texts = {
        (a.question, a.toelichting, a.nuancering)
        for a in db.exec(select(RoomAnswer).where(RoomAnswer.meeting_id == target.id))
    }
    assert (1, "=cmd() Amstelveen 1", "+ nuance 1") in texts
    imported = db.exec(
        select(RoomAnswer).where(
            RoomAnswer.meeting_id == target.id, RoomAnswer.question == 14, RoomAnswer.municipality_id != 0
        )
    )
    assert sorted(a.checklist for a in imported) == sorted([["a", "c", "g"], [], []])
    changes = list(db.exec(select(AnswerChange).where(AnswerChange.meeting_id == target.id)))
    assert changes and all(change.participant_id is None for change in changes)
    # Importing the same file again changes nothing.
    again = do_import(db, catalog, target, export(db, catalog, source))
    assert again.answers_changed == 0


def test_csv_with_one_row_per_municipality_and_question_is_imported(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    meeting = scans.meeting()
    csv_text = (
        "Gemeente;Vraag;Antwoord;Toelichting;Nuancering\n"
        "Bussum;1;op orde;Goed geregeld;\n"
        'bussum;2;Niet op orde;"Nog niet; loopt";klein team\n'
        "Castricum;3;open;;\n"
    )
    report = do_import(db, catalog, meeting, csv_text.encode("utf-8-sig"), "scan.csv")
    assert report.rows == 3 and report.answers_changed == 2  # open without text changes nothing
    answers = {
        (a.question, a.status, a.toelichting, a.nuancering)
        for a in db.exec(select(RoomAnswer).where(RoomAnswer.meeting_id == meeting.id))
    }
    assert answers == {(1, "op_orde", "Goed geregeld", ""), (2, "niet_op_orde", "Nog niet; loopt", "klein team")}


def test_bad_csv_is_refused_whole_with_row_and_column(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting()
    before = snapshot(db, meeting)
    csv_text = (
        "gemeente,vraag,antwoord,toelichting\nBussum,1,op orde,prima\nBussum,2,misschien,\nCastricum,40,op orde,\n"
    )
    with pytest.raises(ImportRefused) as refused:
        do_import(db, catalog, meeting, csv_text.encode(), "scan.csv")
    message = refused.value.message
    assert message.startswith("Het bestand is niet ingelezen; er is niets veranderd. 2 problemen")
    assert "Bestand 'scan.csv', rij 3, kolom C (antwoord): 'misschien' is geen geldig antwoord" in message
    assert "Bestand 'scan.csv', rij 4, kolom B (vraag): '40' is geen vraagnummer (1 t/m 31)" in message
    assert snapshot(db, meeting) == before


def test_bad_workbook_cell_is_refused_with_sheet_row_and_column(
    db: Session, catalog: Catalog, scans: ScanFactory
) -> None:
    source = scans.meeting(privacy_mode="named")
    scans.fill(source)
    target = scans.meeting(privacy_mode="named")
    scans.answer(target, "Castricum", 5, "op_orde", toelichting="al ingevuld")
    before = snapshot(db, target)
    data = modified(export(db, catalog, source), "Bussum", "E10", "half")  # question 4's answer
    with pytest.raises(ImportRefused) as refused:
        do_import(db, catalog, target, data)
    assert "Blad 'Bussum', rij 10, kolom E (Antwoord): 'half' is geen geldig antwoord" in refused.value.message
    assert snapshot(db, target) == before


def test_formula_in_the_workbook_is_refused(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    source = scans.meeting(privacy_mode="named")
    scans.fill(source)
    target = scans.meeting(privacy_mode="named")
    data = modified(export(db, catalog, source), "Amstelveen", "F7", "=1+1")
    with pytest.raises(ImportRefused) as refused:
        do_import(db, catalog, target, data)
    assert "Blad 'Amstelveen', rij 7, kolom F (Toelichting): bevat een formule" in refused.value.message
    assert snapshot(db, target) == [("changes", 0)]


def test_unknown_municipality_is_refused_not_created(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting()
    with pytest.raises(ImportRefused) as refused:
        do_import(db, catalog, meeting, b"gemeente,vraag,antwoord\nBussum,1,op orde\nHuizen,1,op orde\n", "scan.csv")
    assert "rij 3, kolom A (gemeente): gemeente 'Huizen' hoort niet bij deze bijeenkomst" in refused.value.message
    assert len(scans.municipalities(meeting)) == len(NAMES)
    assert snapshot(db, meeting) == [("changes", 0)]


def test_workbook_from_an_anonymised_export_is_refused(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    source = scans.meeting(privacy_mode="named")
    scans.fill(source)
    target = scans.meeting()
    with pytest.raises(ImportRefused) as refused:
        do_import(db, catalog, target, export(db, catalog, source, privacy="anonymised"))
    assert "Blad 'Vragenset', rij 6, kolom B (Privacystand (code))" in refused.value.message
    assert "zonder namen" in refused.value.message


def test_workbook_of_another_question_set_version_is_refused(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    source = scans.meeting(privacy_mode="named")
    scans.fill(source)
    data = modified(export(db, catalog, source), "Vragenset", "B4", 2)
    with pytest.raises(ImportRefused) as refused:
        do_import(db, catalog, scans.meeting(), data)
    assert "Blad 'Vragenset', rij 4, kolom B (Versie): dit bestand gebruikt versie 2" in refused.value.message


@pytest.mark.parametrize(
    ("content", "filename", "expected"),
    [
        (
            b"gemeente,vraag,antwoord\nBussum,1,op orde\nBussum,1,open\n",
            "a.csv",
            "rij 3, kolom B (vraag): vraag 1 van Bussum staat twee keer in het bestand (ook in bestand 'a.csv', rij 2)",
        ),
        (b"gemeente,vraag,antwoord,opmerking\n", "a.csv", "rij 1, kolom D: onbekende kolom 'opmerking'"),
        (b"gemeente,antwoord\n", "a.csv", "rij 1: de kolom(men) vraag ontbreken"),
        (b"PK\x03\x04 niet echt een werkmap", "a.xlsx", "dit is geen geldig Excel-bestand"),
        (b"%PDF-1.7", "a.pdf", "alleen een Excel-bestand (.xlsx"),
        (b"", "a.csv", "het bestand is leeg"),
        (b"gemeente,vraag,antwoord\n", "a.csv", "er staan geen antwoorden in"),
    ],
)
def test_malformed_files_are_refused_with_a_dutch_message(
    db: Session, catalog: Catalog, scans: ScanFactory, content: bytes, filename: str, expected: str
) -> None:
    meeting = scans.meeting()
    with pytest.raises(ImportRefused) as refused:
        do_import(db, catalog, meeting, content, filename)
    assert expected in refused.value.message
    assert snapshot(db, meeting) == [("changes", 0)]


def test_long_text_is_refused(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting()
    content = ("gemeente,vraag,antwoord,toelichting\nBussum,1,op orde," + "x" * 4001 + "\n").encode()
    with pytest.raises(ImportRefused) as refused:
        do_import(db, catalog, meeting, content, "a.csv")
    assert "rij 2, kolom D (toelichting): de tekst is te lang (4001 tekens, maximaal 4000)" in refused.value.message


def test_the_change_log_of_an_import_keeps_the_old_values(db: Session, catalog: Catalog, scans: ScanFactory) -> None:
    meeting = scans.meeting()
    scans.answer(meeting, "Bussum", 1, "niet_op_orde", toelichting="Nog niet geregeld")
    csv_text = "gemeente;vraag;antwoord;toelichting\nBussum;1;op orde;Convenant getekend\nBussum;2;niet op orde;Loopt\n"
    report = do_import(db, catalog, meeting, csv_text.encode("utf-8"), "scan.csv")
    assert report.answers_changed == 2 and report.changes == 4
    changes = {
        (c.question, c.field): (c.old, c.new)
        for c in db.exec(select(AnswerChange).where(AnswerChange.meeting_id == meeting.id))
    }
    assert changes == {
        (1, "status"): ("niet_op_orde", "op_orde"),
        (1, "toelichting"): ("Nog niet geregeld", "Convenant getekend"),
        (2, "status"): ("open", "niet_op_orde"),
        (2, "toelichting"): ("", "Loopt"),
    }
    answer = db.exec(select(RoomAnswer).where(RoomAnswer.meeting_id == meeting.id, RoomAnswer.question == 1)).one()
    assert (answer.version, answer.field_versions) == (2, {"status": 2, "toelichting": 2})
