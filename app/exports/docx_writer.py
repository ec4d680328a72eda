"""Writes neutral content (`app.exports.content`) as a Word document with python-docx.

Real Word structure: built-in Title and Heading styles (the navigation pane works), real tables
with a repeating header row, pictures with alt text, a PAGE field in the footer, Dutch as the
proofing language, and core properties that carry no more than the content does.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from app.exports import content as c

GENERATOR = "Zelfscan Live"
MUTED = "555555"


def write_docx(*, document: c.Document, created: dt.datetime | None = None) -> bytes:
    """The document as .docx bytes."""
    doc = new_docx()
    first = doc.sections[0]
    first.page_width, first.page_height = Cm(21), Cm(29.7)  # A4, not the template's Letter
    first.left_margin = first.right_margin = Cm(2.2)
    _set_language(doc, "nl-NL")
    _set_properties(doc, document, created or dt.datetime.now(dt.UTC))
    writer = _Writer(doc)
    writer.title_page(document)
    writer.footer(document.footer)
    writer.header(document.header, document.header_box)
    for element in document.body:
        writer.write(element)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _set_properties(doc: DocxDocument, document: c.Document, created: dt.datetime) -> None:
    props = doc.core_properties
    props.title = document.title
    props.subject = document.subject
    props.keywords = document.keywords
    props.author = GENERATOR
    props.last_modified_by = GENERATOR
    props.comments = ""
    props.category = "Zelfscan Kwaliteitskader"
    props.identifier = ""
    utc = created.astimezone(dt.UTC).replace(tzinfo=None)  # stored as UTC
    props.created = utc
    props.modified = utc
    props.revision = 1


def _set_language(doc: DocxDocument, language: str) -> None:
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)


def add_text(
    paragraph: DocxParagraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    colour: str = "",
    half_points: int = 0,
) -> None:
    """Append a run of text (line breaks kept) without python-docx's per-character run.text."""
    run = OxmlElement("w:r")
    if bold or italic or colour or half_points:
        properties = OxmlElement("w:rPr")
        for flag, tag in ((bold, "w:b"), (italic, "w:i")):
            if flag:
                properties.append(OxmlElement(tag))
        if colour:
            properties.append(OxmlElement("w:color", {qn("w:val"): colour}))
        if half_points:
            properties.append(OxmlElement("w:sz", {qn("w:val"): str(half_points)}))
        run.append(properties)
    for index, line in enumerate(text.split("\n")):
        if index:
            run.append(OxmlElement("w:br"))
        if line:
            node = OxmlElement("w:t", {qn("xml:space"): "preserve"})
            node.text = line
            run.append(node)
    paragraph._p.append(run)


