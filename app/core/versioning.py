"""The one versioned writer for co-edited texts: room answers, theme answers, plan rows and the import.

A write names the version it was based on (`base_version`). A row keeps its `version` and, per field,
the version at which that field last changed (`field_versions`). Changes to fields nobody touched since
the base merge; a change to a field someone else changed since is refused with the newer text
(EditConflict, 409), and so is a base version the row never had. The write is a compare-and-set on
`version`; a first write inserts inside a savepoint, so when two people create the row at once the
second reads the first one's row and is judged again. Nothing here commits: the caller commits, with
its change log, so a write and its log are kept together or not at all.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import bindparam, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, SQLModel, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.core.db import begin_write
from app.core.errors import Conflict, NotFound

Row = TypeVar("Row", bound=SQLModel)
ATTEMPTS = 5
BUSY = "Deze tekst wordt nu door meerdere mensen tegelijk gewijzigd. Probeer het zo nog eens."


@dataclass(frozen=True)
class FieldConflict:
    """One field that changed since the writer's base: the stored (newer) text and the writer's own."""

    field: str
    label: str
    theirs: Any
    mine: Any


class EditConflict(Conflict):
    """A write refused because it was based on an older (or unknown) version; carries both texts."""

    def __init__(
        self, *, conflicts: list[FieldConflict], row: Any, attempted: Mapping[str, Any], base_version: int
    ) -> None:
        self.ahead = base_version > row.version
        if self.ahead:
            message = (
                f"Niet opgeslagen: je scherm gaat uit van versie {base_version}, maar opgeslagen is versie "
                f"{row.version}. Bekijk de opgeslagen tekst; jouw tekst staat er nog. Pas aan en sla opnieuw op."
            )
        else:
            names = ", ".join(c.label for c in conflicts)
            message = f"Iemand anders heeft intussen {names} gewijzigd. Bekijk de nieuwe tekst en sla opnieuw op."
        super().__init__(message)
        self.conflicts = conflicts
        self.row = row
        self.row_id: int | None = row.id
        self.attempted = dict(attempted)  # everything this person sent: the form shows it again, unsaved

    @property
    def fields(self) -> list[str]:
        return [c.field for c in self.conflicts]


@dataclass(frozen=True)
class Written(Generic[Row]):
    """The outcome of a write: the row as stored now, and the changed fields' old and new values."""

    row: Row
    before: dict[str, Any] = field(default_factory=dict)
    changed: dict[str, Any] = field(default_factory=dict)


def write_versioned(
    *,
    session: Session,
    model: type[Row],
    key: Mapping[str, Any],
    changes: Mapping[str, Any],
    base_version: int,
    labels: Mapping[str, str],
    now: float,
    create: Mapping[str, Any] | None = None,
    stamp: Mapping[str, Any] | None = None,
) -> Written[Row]:
    """Apply `changes` to the `model` row with `key` unless a changed field moved on since `base_version`.

    `create` holds the other columns of a row that does not exist yet (None: it must exist); `stamp`
    is set on every write that changes something (e.g. who). Refusals roll the session back.
    """
    try:
        for _attempt in range(ATTEMPTS):
            stored = _read(session, model, key)
            if stored is None and create is None:
                raise NotFound("Deze tekst bestaat niet (meer).")
            current = stored if stored is not None else model(**key, **(create or {}))
            changed = {k: v for k, v in changes.items() if getattr(current, k) != v}
            _judge(current, changes, changed, base_version, labels)
            if not changed:
                return Written(current)
            before = {k: getattr(current, k) for k in changed}
            values = _next_values(current, changed, now, stamp)
            begin_write(session)
            if stored is not None:
                if _compare_and_set(session, model, stored, values):
                    return Written(stored, before, changed)  # the row read, now holding what was written
                continue  # another write came first: read it and judge again
            row = model(**key, **(create or {}), **values)
            failed = _insert(session, row)
            if failed is None:
                return Written(row, before, changed)
            if _read(session, model, key) is None:
                raise failed  # no one else's first write came first: a real integrity error
        raise Conflict(BUSY)
    except (Conflict, NotFound):
        session.rollback()
        raise


def _read(session: Session, model: type[Row], key: Mapping[str, Any]) -> Row | None:
    if any(value is None for value in key.values()):  # IS NULL: not a parameter
        query = select(model).where(*(col(getattr(model, name)) == value for name, value in key.items()))
        return session.exec(query.execution_options(populate_existing=True)).first()
    return session.exec(_read_by(model, tuple(key)), params={f"key_{k}": v for k, v in key.items()}).first()


@functools.cache
def _read_by(model: type[Row], names: tuple[str, ...]) -> SelectOfScalar[Row]:
    """The read of a row by these key columns, built once per model and key (every write reads it first)."""
    where = (col(getattr(model, name)) == bindparam(f"key_{name}") for name in names)
    return select(model).where(*where).execution_options(populate_existing=True)


def _judge(
    current: Any, changes: Mapping[str, Any], changed: Mapping[str, Any], base_version: int, labels: Mapping[str, str]
) -> None:
    """Refuse a write based on a version the row never had, or changing a field changed after its base."""
    versions: dict[str, int] = current.field_versions or {}
    ahead = base_version > current.version
    stale = [
        FieldConflict(k, labels[k], getattr(current, k), v)
        for k, v in changed.items()
        if ahead or versions.get(k, 0) > base_version
    ]
    if ahead or stale:
        raise EditConflict(conflicts=stale, row=current, attempted=changes, base_version=base_version)


def _next_values(
    current: Any, changed: Mapping[str, Any], now: float, stamp: Mapping[str, Any] | None
) -> dict[str, Any]:
    version = current.version + 1
    versions = {**(current.field_versions or {}), **dict.fromkeys(changed, version)}
    return {**changed, **(stamp or {}), "version": version, "field_versions": versions, "updated_at": now}


def _insert(session: Session, row: SQLModel) -> IntegrityError | None:
    """Insert a first version in a savepoint; the error when it failed (someone else's first write, usually)."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as exc:
        return exc
    return None


def _compare_and_set(session: Session, model: type[Row], stored: Any, values: Mapping[str, Any]) -> bool:
    """Update the row only if it is still at the version it was judged on; False when another write came first."""
    result = session.execute(
        update(model)
        .where(col(model.id) == stored.id, col(model.version) == stored.version)  # type: ignore[attr-defined]
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    for name, value in values.items():  # what was written, without reading it back (nothing else changed)
        set_committed_value(stored, name, value)
    return True
