"""The projector's results are pages (app.zelfscan.pages): read every page a display would show."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.meetings.models import Meeting
from app.zelfscan import pages


def show_page(session: Session, meeting: Meeting, key: str) -> None:
    """Put results page `key` on every projected screen of `meeting` (as the facilitator's buttons do)."""
    meeting.result_page = key
    session.add(meeting)
    session.commit()


def every_page(client: TestClient, session: Session, meeting: Meeting, path: str) -> Iterator[str]:
    """The HTML of `path` (a display or dashboard) on each results page in turn: overview to region."""
    for page in pages.pages_of(session=session, meeting=meeting):
        show_page(session, meeting, page.key)
        yield client.get(path).text


def all_pages(client: TestClient, session: Session, meeting: Meeting, path: str) -> str:
    """Every results page of `path` in one string (for what must, or must not, appear on any of them)."""
    return "\n".join(every_page(client, session, meeting, path))
