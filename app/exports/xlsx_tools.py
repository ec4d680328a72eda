"""Small pieces every sheet of the results workbook uses: inert text cells, formulas the app writes,
sheet names, row heights that fit wrapped text, print setup and tables (header, filter, freeze).

Text a person wrote is always a string cell (never a formula, whatever it starts with); only the
formulas the app composes itself are written with `formula`.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Sequence

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from app.core.privacy import clean_text

RISKY_START = ("=", "+", "-", "@", "\t", "\r")
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
PERCENT = "0.0%"  # stored as 0–1; shown as "38,5%" in a Dutch office program
MAX_TITLE = 31
# Characters Excel forbids in a sheet name, and what stands in for them.
SHEET_CHARACTERS = str.maketrans({"[": "(", "]": ")", "/": "-", "\\": "-", ":": " ", "*": " ", "?": " "})
RESERVED_TITLES = {"history"}  # Excel keeps this name for itself
LINE_PT = 15.0  # one line of 11 pt text
MAX_ROW_PT = 409.0  # Excel's largest row height


def cell_text(value: str | None) -> str:
    """Text exactly as the workbook stores it: XML-safe, line breaks as \\n (the importer compares with this)."""
    return clean_text(value).replace("\r\n", "\n").replace("\r", "\n")


def number_or_text(value: str) -> int | str:
    """A key like "9" as the number 9 (an office program flags numbers stored as text); "1-2" stays text."""
    return int(value) if value.isascii() and value.isdigit() else value


def put(ws: Worksheet, row: int, column: int, value: object, *, bold: bool = False, wrap: bool = False) -> Cell:
    """Write a value; text is always an inert string, never a formula."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        text = cell_text(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl would turn "=..." into a formula
        if text.startswith(RISKY_START):
            cell.quotePrefix = True
    else:
        cell.value = value
    if bold:
        cell.font = BOLD
    cell.alignment = WRAP if wrap else TOP
    return cell


def formula(ws: Worksheet, row: int, column: int, expression: str, *, number_format: str | None = None) -> Cell:
    """Write a formula the app composed (never text from a person)."""
    if not expression.startswith("="):
        raise ValueError(f"not a formula: {expression!r}")
    cell = ws.cell(row=row, column=column)
    cell.value = expression
    cell.data_type = "f"
    if number_format:
        cell.number_format = number_format
    return cell


def ref(sheet: str, row: int, column: int, *, absolute: bool = True) -> str:
    """A reference to a cell on another sheet, quoted as Excel wants ('O''Brien'!$B$2)."""
    letter = get_column_letter(column)
    cell = f"${letter}${row}" if absolute else f"{letter}{row}"
    return f"{quote_sheetname(sheet)}!{cell}"


def span(first_row: int, last_row: int, column: int) -> str:
    """An absolute range within one column, e.g. $E$7:$E$37."""
    letter = get_column_letter(column)
    return f"${letter}${first_row}:${letter}${last_row}"


def sheet_span(sheet: str, first_row: int, last_row: int, column: int) -> str:
    """An absolute range within one column of another sheet, e.g. 'Bussum'!$E$7:$E$37."""
    return f"{quote_sheetname(sheet)}!{span(first_row, last_row, column)}"


def header(ws: Worksheet, row: int, column: int, titles: Sequence[str | int]) -> None:
    """A table's header row: bold, shaded, wrapped."""
    for offset, title in enumerate(titles):
        cell = put(ws, row, column + offset, title, bold=True, wrap=True)
        cell.fill = HEAD_FILL


def table(ws: Worksheet, *, header_row: int, first_column: int, last_column: int, last_row: int) -> None:
    """Autofilter on the table, its header frozen and repeated on every printed page."""
    last_row = max(last_row, header_row + 1)
    first, last = get_column_letter(first_column), get_column_letter(last_column)
    ws.auto_filter.ref = f"{first}{header_row}:{last}{last_row}"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=first_column + 1 if first_column == 1 else 1)
    ws.print_title_rows = f"{header_row}:{header_row}"


def widths(ws: Worksheet, sizes: Iterable[float], *, first_column: int = 1) -> None:
    """Column widths (in characters), from `first_column` on."""
    for offset, size in enumerate(sizes):
        ws.column_dimensions[get_column_letter(first_column + offset)].width = size


def _lines(text: str, width: float) -> int:
    per_line = max(4, int(width * 1.05) - 1)  # a little pessimistic: words wrap early, never overlap
    return sum(max(1, len(textwrap.wrap(part, per_line, break_long_words=True)) or 1) for part in text.split("\n"))


def fit_rows(ws: Worksheet, *, first_row: int = 1) -> None:
    """Row heights that show every wrapped cell whole (estimated from text length and column width)."""
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or cell.data_type == "f":
                continue
            alignment = cell.alignment
            size = cell.font.sz if cell.font is not None and cell.font.sz else 11.0
            scale = float(size) / 11.0
            if alignment is not None and alignment.wrap_text:
                width = ws.column_dimensions[cell.column_letter].width or 8.43
                lines = max(lines, math.ceil(_lines(cell.value, width / scale) * scale))
            else:
                lines = max(lines, math.ceil((cell.value.count("\n") + 1) * scale))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = min(MAX_ROW_PT, lines * LINE_PT + 3)


def print_setup(ws: Worksheet, *, landscape: bool) -> None:
    """A4, fit to the page width (as many pages down as needed), narrow margins."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.gridLines = False


def _shorten(name: str) -> str:
    """At most 31 characters, keeping the start and the end so two long names stay apart."""
    if len(name) <= MAX_TITLE:
        return name
    head, tail = name[:19].rstrip(), name[-11:].lstrip()
    return f"{head}…{tail}"


def sheet_title(label: str, taken: set[str], reserved: Iterable[str] = ()) -> str:
    """A valid, unique, readable sheet name: ≤31 characters, no []:*?/\\, single spaces, apostrophes kept.

    Excel forbids an apostrophe at the start or end of a sheet name ('s-Hertogenbosch); there it
    becomes the typographic apostrophe (’s-Hertogenbosch), so the name still reads right.
    """
    text = clean_text(re.sub(r"[\x00-\x1f\x7f]", " ", label)).translate(SHEET_CHARACTERS)
    text = " ".join(text.split())
    text = re.sub(r"^'|'$", "’", text)
    base = _shorten(text) or "Gemeente"
    blocked = {t.casefold() for t in reserved} | RESERVED_TITLES
    title, number = base, 2
    while title.casefold() in taken or title.casefold() in blocked:
        suffix = f" ({number})"
        title, number = base[: MAX_TITLE - len(suffix)].rstrip() + suffix, number + 1
    taken.add(title.casefold())
    return title
