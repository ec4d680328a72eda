"""Neutral document content: headings, paragraphs, lists, tables and charts, written per format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    text: str
    level: int  # 1..4 (Word: Heading 1..4; HTML: h2..h5)


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str
    label: str = ""  # bold lead-in, e.g. "Toelichting:"
    muted: bool = False


@dataclass(frozen=True)
class Bullets:
    kind: ClassVar[str] = "bullets"
    items: tuple[str, ...]
    numbered: bool = False
    keep_with_next: bool = False  # stays on the page of what follows (a table's heading text)


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    widths_cm: tuple[float, ...] = ()  # optional column widths (Word)
    compact: bool = False  # small type, for wide grids
    row_header: bool = False  # the first column labels the row
    header_notes: tuple[str, ...] = ()  # small guidance under each column's name (Bijlage 5: "kort & bondig!")
    keep_rows: bool = False  # rows never split across pages; the header and first row stay with the heading


@dataclass(frozen=True)
class Chart:
    kind: ClassVar[str] = "chart"
    png: bytes
    alt: str
    caption: str = ""
    width_cm: float = 12.0


@dataclass(frozen=True)
class ChartRow:
    """Charts side by side (two per row in Word, a flexible grid in HTML)."""

    kind: ClassVar[str] = "chart_row"
    charts: tuple[Chart, ...]


@dataclass(frozen=True)
class Landscape:
    """Start a landscape section (Word); a page break before it in print."""

    kind: ClassVar[str] = "landscape"


@dataclass(frozen=True)
class Portrait:
    """Back to a portrait section (Word)."""

    kind: ClassVar[str] = "portrait"


@dataclass(frozen=True)
class PageBreak:
    kind: ClassVar[str] = "page_break"


Element = Heading | Paragraph | Bullets | Table | Chart | ChartRow | Landscape | Portrait | PageBreak


@dataclass
class Document:
    """A whole document: title page facts, then the body elements in order."""

    title: str
    subtitle: str
    facts: list[tuple[str, str]]  # title page: (label, value)
    body: list[Element] = field(default_factory=list)
    # Metadata for the file's properties; must already respect the privacy mode.
    subject: str = ""
    keywords: str = ""
    footer: str = ""
    kicker: tuple[str, ...] = ()  # lines above the title (Bijlage 5: "Kwaliteitskader en Zelfscan", ...)
    header: tuple[str, ...] = ()  # lines in every page's header (Word)
    header_box: str = ""  # a framed placeholder at the header's right, e.g. "Logo gemeente/regio"

    def add(self, *elements: Element) -> None:
        """Append elements to the body."""
        self.body.extend(elements)
