"""The plan van aanpak per municipality (Bijlage 5): rows co-edited live, started from the niet op orde answers.

Opening the plan never writes. Its first rows are drafted by an explicit action: a member presses
the button on the plan page, or the facilitator's clock enters the plan van aanpak block.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.catalog.loader import QuestionSet
from app.core.db import write_in_turn
from app.core.errors import Conflict, Gone, Invalid, NotFound
from app.core.versioning import write_versioned
from app.followup import plan_draft
from app.followup.models import (
    MAX_TEXT,
    PlanRow,
    PlanText,
)
from app.meetings import service as meeting_service
from app.meetings.models import Meeting, Municipality
from app.zelfscan import results as result_service


def _municipality(session: Session, meeting: Meeting, municipality_id: int) -> Municipality:
    return meeting_service.get_municipality(session=session, meeting=meeting, municipality_id=municipality_id)


ATTEMPTS = 5
PLAN_FIELDS = {
    "maatregel": "de maatregel",
    "huidige_stand": "de huidige stand van zaken",
    "verbeteractie": "de verbeteractie",
    "beoogd_resultaat": "het beoogde resultaat",
    "wie": "wie het gaat doen",
    "planning": "de planning",
    "kosten": "de kosten",
    "prioriteit": "de prioriteit",
    "scope": "lokaal of regionaal",
}


def plan_rows(*, session: Session, meeting: Meeting, municipality_id: int) -> list[PlanRow]:
    """The plan's rows in order (reading only: the first draft is made by `draft_first_rows`)."""
    query = (
        select(PlanRow)
        .where(PlanRow.meeting_id == meeting.id, PlanRow.municipality_id == municipality_id)
        .order_by(col(PlanRow.position), col(PlanRow.id))
    )
    return list(session.exec(query))


def draft_first_rows(*, session: Session, meeting: Meeting, municipality_id: int, question_set: QuestionSet) -> int:
    """Add the first draft's rows (niet op orde in the linked scan) that the plan lacks; the number added.

    Made once per plan (`PlanText.first_draft`): repeating it adds nothing, so rows the group deleted
    do not come back when the plan block is entered again. Two members starting the plan at the same
    moment get the rows once (unique constraints on the plan's text and on a question's row).
    """
    municipality = _municipality(session, meeting, municipality_id)
    source = result_service.scan_meeting(session=session, meeting=meeting)
    same = next(
        (
            m
            for m in meeting_service.municipalities_of(session=session, meeting=source)
            if m.name.lower() == municipality.name.lower()
        ),
        None,
    )
    if same is None:
        return 0
    answers = result_service.answers_by_municipality(session, source.id or 0).get(same.id or 0, {})
    draft = plan_draft.first_draft(question_set=question_set, answers=answers)
    for _attempt in range(ATTEMPTS):
        text = plan_text(session=session, meeting=meeting, municipality_id=municipality_id)
        if text.first_draft:
            return 0
        rows = plan_rows(session=session, meeting=meeting, municipality_id=municipality_id)
        have = {r.source_question for r in rows}
        missing = [d for d in draft if d.question not in have]
        text.first_draft = True  # one row for the plan (a unique constraint): two drafts at once add the rows once
        session.add(text)
        start = max((r.position for r in rows), default=-1) + 1
        session.add_all(
            PlanRow(
                meeting_id=meeting.id or 0,
                municipality_id=municipality_id,
                group=d.group,
                maatregel=d.maatregel[:MAX_TEXT],
                huidige_stand=d.huidige_stand[:MAX_TEXT],
                source_question=d.question,
                position=start + i,
            )
            for i, d in enumerate(missing)
        )
        try:
            session.commit()
        except IntegrityError:  # someone started this plan at the same moment: look again
            session.rollback()
            continue
        return len(missing)
    raise Conflict("Het plan wordt nu door meerdere mensen tegelijk gestart. Probeer het zo nog eens.")


