"""Reads never write: opening any page or download changes nothing in the database (STYLE.md, habit 9)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlmodel import Session

from app.followup import themes
from app.meetings import service as meetings
from app.zelfscan.models import RoomAnswer
from tests.conftest import SECRET, sign_in


@contextmanager
def writes_to(engine: Engine) -> Iterator[list[str]]:
    """Every INSERT, UPDATE or DELETE the app sends while the block runs."""
    writes: list[str] = []

    def before_execute(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(" ".join(statement.split())[:80])

    event.listen(engine, "before_cursor_execute", before_execute)
    try:
        yield writes
    finally:
        event.remove(engine, "before_cursor_execute", before_execute)


def test_opening_every_page_and_download_of_a_follow_up_writes_nothing(
    client: TestClient, make_meeting: Any, session: Session, catalog: Any
) -> None:
    start = make_meeting(privacy_mode="named")
    for m in meetings.municipalities_of(session=session, meeting=start):
        session.add(RoomAnswer(meeting_id=start.id or 0, municipality_id=m.id or 0, question=1, status="niet_op_orde"))
    session.commit()
    follow_up = make_meeting(agenda_key="follow-up", scan_source_id=start.id)
    question_set = catalog.question_set(follow_up.question_set_key)
    theme = themes.add_theme(session=session, meeting=follow_up, question_set=question_set, title="Regie")
    anna = make_meeting.participant(follow_up, "Amstelveen", name="Anna")
    themes.join_theme(session=session, meeting=follow_up, participant=anna, theme_id=theme.id or 0)
    amstelveen = anna.municipality_id
    code, f, g, d, m = (
        follow_up.join_code,
        follow_up.facilitator_token,
        follow_up.gespreksleider_token,
        follow_up.display_token,
        follow_up.id,
    )
    pages = [
        "/",
        "/privacy",
        f"/organisator/bijeenkomsten/{m}/verwijderen",
        f"/meedoen?code={code}",
        f"/qr/{code}.svg",
        f"/j/{code}",
        f"/j/{code}/kamer",
        f"/api/j/{code}/room",
        f"/j/{code}/thema",
        f"/j/{code}/plan",
        f"/f/{f}",
        f"/f/{f}/vervolg",
        f"/api/f/{f}/themes/proposal",
        f"/g/{g}",
        f"/d/{d}",
        f"/api/meetings/{m}",
        f"/api/meetings/{m}/results",
        f"/api/meetings/{m}/wheel",
        f"/organisator/bijeenkomsten/{m}",
        f"/organisator/bijeenkomsten/{m}/export",
        f"/organisator/bijeenkomsten/{m}/export/verslag",
        f"/api/meetings/{m}/export/minutes.docx",
        f"/api/meetings/{m}/export/results.xlsx",
        f"/api/meetings/{m}/export/plan/region.docx",
        f"/api/meetings/{m}/export/plan/{amstelveen}.docx",
    ]
    client.cookies.set(f"zs_p_{code}", anna.token)
    sign_in(client)  # the organiser's session cookie
    with writes_to(client.app.state.engine) as writes:  # type: ignore[attr-defined]
        statuses = {page: client.get(page, headers={"Authorization": f"Bearer {SECRET}"}).status_code for page in pages}
    assert {page: status for page, status in statuses.items() if status != 200} == {}
    assert writes == []
