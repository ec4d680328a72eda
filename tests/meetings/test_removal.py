"""Deleting personal data: a meeting with everything in it (after a confirmation), and retention by date.

Checked in the database: after a delete or a purge no row of the meeting is left in any table
(every table of SQLModel.metadata), other meetings keep theirs, and the meeting's links answer 404.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import ForeignKey, func, select
from sqlmodel import Session

from app.catalog.loader import Catalog
from app.followup import agreements, help, plan, themes
from app.meetings import rehearsal_copy, rehearsal_jobs, removal
from app.meetings import service as meetings
from app.meetings.models import Meeting, Participant
from app.models import register_tables
from app.signin.models import FIRST_ADMINISTRATOR
from app.wheel import service as wheel
from app.zelfscan import answers
from app.zelfscan.schemas import AnswerChangeRequest
from tests.conftest import SECRET, sign_in

NOW = 1_800_000_000.0


def fill_a_day(session: Session, catalog: Catalog, meeting: Meeting, make_meeting: Any) -> None:
    """Put a row of this meeting in every table that can hold one: the whole day, follow-up work included."""
    question_set = catalog.question_set(meeting.question_set_key)
    anna = make_meeting.participant(meeting, "Amstelveen", name="Anna", role="beleid")
    bert = make_meeting.participant(meeting, "Bussum", name="Bert")
    amstelveen = anna.municipality_id
    answers.set_view(session=session, participant=anna, question_set=question_set, question=1, status="op_orde")
    answers.update_answer(
        session=session,
        participant=anna,
        question_set=question_set,
        question=1,
        change=AnswerChangeRequest(base_version=0, status="niet_op_orde", toelichting="Anna's toelichting"),
    )
    help.call_for_help(session=session, meeting=meeting, municipality_id=amstelveen, now=NOW)
    help.send_message(session=session, meeting=meeting, text="Nog tien minuten", municipality_id=None, now=NOW)
    agreements.add_agreement(
        session=session, meeting=meeting, kind="action", what="Plan delen", who="Anna", when="maart", now=NOW
    )
    theme = themes.add_theme(session=session, meeting=meeting, question_set=question_set, title="Regie")
    themes.join_theme(session=session, meeting=meeting, participant=bert, theme_id=theme.id or 0)
    themes.update_theme_answer(session=session, theme=theme, base_version=0, changes={"kansen": "Samen"}, now=NOW)
    plan.add_plan_row(
        session=session,
        meeting=meeting,
        municipality_id=amstelveen,
        question_set=question_set,
        group=question_set.plan_groups[0].key,
        values={"maatregel": "Visie herijken", "wie": "Anna"},
        now=NOW,
    )
    plan.update_plan_text(
        session=session,
        meeting=meeting,
        municipality_id=amstelveen,
        base_version=0,
        changes={"inleiding": "Waarom dit plan"},
        now=NOW,
    )
    rehearsal = rehearsal_copy.open_rehearsal(session=session, meeting=meeting)
    rehearsal_jobs.enqueue(
        session=session, meeting=meeting, rehearsal=rehearsal, per_municipality=1, base_url="http://x", now=NOW
    )
    spin = wheel.spin(session=session, meeting=meeting, rng=random.Random(1), now=NOW, by="gespreksleider")
    wheel.save_note(session=session, meeting=meeting, question_id=spin.question_id, text="Goed gesprek", now=NOW)


def rows_of(session: Session, meeting_id: int) -> dict[str, int]:
    """Rows per table that belong to the meeting (the meeting's own row counted under 'meeting')."""
    counts = {}
    for table in register_tables().metadata.sorted_tables:
        column = table.c.id if table.name == "meeting" else table.c.get("meeting_id")
        if column is None:
            continue
        counts[table.name] = session.execute(
            select(func.count()).select_from(table).where(column == meeting_id)
        ).scalar_one()
    return counts


def test_every_table_holding_a_meetings_rows_carries_meeting_id() -> None:
    """Deleting by meeting_id reaches everything only if every table that refers to a meeting's rows has one."""
    metadata = register_tables().metadata
    owned = {"meeting"} | {t.name for t in metadata.sorted_tables if "meeting_id" in t.c}
    missing = []
    for table in metadata.sorted_tables:
        refers: set[str] = {fk.column.table.name for fk in table.foreign_keys if isinstance(fk, ForeignKey)}
        if refers & owned and table.name != "meeting" and "meeting_id" not in table.c:
            missing.append(table.name)
    assert missing == []


def test_organiser_deletes_a_meeting_and_no_row_of_it_is_left_anywhere(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any
) -> None:
    doomed = make_meeting(privacy_mode="named")
    fill_a_day(session, catalog, doomed, make_meeting)
    rehearsal = rehearsal_copy.open_rehearsal(session=session, meeting=doomed)
    follow_up = make_meeting(agenda_key="follow-up", scan_source_id=doomed.id, region="Regio Vervolg")
    other = make_meeting(("Diemen", "Edam"), region="Regio Elders")
    make_meeting.participant(other, "Diemen", name="Dirk")
    before = rows_of(session, doomed.id or 0)
    empty = sorted(name for name, rows in before.items() if rows == 0)
    assert empty == [], f"the test should put a row of the meeting in every table; none in {empty}"
    anna = session.execute(select(Participant).where(Participant.meeting_id == doomed.id)).scalars().first()
    assert anna is not None
    others_before = rows_of(session, other.id or 0)
    doomed_id, code, f, d, g = (
        doomed.id or 0,
        doomed.join_code,
        doomed.facilitator_token,
        doomed.display_token,
        doomed.gespreksleider_token,
    )
    rehearsal_id, rehearsal_code, rehearsal_f = rehearsal.id or 0, rehearsal.join_code, rehearsal.facilitator_token
    other_id, follow_up_id, anna_token = other.id or 0, follow_up.id, anna.token
    session.expunge_all()  # as after a request: nothing of the meeting stays loaded

    sign_in(client)
    page = client.get(f"/organisator/bijeenkomsten/{doomed_id}/verwijderen")
    assert page.status_code == 200
    for export in ("export/verslag.docx", "export/resultaten.xlsx", "export"):
        assert f'href="/organisator/bijeenkomsten/{doomed_id}/{export}"' in page.text  # exports offered first
    assert "Regio Vervolg" in page.text  # which meeting loses its link

    unconfirmed = client.post(f"/organisator/bijeenkomsten/{doomed_id}/verwijderen")
    assert unconfirmed.status_code == 422 and "Vink aan" in unconfirmed.text
    session.expire_all()
    assert rows_of(session, doomed_id) == before

    done = client.post(f"/organisator/bijeenkomsten/{doomed_id}/verwijderen", data={"bevestigd": "ja"})
    assert done.status_code == 200 and "is verwijderd" in done.text

    session.expire_all()
    assert {name: rows for name, rows in rows_of(session, doomed_id).items() if rows} == {}
    assert {name: rows for name, rows in rows_of(session, rehearsal_id).items() if rows} == {}
    assert rows_of(session, other_id) == others_before
    linked = session.get(Meeting, follow_up_id)
    assert linked is not None and linked.scan_source_id is None  # kept, only its link is gone

    client.cookies.set(f"zs_p_{code}", anna_token)
    gone = [
        f"/j/{code}",
        f"/j/{code}/kamer",
        f"/api/j/{code}/room",
        f"/qr/{code}.svg",
        f"/f/{f}",
        f"/d/{d}",
        f"/g/{g}",
        f"/j/{rehearsal_code}",
        f"/f/{rehearsal_f}",
        f"/organisator/bijeenkomsten/{doomed_id}",
        f"/api/meetings/{doomed_id}",
        f"/api/meetings/{doomed_id}/export/minutes.docx",
    ]
    statuses = {path: client.get(path, headers={"Authorization": f"Bearer {SECRET}"}).status_code for path in gone}
    assert statuses == dict.fromkeys(gone, 404)


def test_the_api_deletes_a_meeting_for_the_organiser_only(
    client: TestClient, session: Session, make_meeting: Any, organiser_headers: dict[str, str]
) -> None:
    meeting = make_meeting()
    make_meeting.participant(meeting, "Bussum", name="Bea")
    meeting_id = meeting.id or 0
    assert client.delete(f"/api/meetings/{meeting_id}").status_code == 403
    assert client.delete(f"/api/meetings/{meeting_id}", headers=organiser_headers).status_code == 204
    session.expunge_all()
    assert sum(rows_of(session, meeting_id).values()) == 0
    assert client.delete(f"/api/meetings/{meeting_id}", headers=organiser_headers).status_code == 404


def test_retention_purges_a_meeting_the_day_after_its_term_and_leaves_no_row(
    session: Session, catalog: Catalog, make_meeting: Any
) -> None:
    day = dt.date(2025, 3, 10)
    old = make_meeting(date=day)
    fill_a_day(session, catalog, old, make_meeting)
    rehearsal_copy.open_rehearsal(session=session, meeting=old)
    recent = make_meeting(("Diemen",), date=day + dt.timedelta(days=200), region="Regio Later")

    kept = removal.apply_retention(
        session=session, today=day + dt.timedelta(days=365), retention_days=365, anonymise_names_days=0
    )
    assert kept.deleted == [] and session.get(Meeting, old.id) is not None

    old_id, recent_id = old.id or 0, recent.id
    purged = removal.apply_retention(
        session=session, today=day + dt.timedelta(days=366), retention_days=365, anonymise_names_days=0
    )
    assert old_id in purged.deleted
    session.expunge_all()
    assert sum(rows_of(session, old_id).values()) == 0
    assert [m.id for m in session.execute(select(Meeting)).scalars()] == [recent_id]
    assert removal.purge_date(day, 365) == day + dt.timedelta(days=366)

    again = removal.apply_retention(
        session=session, today=day + dt.timedelta(days=366), retention_days=365, anonymise_names_days=0
    )
    assert again.deleted == []  # repeating it changes nothing


def test_names_are_blanked_earlier_when_set_and_everything_else_stays(session: Session, make_meeting: Any) -> None:
    day = dt.date(2025, 3, 10)
    old = make_meeting(date=day)
    later = make_meeting(("Diemen",), date=day + dt.timedelta(days=60), region="Regio Later")
    make_meeting.participant(old, "Amstelveen", name="Anna", role="beleid")
    make_meeting.participant(later, "Diemen", name="Dirk")

    report = removal.apply_retention(
        session=session, today=day + dt.timedelta(days=31), retention_days=365, anonymise_names_days=30
    )
    assert report.deleted == [] and report.anonymised == 1
    session.expire_all()
    people = {p.meeting_id: p for p in session.execute(select(Participant)).scalars()}
    assert people[old.id].name == "" and people[old.id].role == "beleid"
    assert people[later.id].name == "Dirk"


def test_retention_runs_when_the_app_starts(tmp_path: Any, catalog: Catalog) -> None:
    from app.core.config import Settings
    from app.main import create_app
    from app.meetings.schemas import MeetingCreate

    settings = Settings(data_dir=tmp_path, organiser_secret=SECRET, retention_days=30)
    first = create_app(settings)
    with Session(first.state.engine) as session:
        long_ago = dt.date.today() - dt.timedelta(days=40)
        data = MeetingCreate(region="Oud", date=long_ago, municipalities=["Aa"])
        old_id = meetings.create_meeting(
            session=session, catalog=catalog, data=data, organiser_id=FIRST_ADMINISTRATOR
        ).id
    first.state.engine.dispose()

    second = create_app(settings)
    with TestClient(second), Session(second.state.engine) as session:
        assert session.get(Meeting, old_id) is None
    second.state.engine.dispose()


def test_settings_document_the_retention_defaults() -> None:
    from app.core.config import Settings

    fields = Settings.model_fields
    assert fields["retention_days"].default == 365
    assert fields["anonymise_names_days"].default == 0
