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

from app.catalog.loader import QuestionSet
from app.core.errors import Invalid
from app.core.privacy import SCREEN
from app.meetings.models import Meeting
from app.meetings.service import municipalities_of
from app.zelfscan.results import privacy_policy, scan_links

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


def pages_of(*, session: Session, meeting: Meeting) -> list[Page]:
    """The sequence of results pages of `meeting` as projected now (its privacy mode decides)."""
    policy = privacy_policy(session=session, meeting=meeting, medium=SCREEN)
    scan = scan_links(session=session, meeting=meeting).scan
    ids = [m.id or 0 for m in municipalities_of(session=session, meeting=scan)]
    return sequence(municipality_ids=ids, per_municipality=policy.per_municipality)


def turn(
    *, session: Session, meeting: Meeting, question_set: QuestionSet, page: str = "", by: int = 0, shown: str = ""
) -> Meeting:
    """Show results page `page`, or the page `by` steps from `shown` (the page the screen showed), everywhere.

    Stepping from the page a screen showed (not from the stored one) makes a repeated press harmless:
    two screens pressing "next" on the same page both go to the same next page.
    """
    pages = pages_of(session=session, meeting=meeting)
    count = len(question_set.questions)
    target = (
        checked(page, pages=pages, questions=count)
        if page
        else step(shown or meeting.result_page, by, pages=pages, questions=count)
    )
    meeting.result_page = target.key
    session.add(meeting)
    session.commit()
    return meeting


def checked(key: str, *, pages: list[Page], questions: int) -> Page:
    """The page `key` names, or a Dutch refusal."""
    page = parse(key, pages=pages, questions=questions)
    if page is None:
        raise Invalid(f"Resultaatpagina '{key[:40]}' bestaat niet.")
    return page