def draft_every_plan(*, session: Session, meeting: Meeting, question_set: QuestionSet) -> int:
    """Give every municipality's plan its first draft (when the plan van aanpak block starts)."""
    return sum(
        draft_first_rows(session=session, meeting=meeting, municipality_id=m.id or 0, question_set=question_set)
        for m in meeting_service.municipalities_of(session=session, meeting=meeting)
    )


def _plan_row(session: Session, meeting: Meeting, municipality_id: int, row_id: int) -> PlanRow:
    row = session.get(PlanRow, row_id)
    if row is None or row.meeting_id != meeting.id or row.municipality_id != municipality_id:
        raise NotFound("Deze regel staat niet in het plan van aanpak van deze gemeente.")
    return row


def _clean_plan(changes: Mapping[str, str]) -> dict[str, str]:
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise Invalid(f"Onbekend veld: {', '.join(sorted(unknown))}.")
    cleaned = {k: v.strip() for k, v in changes.items()}
    if "maatregel" in cleaned and not cleaned["maatregel"]:
        raise Invalid("Vul de maatregel of het verbeterpunt in: een regel zonder maatregel kan niet.")
    if cleaned.get("scope", "lokaal") not in ("lokaal", "regionaal"):
        raise Invalid("Kies lokaal of regionaal.")
    for k, v in cleaned.items():
        if len(v) > MAX_TEXT:
            raise Invalid(f"{PLAN_FIELDS[k].capitalize()} is hoogstens {MAX_TEXT} tekens.")
    return cleaned


def add_plan_row(
    *,
    session: Session,
    meeting: Meeting,
    municipality_id: int,
    question_set: QuestionSet,
    group: str,
    values: Mapping[str, str],
    now: float,
) -> PlanRow:
    """Add a row to a group of the plan, as its first version."""
    municipality = _municipality(session, meeting, municipality_id)
    keys = [g.key for g in question_set.plan_groups]
    if group not in keys:
        raise Invalid(f"Kies een groep standaarden: {', '.join(keys)}.")
    cleaned = _clean_plan(values)
    if not cleaned.get("maatregel"):
        raise Invalid("Vul de maatregel of het verbeterpunt in: een regel zonder maatregel kan niet.")
    write_in_turn(session, municipality)  # two additions at once get distinct places
    rows = plan_rows(session=session, meeting=meeting, municipality_id=municipality_id)
    position = max((r.position for r in rows), default=-1) + 1
    row = PlanRow(
        meeting_id=meeting.id or 0,
        municipality_id=municipality_id,
        group=group,
        position=position,
        maatregel=cleaned["maatregel"],
        version=1,
        field_versions=dict.fromkeys(cleaned, 1),
        updated_at=now,
    )
    for name, value in cleaned.items():
        setattr(row, name, value)
    session.add(row)
    session.commit()
    return row


def update_plan_row(
    *,
    session: Session,
    meeting: Meeting,
    municipality_id: int,
    row_id: int,
    base_version: int,
    changes: Mapping[str, str],
    now: float,
) -> PlanRow:
    """Change fields of one plan row; EditConflict when one of them changed since `base_version`.

    RowRemoved (a 409 carrying the typed text) when someone deleted the row meanwhile.
    """
    cleaned = _clean_plan(changes)
    row = session.get(PlanRow, row_id)
    if row is not None and (row.meeting_id != meeting.id or row.municipality_id != municipality_id):
        raise NotFound("Deze regel staat niet in het plan van aanpak van deze gemeente.")
    try:
        if row is None:
            raise NotFound("Deze regel is verwijderd.")
        written = write_versioned(
            session=session,
            model=PlanRow,
            key={"id": row.id},
            changes=cleaned,
            base_version=base_version,
            labels=PLAN_FIELDS,
            now=now,
        )
    except NotFound:
        raise RowRemoved(attempted=cleaned) from None
    session.commit()
    return written.row


class RowRemoved(Conflict):
    """A change to a plan row that someone else deleted meanwhile; carries the text that was not saved."""

    def __init__(self, *, attempted: Mapping[str, str]) -> None:
        super().__init__(
            "Niet opgeslagen: iemand anders heeft deze regel intussen verwijderd. Je tekst staat hieronder; "
            "voeg de regel opnieuw toe als hij nodig is."
        )
        self.attempted = dict(attempted)
        self.removed = True
        self.row_id: int | None = None
        self.conflicts: list[object] = []


