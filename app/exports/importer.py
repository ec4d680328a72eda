"""Importing results kept elsewhere into a meeting: the workbook this app exports, or a CSV file
with one row per municipality and question (gemeente, vraag, antwoord, toelichting, nuancering).

A follow-up takes its results from its startbijeenkomst, so an import into a follow-up is written
into that startbijeenkomst (the report says so). Sheets that are not the app's and not a
municipality's (a "Notities" sheet someone added) are skipped with a notice; the formulas the app
wrote (scores, overview) are never read, only the answer cells. Free text is compared as the
workbook stores it (`cell_text`), so re-importing an untouched export changes nothing.

A file with any problem is refused whole, with Dutch messages naming the sheet (or file), the row
and the column; nothing is half-imported (all answers are written in one transaction). Unknown
municipalities are refused, not created: a typo would otherwise add a municipality that breaks the
comparison with earlier scans; add a late municipality on the meeting page first. Every imported
change is kept in AnswerChange with participant_id None (no participant made it).

A file is untrusted: sizes are capped before and while it is read (upload, unpacked workbook,
sheets, rows as they stream in), any DOCTYPE or entity in the workbook's XML is refused before
openpyxl parses it, and every parser error is the same Dutch refusal, never a 500.
"""

from __future__ import annotations

import io
import logging
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlmodel import Session

from app.catalog.loader import Catalog
from app.core.dutch import dutch_date
from app.core.errors import Conflict
from app.core.versioning import write_versioned
from app.exports import workbook as layout
from app.exports.import_csv import MAX_CSV_ROWS, read_csv
from app.exports.import_rows import ImportedAnswer, ImportRefused, Reader, as_text, name_key
from app.exports.xlsx_tools import cell_text
from app.meetings.models import Meeting
from app.meetings.service import municipalities_of
from app.zelfscan.answers import FIELD_LABELS, log_changes
from app.zelfscan.models import RoomAnswer
from app.zelfscan.results import answers_by_municipality, scan_links

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 10 * MAX_IMPORT_BYTES  # a workbook's parts together, unzipped
MAX_PARTS = 1000  # files inside a workbook
MAX_SHEETS = 100  # one per municipality (at most 60) and three of the app's own
MAX_SHEET_ROWS = 1000  # a municipality's sheet: a few heading rows and one row per question
logger = logging.getLogger(__name__)
# Re-exported: the routes, the tests and the benchmark know the importer by these names.
__all__ = ["MAX_CSV_ROWS", "MAX_IMPORT_BYTES", "ImportRefused", "ImportReport", "import_results"]


@dataclass
class ImportReport:
    rows: int
    municipalities: int
    answers_changed: int
    changes: int
    meeting_id: int = 0  # the meeting written into: the meeting itself, or a follow-up's startbijeenkomst
    into: str = ""  # where the answers went when that is not the meeting itself
    notices: list[str] = field(default_factory=list)  # what was skipped, e.g. a sheet of notes

    def message(self) -> str:
        """A Dutch summary for the organiser."""
        where = f" (in {self.into})" if self.into else ""
        text = (
            f"Ingelezen{where}: {self.rows} antwoorden van {self.municipalities} gemeenten; "
            f"{self.answers_changed} antwoorden gewijzigd."
        )
        return " ".join([text, *self.notices])