class _Writer:
    """Writes content elements into one python-docx document, with its styles looked up once."""

    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self._style_ids: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        """A paragraph style's id, looked up once (python-docx scans every style on each lookup)."""
        if name not in self._style_ids:
            self._style_ids[name] = self.doc.styles[name].style_id
        return self._style_ids[name]

    def paragraph(self, text: str = "", style: str | None = None, **run: object) -> DocxParagraph:
        """A new body paragraph."""
        paragraph = self.doc.add_paragraph()
        if style:
            paragraph._p.style = self.style_id(style)
        if text:
            add_text(paragraph, text, **run)  # type: ignore[arg-type]
        return paragraph

    def title_page(self, document: c.Document) -> None:
        """Kicker lines, title, subtitle and the facts, then a page break."""
        for line in document.kicker:
            self.paragraph(line, bold=line == document.kicker[0], half_points=28 if line == document.kicker[0] else 0)
        self.paragraph(document.title, "Title")
        if document.subtitle:
            self.paragraph(document.subtitle, "Subtitle")
        for label, value in document.facts:
            paragraph = self.paragraph()
            add_text(paragraph, f"{label}: ", bold=True)
            add_text(paragraph, value)
        self.doc.add_page_break()  # type: ignore[no-untyped-call]

    def footer(self, text: str) -> None:
        """Footer text and 'Pagina X van Y' as Word fields."""
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        add_text(paragraph, (f"{text} · " if text else "") + "Pagina ", half_points=16)
        _field(paragraph, "PAGE")
        add_text(paragraph, " van ", half_points=16)
        _field(paragraph, "NUMPAGES")

    def header(self, lines: tuple[str, ...], box: str) -> None:
        """The page header: lines at the left, a framed placeholder (a logo's place) at the right."""
        if not lines and not box:
            return
        section = self.doc.sections[0]
        width = Cm(21 - 2 * 2.2)  # A4 portrait between the margins set in write_docx
        header = section.header
        table = header.add_table(rows=1, cols=2, width=width)
        left, right = table.rows[0].cells
        left.width, right.width = Cm(21 - 2 * 2.2 - 4.5), Cm(4.5)
        for index, line in enumerate(lines):
            paragraph = left.paragraphs[0] if index == 0 else left.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            add_text(paragraph, line, bold=index == len(lines) - 1, half_points=16)
        if box:
            add_text(right.paragraphs[0], box, italic=True, colour=MUTED, half_points=16)
            right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _box(right)
        header.paragraphs[0]._p.getparent().remove(header.paragraphs[0]._p)  # the empty default line
        header.add_paragraph()

    def write(self, element: c.Element) -> None:
        """Write one content element."""
        if isinstance(element, c.Heading):
            heading = self.paragraph(element.text, f"Heading {min(max(element.level, 1), 4)}")
            heading.paragraph_format.keep_with_next = True  # never alone at the bottom of a page
        elif isinstance(element, c.Paragraph):
            paragraph = self.paragraph()
            if element.label:
                add_text(paragraph, element.label + " ", bold=True)
            add_text(paragraph, element.text, italic=element.muted, colour=MUTED if element.muted else "")
        elif isinstance(element, c.Bullets):
            style = "List Number" if element.numbered else "List Bullet"
            for item in element.items:
                paragraph = self.paragraph(item, style)
                if element.keep_with_next:
                    paragraph.paragraph_format.keep_with_next = True
        elif isinstance(element, c.Table):
            self.table(element)
        elif isinstance(element, c.Chart):
            self.doc.add_picture(io.BytesIO(element.png), width=Cm(element.width_cm))
            _alt_text(self.doc.inline_shapes[-1], element.alt)
            if element.caption:
                self.paragraph(element.caption, "Caption")
        elif isinstance(element, c.ChartRow):
            self.chart_row(element)
        elif isinstance(element, c.Landscape):
            _new_section(self.doc, landscape=True)
        elif isinstance(element, c.Portrait):
            _new_section(self.doc, landscape=False)
        elif isinstance(element, c.PageBreak):
            self.doc.add_page_break()  # type: ignore[no-untyped-call]
        else:  # pragma: no cover - the content model is closed
            raise RuntimeError(f"unknown content element {element!r}")

    def table(self, element: c.Table) -> None:
        """A real Word table with a repeating, shaded header row."""
        if element.caption:
            self.paragraph(element.caption, "Caption")
        table: DocxTable = self.doc.add_table(rows=1, cols=len(element.header))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        size = 14 if element.compact else 18  # half-points: 7 pt or 9 pt
        header = table.rows[0]
        _repeat_header(header)
        notes = element.header_notes or ("",) * len(element.header)
        for cell, text, note in zip(header.cells, element.header, notes, strict=False):
            add_text(cell.paragraphs[0], text, bold=True, half_points=size)
            if note:
                add_text(cell.add_paragraph(), note, italic=True, half_points=size - 4)
            _shade(cell, "DCE6F1")
        for values in element.rows:
            cells = table.add_row().cells  # type: ignore[no-untyped-call]
            for index, (cell, text) in enumerate(zip(cells, values, strict=False)):
                add_text(cell.paragraphs[0], text, bold=index == 0 and element.row_header, half_points=size)
        if element.keep_rows:
            _keep_rows(table)
        if element.widths_cm:
            table.autofit = False
            for column, width in zip(table.columns, element.widths_cm, strict=False):
                column.width = Cm(width)  # the grid: LibreOffice lays out by it, Word by the cells
            for row in table.rows:
                for cell, width in zip(row.cells, element.widths_cm, strict=False):
                    cell.width = Cm(width)
        self.paragraph()

    def chart_row(self, element: c.ChartRow) -> None:
        """Charts two by two in a borderless table."""
        charts = list(element.charts)
        for start in range(0, len(charts), 2):
            table = self.doc.add_table(rows=1, cols=2)
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, chart in zip(table.rows[0].cells, charts[start : start + 2], strict=False):
                shape = (
                    cell.paragraphs[0].add_run().add_picture(io.BytesIO(chart.png), width=Cm(min(chart.width_cm, 8.0)))
                )
                _alt_text(shape, chart.alt)
                if chart.caption:
                    caption = cell.add_paragraph()
                    caption._p.style = self.style_id("Caption")
                    add_text(caption, chart.caption)
        self.paragraph()


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A simple Word field (PAGE, NUMPAGES); Word fills in the number."""
    field = OxmlElement("w:fldSimple", {qn("w:instr"): instruction})
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _alt_text(shape, alt: str) -> None:  # type: ignore[no-untyped-def]
    shape._inline.docPr.set("descr", alt)
    shape._inline.docPr.set("title", alt)


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    """Mark a table row as the header that repeats on every page."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader", {qn("w:val"): "true"}))


def _keep_rows(table: DocxTable) -> None:
    """No row splits across pages. The text before the table keeps with it (keep with next on the heading and
    its lines); keep-with-next inside the rows is left out: LibreOffice then moves the whole table to a new page."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit", {qn("w:val"): "true"}))


def _box(cell) -> None:  # type: ignore[no-untyped-def]
    """A thin frame around a cell (the logo's placeholder)."""
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        borders.append(OxmlElement(f"w:{side}", {qn("w:val"): "single", qn("w:sz"): "6", qn("w:color"): "888888"}))
    cell._tc.get_or_add_tcPr().append(borders)


def _shade(cell, colour: str) -> None:  # type: ignore[no-untyped-def]
    shading = OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): colour})
    cell._tc.get_or_add_tcPr().append(shading)


def _new_section(doc: DocxDocument, *, landscape: bool) -> None:
    first = doc.sections[0]
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    short, long = Cm(21), Cm(29.7)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8) if landscape else getattr(first, side))
