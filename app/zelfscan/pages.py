"""The results as pages on the projector: which pages there are, which one shows, paging (pure rules + one write).

The results are never a scroll: the display shows one page at a time and the facilitator pages through
them (buttons on the dashboard, presenter keys on the dashboard and on the display). The page shown is
the meeting's `result_page`, so every screen follows it live.

Page keys: "overzicht-1" … (the municipalities × questions grid, a few municipalities per page),
"opvallend" (the questions most often niet op orde or most disputed, with their text),
"gemeente-<id>" (one municipality's spinnenweb), "regio" (the regional picture), and, opened on demand
and outside the sequence, "vraag-<n>" (a question's text, answers and toelichtingen).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlmodel import Session

from app.core.errors import Invalid
from app.meetings.models import Meeting

OVERVIEW_ROWS = 12
"""At most this many municipalities on one overview page (readable from the back at 1280×720)."""

OVERVIEW, NOTABLE, MUNICIPALITY, REGION, QUESTION = "overzicht", "opvallend", "gemeente", "regio", "vraag"


@dataclass(frozen=True)
class Page:
    key: str
    kind: str  # overzicht | opvallend | gemeente | regio | vraag
    number: int = 0  # overview part (1-based), municipality id or question number

    @property
    def in_sequence(self) -> bool:
        return self.kind != QUESTION


def overview_parts(count: int) -> list[range]:
    """The municipalities (by index) on each overview page: as few pages as fit, as even as possible."""
    if count == 0:
        return []
    pages = math.ceil(count / OVERVIEW_ROWS)
    size, extra = divmod(count, pages)
    parts, start = [], 0
    for index in range(pages):
        end = start + size + (1 if index < extra else 0)
        parts.append(range(start, end))
        start = end
    return parts


def sequence(*, municipality_ids: list[int], per_municipality: bool) -> list[Page]:
    """The pages in the order the facilitator steps through them."""
    pages: list[Page] = []
    if per_municipality:
        parts = len(overview_parts(len(municipality_ids)))
        pages += [Page(f"{OVERVIEW}-{i}", OVERVIEW, i) for i in range(1, parts + 1)]
    pages.append(Page(NOTABLE, NOTABLE))
    if per_municipality:
        pages += [Page(f"{MUNICIPALITY}-{m}", MUNICIPALITY, m) for m in municipality_ids]
    pages.append(Page(REGION, REGION))
    return pages


def parse(key: str, *, pages: list[Page], questions: int) -> Page | None:
    """The page `key` names, if it is one of `pages` or a question's page; else None."""
    for page in pages:
        if page.key == key:
            return page
    kind, _, number = key.partition("-")
    if kind == QUESTION and number.isdigit() and 1 <= int(number) <= questions:
        return Page(key, QUESTION, int(number))
    return None


def shown(key: str, *, pages: list[Page], questions: int) -> Page:
    """The page to show for the stored `key`: the first page when it no longer exists (another privacy mode)."""
    return parse(key, pages=pages, questions=questions) or pages[0]


def step(key: str, by: int, *, pages: list[Page], questions: int) -> Page:
    """The page `by` steps from `key` (kept within the pages); on a question's page, the next or previous question."""
    current = shown(key, pages=pages, questions=questions)
    if current.kind == QUESTION:
        number = min(max(current.number + by, 1), questions)
        return Page(f"{QUESTION}-{number}", QUESTION, number)
    index = min(max(pages.index(current) + by, 0), len(pages) - 1)
    return pages[index]


def neighbours(page: Page, *, pages: list[Page], questions: int) -> tuple[Page | None, Page | None]:
    """The pages before and after `page` (None at either end): what the facilitator's buttons go to."""
    before = step(page.key, -1, pages=pages, questions=questions)
    after = step(page.key, 1, pages=pages, questions=questions)
    return (before if before != page else None), (after if after != page else None)


def store(*, session: Session, meeting: Meeting, page: Page) -> Meeting:
    """Show `page` on every projected screen of the meeting."""
    meeting.result_page = page.key
    session.add(meeting)
    session.commit()
    return meeting


def checked(key: str, *, pages: list[Page], questions: int) -> Page:
    """The page `key` names, or a Dutch refusal."""
    page = parse(key, pages=pages, questions=questions)
    if page is None:
        raise Invalid(f"Resultaatpagina '{key[:40]}' bestaat niet.")
    return page
