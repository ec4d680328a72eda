"""Agreements and action items (what, who, when), recorded in the closing block."""

from __future__ import annotations

from sqlmodel import Session, col, select

from app.core.errors import Invalid, NotFound
from app.followup.models import (
    MAX_LINE,
    Agreement,
)
from app.meetings.models import Meeting

AGREEMENT_KINDS = {"agreement": "Afspraak", "action": "Actiepunt"}


def add_agreement(
    *, session: Session, meeting: Meeting, kind: str, what: str, who: str, when: str, now: float
) -> Agreement:
    if kind not in AGREEMENT_KINDS:
        raise Invalid("Kies een afspraak of een actiepunt.")
    if not what.strip():
        raise Invalid("Vul in wat er is afgesproken.")
    for label, value in (("Wat", what), ("Wie", who), ("Wanneer", when)):
        if len(value.strip()) > MAX_LINE:
            raise Invalid(f"{label} is hoogstens {MAX_LINE} tekens.")
    agreement = Agreement(
        meeting_id=meeting.id or 0, kind=kind, what=what.strip(), who=who.strip(), when=when.strip(), at=now
    )
    session.add(agreement)
    session.commit()
    return agreement


def agreements_of(*, session: Session, meeting: Meeting) -> list[Agreement]:
    return list(session.exec(select(Agreement).where(Agreement.meeting_id == meeting.id).order_by(col(Agreement.id))))


def delete_agreement(*, session: Session, meeting: Meeting, agreement_id: int) -> None:
    agreement = session.get(Agreement, agreement_id)
    if agreement is None or agreement.meeting_id != meeting.id:
        raise NotFound("Deze afspraak bestaat niet.")
    session.delete(agreement)
    session.commit()
