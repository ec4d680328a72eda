"""A follow-up meeting with everything recorded: wheel note, agreement and action, theme answer, a drafted plan row."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlmodel import Session

from app.catalog.loader import Catalog
from app.followup import agreements, themes
from app.followup import plan as plan_service
from app.meetings.models import Meeting
from app.wheel import service as wheel_service
from tests.support.scans import ScanFactory

NOTE = "In Bussum loopt het casusoverleg al goed, daar kunnen we van leren."
AGREEMENT = "Volgende regiobijeenkomst in maart plannen"
ACTION = "Concept plan van aanpak rondsturen"
KNELPUNTEN = "Geen gedeeld risicotaxatie-instrument"
MAATREGEL = "Gezamenlijk instrument voor veiligheidsbeoordeling invoeren"
KOSTEN = "EUR 12.000 voor scholing"


@dataclass
class FollowUpMeeting:
    start: Meeting
    meeting: Meeting
    drawn_question: str
    bussum_id: int


def follow_up_meeting(
    db: Session,
    catalog: Catalog,
    scans: ScanFactory,
    privacy_mode: str = "anonymised",
    names: tuple[str, ...] | None = None,
    **fields: object,
) -> FollowUpMeeting:
    """A startbijeenkomst with a filled-in scan and its follow-up (`fields`, e.g. its date) with every record."""
    start = scans.meeting(names) if names else scans.meeting()
    scans.fill(start)
    follow = {"agenda_key": "follow-up", "scan_source_id": start.id, "privacy_mode": privacy_mode, **fields}
    meeting = scans.meeting(names, **follow) if names else scans.meeting(**follow)
    scans.fill(meeting)
    spin = wheel_service.spin(session=db, meeting=meeting, rng=random.Random(3), now=1.0, by="gespreksleider")
    wheel_service.save_note(session=db, meeting=meeting, question_id=spin.question_id, text=NOTE, now=2.0)
    drawn = wheel_service.wheel_view(session=db, meeting=meeting).drawn[0].question.text
    agreements.add_agreement(session=db, meeting=meeting, kind="agreement", what=AGREEMENT, who="", when="", now=3.0)
    agreements.add_agreement(
        session=db, meeting=meeting, kind="action", what=ACTION, who="Castricum", when="15 januari", now=4.0
    )
    theme = themes.add_theme(
        session=db,
        meeting=meeting,
        question_set=catalog.question_set(meeting.question_set_key),
        title="Zicht op veiligheid",
        standards="4,5",
    )
    themes.update_theme_answer(
        session=db,
        theme=theme,
        base_version=0,
        changes={"knelpunten": KNELPUNTEN, "quick_win": "Casusoverleg", "kosten": "ja"},
        now=5.0,
    )
    bussum = scans.municipalities(meeting)["Bussum"]
    plan_service.add_plan_row(
        session=db,
        meeting=meeting,
        municipality_id=bussum.id or 0,
        question_set=catalog.question_set(meeting.question_set_key),
        group="4-5-7-8",
        values={
            "maatregel": MAATREGEL,
            "huidige_stand": "Ieder team gebruikt een eigen lijst",
            "kosten": KOSTEN,
            "prioriteit": "hoog",
            "wie": "Teamleider Bussum",
        },
        now=6.0,
    )
    return FollowUpMeeting(start, meeting, drawn, bussum.id or 0)