def import_results(
    *, session: Session, catalog: Catalog, meeting: Meeting, filename: str, data: bytes, now: float | None = None
) -> ImportReport:
    """Read a results file and write its answers into `meeting` (a follow-up's startbijeenkomst), all or nothing."""
    target = scan_links(session=session, meeting=meeting).scan
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused([f"Bestand '{filename}': het bestand is groter dan {MAX_IMPORT_BYTES // (1024 * 1024)} MB"])
    if not data:
        raise ImportRefused([f"Bestand '{filename}': het bestand is leeg"])
    reader = Reader(
        question_set=catalog.question_set(target.question_set_key),
        municipalities={name_key(m.name): m for m in municipalities_of(session=session, meeting=target)},
    )
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        _read_workbook(reader, target, filename, data)
    elif filename.lower().endswith((".csv", ".txt")):
        read_csv(reader, filename, data)
    else:
        raise ImportRefused(
            [
                f"Bestand '{filename}': alleen een Excel-bestand (.xlsx, zoals Zelfscan Live het exporteert) of een "
                "CSV-bestand (.csv) kan worden ingelezen"
            ]
        )
    if reader.problems:
        raise ImportRefused(reader.problems)
    if not reader.items:
        raise ImportRefused([f"Bestand '{filename}': er staan geen antwoorden in"])
    report = _apply(session, target, reader.items, now or time.time())
    report.notices = reader.notices
    if target.id != meeting.id:
        report.into = f"de startbijeenkomst van {dutch_date(target.date, weekday=False)}"
    return report


@contextmanager
def _parsing(where: str) -> Iterator[None]:
    """openpyxl's errors on a damaged or hostile file (of many kinds) as the Dutch refusal."""
    try:
        yield
    except ImportRefused:
        raise
    except Exception as exc:  # the parser's error surface on crafted input is open-ended
        logger.info("import refused, %s: %r", where, exc)
        raise ImportRefused(
            [f"{where}: dit is geen geldig Excel-bestand (.xlsx); de inhoud is beschadigd of niet te lezen"]
        ) from None


def _check_package(filename: str, data: bytes) -> None:
    """Refuse a workbook that unpacks too large or whose XML has a DOCTYPE or entity, before openpyxl reads it."""
    source = f"Bestand '{filename}'"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportRefused([f"{source}: dit is geen geldig Excel-bestand (.xlsx)"]) from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
            raise ImportRefused(
                [f"{source}: het bestand is uitgepakt groter dan {MAX_UNPACKED_BYTES // (1024 * 1024)} MB"]
            )
        for part in parts:
            with _parsing(source), archive.open(part) as stream:
                try:
                    # A DOCTYPE (and so any entity) comes before the root element: reading up to it is enough.
                    next(iter(iterparse(stream, events=("start",), forbid_dtd=True)), None)
                except DefusedXmlException:
                    raise ImportRefused(
                        [
                            f"{source}: het onderdeel '{part.filename}' bevat een DOCTYPE of entiteit; zo'n bestand "
                            "wordt niet ingelezen (sla het opnieuw op vanuit Excel of exporteer opnieuw)"
                        ]
                    ) from None
                except ParseError:
                    continue  # not XML (an image, printer settings); openpyxl refuses a damaged part it needs


def _rows(ws: Any, sheet: str, *, max_row: int | None = None, max_col: int) -> list[tuple[Any, ...]]:
    """The sheet's rows as they stream in, every one whatever its <dimension> claims, at most MAX_SHEET_ROWS."""
    ws.reset_dimensions()
    rows: list[tuple[Any, ...]] = []
    with _parsing(sheet):
        for row in ws.iter_rows(max_row=max_row, max_col=max_col):
            if len(rows) == MAX_SHEET_ROWS:
                raise ImportRefused(
                    [f"{sheet}: het blad heeft meer dan {MAX_SHEET_ROWS} rijen; zoveel vragen heeft geen vragenset"]
                )
            rows.append(row)
    return rows


