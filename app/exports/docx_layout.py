"""Word layout details the writer needs: one font, column grids, list numbering, TOC field, keep-together.

LibreOffice lays a table out by its grid (w:tblGrid), Word by the cell widths: both are written
with the same widths. Every numbered list gets its own w:num that restarts at 1. Rows never split
over a page, and captions stay with their table.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

FONT = "Calibri"  # LibreOffice substitutes the metric-compatible Carlito
BODY_PT = 10
# One size scale: body 10 pt, tables 9 / 8 pt, footer and captions 8–9 pt, headings 11–16 pt.
STYLE_SIZES = {
    "Normal": BODY_PT,
    "Title": 24,
    "Subtitle": 13,
    "Heading 1": 16,
    "Heading 2": 13,
    "Heading 3": 11.5,
    "Heading 4": BODY_PT,
    "Caption": 9,
    "Footer": BODY_PT,
    "List Bullet": BODY_PT,
    "List Number": BODY_PT,
}
TWIPS_PER_CM = 567


def use_one_font(doc: DocxDocument) -> None:
    """One font family everywhere (no theme fonts) and the size scale above."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for rpr in [defaults, *styles.iter(qn("w:rPr"))]:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attribute in list(fonts.attrib):
            if attribute.endswith("Theme"):
                del fonts.attrib[attribute]
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
    for name, size in STYLE_SIZES.items():
        try:
            doc.styles[name].font.size = Pt(size)
        except KeyError:  # pragma: no cover - every name exists in python-docx's template
            continue


def toc_styles(doc: DocxDocument) -> None:
    """Paragraph styles 'toc 1' and 'toc 2' (Word's own names, so an update keeps them)."""
    names = {s.name for s in doc.styles}
    for level in (1, 2):
        name = f"toc {level}"
        if name in names:
            continue
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(2)
        if level == 1:
            style.font.bold = True


def _fld_char(kind: str) -> OxmlElement:  # type: ignore[valid-type]
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
    return run


def toc_field(paragraphs: Sequence[DocxParagraph], levels: int) -> None:
    """Wrap the written entries (one paragraph each) in a TOC field that Word and LibreOffice update."""
    first, last = paragraphs[0]._p, paragraphs[-1]._p
    instruction = OxmlElement("w:r")
    text = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    text.text = f' TOC \\o "1-{levels}" \\h \\z \\u '
    instruction.append(text)
    ppr = first.find(qn("w:pPr"))
    at = 1 if ppr is not None else 0
    for offset, node in enumerate((_fld_char("begin"), instruction, _fld_char("separate"))):
        first.insert(at + offset, node)
    last.append(_fld_char("end"))


def set_widths(table: DocxTable, widths_cm: Sequence[float]) -> None:
    """The same column widths in the grid (LibreOffice), the cells (Word) and the table; fixed layout."""
    tbl = table._tbl
    grid = tbl.tblGrid
    for col in list(grid):
        grid.remove(col)
    for width in widths_cm:
        grid.append(OxmlElement("w:gridCol", {qn("w:w"): str(round(width * TWIPS_PER_CM))}))
    tblpr = tbl.tblPr
    total = tblpr.find(qn("w:tblW"))
    if total is None:
        total = OxmlElement("w:tblW")
        tblpr.append(total)
    total.set(qn("w:type"), "dxa")
    total.set(qn("w:w"), str(round(sum(widths_cm) * TWIPS_PER_CM)))
    layout = tblpr.find(qn("w:tblLayout"))
    if layout is None:
        tblpr.append(OxmlElement("w:tblLayout", {qn("w:type"): "fixed"}))
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def column_widths(
    count: int, available_cm: float, *, row_header: bool, given: Sequence[float] = (), label_chars: int = 0
) -> list[float]:
    """Widths that fill the line: the given ones scaled to fit, else a first column wide enough for the
    longest row label (up to 45% of the line) and the rest shared equally."""
    if given and len(given) == count:
        scale = min(1.0, available_cm / sum(given))
        return [w * scale for w in given]
    if count == 1:
        return [available_cm]
    if row_header:
        first = min(max(2.5, label_chars * 0.17 + 0.5), available_cm * 0.45)
        return [first, *([(available_cm - first) / (count - 1)] * (count - 1))]
    return [available_cm / count] * count


def keep_rows(table: DocxTable, *, together: bool) -> None:
    """Rows never split over a page; a short table also stays on one page."""
    rows = table.rows
    for index, row in enumerate(rows):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if together and index < len(rows) - 1:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


class Numbering:
    """A fresh w:num per numbered list, so each list restarts at 1 (Word and LibreOffice)."""

    def __init__(self, doc: DocxDocument) -> None:
        self.numbering = doc.part.numbering_part.element
        style_num = doc.styles["List Number"].element.pPr.numPr.numId.val
        num = next(n for n in self.numbering.num_lst if n.numId == style_num)
        self.abstract = num.abstractNumId.val

    def restart(self) -> int:
        """A new numbering id that starts at 1."""
        num = self.numbering.add_num(self.abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(num.numId)


def number_paragraph(paragraph: DocxParagraph, num_id: int) -> None:
    """Put a paragraph in list `num_id` at level 0."""
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = num_id