def delete_plan_row(*, session: Session, meeting: Meeting, municipality_id: int, row_id: int) -> None:
    """Delete a row of the plan; Gone (410) when it was deleted already."""
    write_in_turn(session, _municipality(session, meeting, municipality_id))
    row = session.get(PlanRow, row_id, populate_existing=True)
    if row is None:
        raise Gone("Deze regel is al verwijderd.")
    if row.meeting_id != meeting.id or row.municipality_id != municipality_id:
        raise NotFound("Deze regel staat niet in het plan van aanpak van deze gemeente.")
    session.delete(row)
    session.commit()


def move_plan_row(*, session: Session, meeting: Meeting, municipality_id: int, row_id: int, direction: str) -> None:
    """Move a row one place up or down within its group; every row's position is renumbered 0..n-1.

    The plan's rows are read and renumbered in turn (app.core.db.write_in_turn),
    so moves at the same moment are applied one after the other and positions stay distinct.
    """
    if direction not in ("omhoog", "omlaag"):
        raise Invalid("Kies omhoog of omlaag.")
    write_in_turn(session, _municipality(session, meeting, municipality_id))
    query = (
        select(PlanRow)
        .where(PlanRow.meeting_id == meeting.id, PlanRow.municipality_id == municipality_id)
        .order_by(col(PlanRow.position), col(PlanRow.id))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    rows = list(session.exec(query))
    index = next((i for i, r in enumerate(rows) if r.id == row_id), None)
    if index is None:
        elsewhere = session.get(PlanRow, row_id) is not None  # another municipality's (or meeting's) row
        session.rollback()
        if elsewhere:
            raise NotFound("Deze regel staat niet in het plan van aanpak van deze gemeente.")
        raise Gone("Deze regel is intussen verwijderd.")
    same_group = [i for i, r in enumerate(rows) if r.group == rows[index].group]
    at = same_group.index(index)
    other = at - 1 if direction == "omhoog" else at + 1
    if 0 <= other < len(same_group):
        j = same_group[other]
        rows[index], rows[j] = rows[j], rows[index]
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            session.add(row)
    session.commit()


PLAN_TEXT_FIELDS = {
    "inleiding": "de inleiding",
    "context": "de context",
    "samenvatting": "de samenvatting",
}


def plan_text(*, session: Session, meeting: Meeting, municipality_id: int) -> PlanText:
    """The plan's inleiding, context and samenvatting (an empty, unsaved one before the first write)."""
    stored = session.exec(
        select(PlanText).where(PlanText.meeting_id == meeting.id, PlanText.municipality_id == municipality_id)
    ).first()
    return stored or PlanText(meeting_id=meeting.id or 0, municipality_id=municipality_id)


def update_plan_text(
    *,
    session: Session,
    meeting: Meeting,
    municipality_id: int,
    base_version: int,
    changes: Mapping[str, str],
    now: float,
) -> PlanText:
    """Change the plan's inleiding, context or samenvatting; EditConflict when a changed one moved on."""
    _municipality(session, meeting, municipality_id)
    unknown = set(changes) - set(PLAN_TEXT_FIELDS)
    if unknown:
        raise Invalid(f"Onbekend veld: {', '.join(sorted(unknown))}.")
    cleaned = {k: v.strip() for k, v in changes.items()}
    for k, v in cleaned.items():
        if len(v) > MAX_TEXT:
            raise Invalid(f"{PLAN_TEXT_FIELDS[k].capitalize()} is hoogstens {MAX_TEXT} tekens.")
    written = write_versioned(
        session=session,
        model=PlanText,
        key={"meeting_id": meeting.id, "municipality_id": municipality_id},
        create={},
        changes=cleaned,
        base_version=base_version,
        labels=PLAN_TEXT_FIELDS,
        now=now,
    )
    session.commit()
    return written.row