def _read_workbook(reader: Reader, meeting: Meeting, filename: str, data: bytes) -> None:
    _check_package(filename, data)
    with _parsing(f"Bestand '{filename}'"):
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        if len(wb.sheetnames) > MAX_SHEETS:
            raise ImportRefused([f"Bestand '{filename}': het bestand heeft meer dan {MAX_SHEETS} bladen"])
        if layout.QUESTION_SET not in wb.sheetnames:
            raise ImportRefused(
                [
                    f"Bestand '{filename}': het blad '{layout.QUESTION_SET}' ontbreekt; alleen een werkmap die "
                    "Zelfscan Live heeft geëxporteerd kan worden ingelezen (of gebruik CSV)"
                ]
            )
        _check_settings(reader, meeting, _sheet(wb, layout.QUESTION_SET))
        read = 0
        skipped: list[str] = []
        for name in wb.sheetnames:
            if name in layout.APP_SHEETS:
                continue  # the app's own sheets: formulas and descriptions, never answers
            if _read_sheet(reader, name, _sheet(wb, name)):
                read += 1
            else:
                skipped.append(f"'{name}'")
        if skipped:
            noun = "Blad" if len(skipped) == 1 else "Bladen"
            reader.notices.append(
                f"{noun} {', '.join(skipped)} overgeslagen: daar staat geen gemeente in cel A2/B2 (geen blad met "
                "antwoorden)."
            )
        if not read:
            reader.problem(f"Bestand '{filename}'", "er staat geen blad per gemeente in")
    finally:
        wb.close()


def _sheet(wb: Any, name: str) -> Any:
    with _parsing(f"Blad '{name}'"):
        return wb[name]  # read-only: opening a sheet already reads the start of its XML


def _check_settings(reader: Reader, meeting: Meeting, ws: Any) -> None:
    sheet = f"Blad '{layout.QUESTION_SET}'"
    found: dict[str, tuple[object, int]] = {}
    for row_number, cells in enumerate(_rows(ws, sheet, max_row=20, max_col=2), start=1):
        row = tuple(cell.value for cell in cells)
        if row and row[0] in layout.SETTINGS_KEYS.values():
            found[str(row[0])] = (row[1] if len(row) > 1 else None, row_number)
    for key in layout.SETTINGS_KEYS.values():
        if key not in found:
            reader.problem(sheet, f"de regel '{key}' ontbreekt")
    if reader.problems:
        return
    set_key, key_row = found[layout.SETTINGS_KEYS["key"]]
    version, version_row = found[layout.SETTINGS_KEYS["version"]]
    mode, mode_row = found[layout.SETTINGS_KEYS["mode"]]
    if as_text(set_key) != meeting.question_set_key:
        reader.problem(
            f"{sheet}, rij {key_row}, kolom B (Sleutel)",
            f"dit bestand gebruikt vragenset '{as_text(set_key)}', deze bijeenkomst '{meeting.question_set_key}'; "
            "antwoorden uit verschillende vragensets zijn niet vergelijkbaar",
        )
    elif as_text(version) != str(meeting.question_set_version):
        reader.problem(
            f"{sheet}, rij {version_row}, kolom B (Versie)",
            f"dit bestand gebruikt versie {as_text(version)} van de vragenset, deze bijeenkomst versie "
            f"{meeting.question_set_version}",
        )
    if as_text(mode) != "named":
        reader.problem(
            f"{sheet}, rij {mode_row}, kolom B ({layout.SETTINGS_KEYS['mode']})",
            "dit bestand is geëxporteerd zonder namen van gemeenten, dus de antwoorden zijn niet aan een gemeente te "
            "koppelen; exporteer de resultaten met namen (privacy=named) om ze te kunnen inlezen",
        )
    if reader.problems:
        raise ImportRefused(reader.problems)


