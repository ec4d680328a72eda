"""Versioned co-editing of shared texts: a write names the version it was based on; a stale same-field write is refused."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import update
from sqlmodel import Session, col

from app.core.errors import Conflict
from app.followup.models import (
    PlanRow,
    ThemeAnswer,
)

Row = TypeVar("Row", ThemeAnswer, PlanRow)


@dataclass
class FieldConflict:
    field: str
    label: str
    theirs: str
    version: int


class EditConflict(Conflict):
    """A same-field write based on an older version: carries the newer text."""

    def __init__(self, conflicts: list[FieldConflict]) -> None:
        names = ", ".join(c.label for c in conflicts)
        super().__init__(f"Iemand anders heeft intussen {names} gewijzigd. Bekijk de nieuwe tekst en sla opnieuw op.")
        self.conflicts = conflicts


def _apply_versioned(
    session: Session, row: Row, changes: Mapping[str, str], base_version: int, labels: Mapping[str, str], now: float
) -> Row:
    """Apply `changes` to `row` unless one of those fields changed after `base_version`."""
    versions: dict[str, int] = json.loads(row.field_versions_json or "{}")
    changed = {k: v for k, v in changes.items() if getattr(row, k) != v}
    if not changed:
        return row
    stale = [
        FieldConflict(k, labels[k], str(getattr(row, k)), row.version)
        for k in changed
        if versions.get(k, 0) > base_version
    ]
    if stale:
        raise EditConflict(stale)
    loaded_version = row.version
    new_version = loaded_version + 1
    for k in changed:
        versions[k] = new_version
    values: dict[str, Any] = {
        **changed,
        "version": new_version,
        "field_versions_json": json.dumps(versions, sort_keys=True),
        "updated_at": now,
    }
    model = type(row)
    if row.id is None:
        for k, v in values.items():
            setattr(row, k, v)
        session.add(row)
        session.commit()
        return row
    result = session.execute(
        update(model).where(col(model.id) == row.id, col(model.version) == loaded_version).values(**values)
    )  # type: ignore[attr-defined]
    session.commit()
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(row)  # someone wrote in between: judge again against their version
        return _apply_versioned(session, row, changes, base_version, labels, now)
    session.refresh(row)
    return row
