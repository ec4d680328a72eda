"""Reading a CSV file with one row per municipality and question (gemeente, vraag, antwoord,
toelichting, nuancering); the delimiter is guessed from the header, the encoding is UTF-8 or cp1252."""

from __future__ import annotations

import csv
import io

from openpyxl.utils import get_column_letter

from app.exports.import_rows import ImportRefused, Reader

MAX_CSV_ROWS = 20_000  # one per municipality and question
CSV_COLUMNS = ("gemeente", "vraag", "antwoord", "toelichting", "nuancering")
CSV_REQUIRED = ("gemeente", "vraag", "antwoord")


def _decode(filename: str, data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused(
        [f"Bestand '{filename}': de tekenset van het bestand is niet te lezen; sla het op als CSV UTF-8"]
    )  # pragma: no cover


def _csv_rows(source: str, text: str) -> list[tuple[int, list[str]]]:
    """(row number, row) for the header and every row with text, as they stream in, at most MAX_CSV_ROWS.

    A field past the csv module's limit (131,072 characters) is refused.
    """
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    parser = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, row in enumerate(parser, start=1):
            if number > 1 and not any(cell.strip() for cell in row):
                continue
            if len(rows) == MAX_CSV_ROWS:
                raise ImportRefused([f"{source}: het bestand heeft meer dan {MAX_CSV_ROWS} rijen"])
            rows.append((number, row))
    except csv.Error as exc:
        where = f"{source}, rij {parser.line_num}"
        if "field larger than field limit" in str(exc):
            limit = f"{csv.field_size_limit():,}".replace(",", ".")
            raise ImportRefused([f"{where}: een veld is langer dan {limit} tekens"]) from None
        raise ImportRefused([f"{where}: dit is geen geldig CSV-bestand ({exc})"]) from None
    return rows


def read_csv(reader: Reader, filename: str, data: bytes) -> None:
    source = f"Bestand '{filename}'"
    rows = _csv_rows(source, _decode(filename, data))
    if not rows:
        raise ImportRefused([f"{source}: het bestand is leeg"])
    _, first = rows[0]
    header = [h.strip().casefold() for h in first]
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        if name not in CSV_COLUMNS:
            reader.problem(
                f"{source}, rij 1, kolom {get_column_letter(index + 1)}",
                f"onbekende kolom '{first[index].strip()}'; gebruik {', '.join(CSV_COLUMNS)}",
            )
        elif name in columns:
            reader.problem(
                f"{source}, rij 1, kolom {get_column_letter(index + 1)}", f"de kolom '{name}' staat er twee keer in"
            )
        else:
            columns[name] = index
    missing = [name for name in CSV_REQUIRED if name not in columns]
    if missing:
        reader.problem(f"{source}, rij 1", f"de kolom(men) {', '.join(missing)} ontbreken")
    if reader.problems:
        raise ImportRefused(reader.problems)
    for number, row in rows[1:]:

        def where(name: str) -> str:
            return f"{source}, rij {number}, kolom {get_column_letter(columns[name] + 1)} ({name})"  # noqa: B023

        def value(name: str) -> str:
            index = columns[name]
            return row[index] if index < len(row) else ""  # noqa: B023

        municipality = reader.municipality(value("gemeente"), where("gemeente"))
        question = reader.question(value("vraag"), where("vraag"))
        fields: dict[str, object] = {"status": reader.status(value("antwoord"), where("antwoord"))}
        for name in ("toelichting", "nuancering"):
            if name in columns:
                fields[name] = reader.free_text(value(name), where(name))
        reader.add(municipality, question, fields, where("vraag"))