def _read_sheet(reader: Reader, name: str, ws: Any) -> bool:
    """Read a municipality's answers; False (nothing read) for a sheet that is no municipality's."""
    sheet = f"Blad '{name}'"
    rows = _rows(ws, sheet, max_col=len(layout.ANSWER_HEADER))
    label = rows[1][0].value if len(rows) > 1 and rows[1] else None
    if as_text(label).strip() != "Gemeente" or len(rows[1]) < 2:
        return False
    municipality = reader.municipality(rows[1][1].value, f"{sheet}, rij 2, kolom B (Gemeente)")
    header_index = next(
        (i for i, row in enumerate(rows[:20]) if row and as_text(row[0].value).strip() == "Vraag"), None
    )
    if header_index is None:
        reader.problem(sheet, "de kopregel met 'Vraag' in kolom A ontbreekt")
        return True
    columns = {
        as_text(cell.value).strip(): i for i, cell in enumerate(rows[header_index]) if as_text(cell.value).strip()
    }
    for required in ("Vraag", "Antwoord"):
        if required not in columns:
            reader.problem(f"{sheet}, rij {header_index + 1}", f"de kolom '{required}' ontbreekt")
            return True
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        cells = {title: (row[i] if i < len(row) else None) for title, i in columns.items()}
        if all(cell is None or cell.value in (None, "") for cell in cells.values()):
            continue
        fields: dict[str, object] = {}

        def where(title: str) -> str:
            return f"{sheet}, rij {offset}, kolom {get_column_letter(columns[title] + 1)} ({title})"  # noqa: B023

        for title in columns:
            cell = cells[title]
            if cell is not None and cell.data_type == "f":
                reader.problem(where(title), "bevat een formule; alleen tekst of een getal kan worden ingelezen")
        question = reader.question(cells["Vraag"].value if cells["Vraag"] else None, where("Vraag"))
        fields["status"] = reader.status(cells["Antwoord"].value if cells["Antwoord"] else None, where("Antwoord"))
        for title, key in (("Toelichting", "toelichting"), ("Nuancering", "nuancering")):
            if title in columns:
                text_cell = cells[title]
                fields[key] = reader.free_text(text_cell.value if text_cell is not None else None, where(title))
        if "Checklist" in columns and question is not None:
            checklist = reader.checklist(
                cells["Checklist"].value if cells["Checklist"] else None, question, where("Checklist")
            )
            if checklist is not None:
                fields["checklist"] = checklist
        reader.add(municipality, question, fields, where("Vraag"))
    return True


CHANGED_DURING_IMPORT = (
    "Tijdens het inlezen werden antwoorden in de app gewijzigd. Er is niets ingelezen; probeer het opnieuw."
)


def _unchanged(stored: RoomAnswer, name: str, value: object) -> bool:
    """Whether an imported field equals the stored one as the workbook shows it (text cleaned, list order)."""
    current = getattr(stored, name)
    if isinstance(value, str) and isinstance(current, str):
        return cell_text(current).strip() == value
    if isinstance(value, list) and isinstance(current, list):
        return sorted(current) == value
    return bool(current == value)


def _apply(session: Session, meeting: Meeting, items: list[ImportedAnswer], now: float) -> ImportReport:
    """Write every answer in one transaction; a concurrent change of the same field aborts the whole import."""
    stored = {
        (municipality_id, question): answer
        for municipality_id, answers in answers_by_municipality(session, meeting.id or 0).items()
        for question, answer in answers.items()
    }
    blank = RoomAnswer(meeting_id=0, municipality_id=0, question=0)  # a question never answered: the defaults
    changed_answers = 0
    changes = 0
    try:
        for item in items:
            municipality_id = item.municipality.id or 0
            before = stored.get((municipality_id, item.question))
            fields = {k: v for k, v in item.fields.items() if not _unchanged(before or blank, k, v)}
            if not fields:
                continue
            written = write_versioned(
                session=session,
                model=RoomAnswer,
                key={"municipality_id": municipality_id, "question": item.question},
                create={"meeting_id": meeting.id or 0},
                changes=fields,
                base_version=before.version if before is not None else 0,
                labels=FIELD_LABELS,
                now=now,
                stamp={"updated_by": None},
            )
            if not written.changed:
                continue
            log_changes(session=session, written=written, meeting_id=meeting.id or 0, participant_id=None, now=now)
            changed_answers += 1
            changes += len(written.changed)
        session.commit()
    except Conflict:
        session.rollback()
        raise Conflict(CHANGED_DURING_IMPORT) from None
    except BaseException:
        session.rollback()
        raise
    session.expire_all()
    return ImportReport(
        rows=len(items),
        municipalities=len({i.municipality.id for i in items}),
        answers_changed=changed_answers,
        changes=changes,
        meeting_id=meeting.id or 0,
    )
