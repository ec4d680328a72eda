"""The one versioned writer, step by step: merge, refuse, and lose a race without losing anything."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session, select

from app.core import versioning
from app.core.versioning import EditConflict, write_versioned
from app.followup import themes
from app.followup.models import Theme, ThemeAnswer

LABELS = themes.THEME_FIELDS


@pytest.fixture
def theme(make_meeting: Any, session: Session, catalog: Any) -> Theme:
    meeting = make_meeting(agenda_key="follow-up")
    question_set = catalog.question_set(meeting.question_set_key)
    return themes.add_theme(session=session, meeting=meeting, question_set=question_set, title="Zicht")


def write(session: Session, theme: Theme, base_version: int, **changes: str) -> versioning.Written[ThemeAnswer]:
    return write_versioned(
        session=session,
        model=ThemeAnswer,
        key={"theme_id": theme.id},
        create={"meeting_id": theme.meeting_id},
        changes=changes,
        base_version=base_version,
        labels=LABELS,
        now=1.0,
    )


def committed(engine: Engine, theme: Theme, base_version: int, **changes: str) -> None:
    """Someone else's write, in their own session, committed."""
    with Session(engine) as other:
        write(other, theme, base_version, **changes)
        other.commit()


def before_the_write(monkeypatch: pytest.MonkeyPatch, action: Callable[[], None]) -> None:
    """Run `action` once, after the writer has read the row and before it writes (where a race strikes)."""
    real = versioning.begin_write
    pending = [action]

    def racing(session: Session) -> None:
        while pending:
            pending.pop()()
        real(session)

    monkeypatch.setattr(versioning, "begin_write", racing)


def test_a_first_write_and_what_comes_with_it_are_kept_or_dropped_together(session: Session, theme: Theme) -> None:
    written = write(session, theme, 0, knelpunten="Eerste tekst")
    assert (written.before, written.changed) == ({"knelpunten": ""}, {"knelpunten": "Eerste tekst"})
    session.rollback()  # the caller's unit of work fails after the write: the savepoint must not have committed
    assert session.exec(select(ThemeAnswer)).all() == []


def test_a_first_write_that_loses_the_race_is_judged_again_and_merges(
    session: Session, theme: Theme, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    before_the_write(monkeypatch, lambda: committed(app.state.engine, theme, 0, kansen="Hun kansen"))
    written = write(session, theme, 0, knelpunten="Mijn knelpunten")
    session.commit()
    assert (written.row.knelpunten, written.row.kansen, written.row.version) == ("Mijn knelpunten", "Hun kansen", 2)
    assert written.row.field_versions == {"kansen": 1, "knelpunten": 2}


def test_a_first_write_of_the_same_field_that_loses_the_race_gets_both_texts(
    session: Session, theme: Theme, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    before_the_write(monkeypatch, lambda: committed(app.state.engine, theme, 0, knelpunten="Hun tekst"))
    with pytest.raises(EditConflict) as refused:
        write(session, theme, 0, knelpunten="Mijn tekst")
    [conflict] = refused.value.conflicts
    assert (conflict.field, conflict.theirs, conflict.mine) == ("knelpunten", "Hun tekst", "Mijn tekst")
    assert not refused.value.ahead and "de knelpunten gewijzigd" in refused.value.message


def test_a_write_that_loses_the_compare_and_set_is_judged_again(
    session: Session, theme: Theme, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(session, theme, 0, knelpunten="Start")
    session.commit()
    before_the_write(monkeypatch, lambda: committed(app.state.engine, theme, 1, kansen="Tussendoor"))
    written = write(session, theme, 1, quick_win="Snel")
    session.commit()
    assert (written.row.kansen, written.row.quick_win, written.row.version) == ("Tussendoor", "Snel", 3)
    assert written.before == {"quick_win": ""}


def test_a_base_version_ahead_of_the_stored_one_is_refused(session: Session, theme: Theme) -> None:
    write(session, theme, 0, knelpunten="Start")
    session.commit()
    with pytest.raises(EditConflict) as refused:
        write(session, theme, 4, knelpunten="Iets anders")
    assert refused.value.ahead and "versie 4, maar opgeslagen is versie 1" in refused.value.message
    assert [c.theirs for c in refused.value.conflicts] == ["Start"]


def test_a_change_reads_its_row_once_and_returns_what_is_stored(session: Session, theme: Theme, app: Any) -> None:
    write(session, theme, 0, knelpunten="Start")
    session.commit()
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(app.state.engine, "before_cursor_execute", seen)
    try:
        written = write(session, theme, 1, kansen="Kansen")
        session.commit()
    finally:
        event.remove(app.state.engine, "before_cursor_execute", seen)
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "themeanswer" in s.lower()]
    assert len(reads) == 1, statements  # judged on one read; what was written is not read back
    with Session(app.state.engine) as other:
        stored = other.exec(select(ThemeAnswer).where(ThemeAnswer.theme_id == theme.id)).one()
        assert stored.model_dump() == written.row.model_dump()
    assert (written.row.version, written.row.field_versions) == (2, {"knelpunten": 1, "kansen": 2})
