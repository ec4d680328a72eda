"""Everything an export needs about one meeting's zelfscan, loaded once and in one privacy mode."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from app.catalog.loader import Agenda, Catalog, Question, QuestionSet
from app.core.privacy import Redactor, redactor
from app.meetings.models import Meeting, Municipality
from app.meetings.service import municipalities_of, municipality_label
from app.zelfscan.models import RoomAnswer
from app.zelfscan.results import (
    Results,
    answers_by_municipality,
    build_results,
    scores_by_name,
)
from app.zelfscan.scoring import NIET_OP_ORDE, OP_ORDE, STATUS_LABELS

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
SCAN_KINDS = {"nulmeting": "Nulmeting", "evaluatie": "Evaluatie", "toetsmoment": "Toetsmoment"}
GRID_SYMBOLS = {OP_ORDE: "+", NIET_OP_ORDE: "−", "open": "·"}


@dataclass
class ScanData:
    meeting: Meeting
    mode: str
    question_set: QuestionSet
    agenda: Agenda | None
    municipalities: list[Municipality]
    answers: dict[int, dict[int, RoomAnswer]]  # municipality id -> question -> answer
    results: Results
    previous: Meeting | None
    previous_scores: dict[str, dict[int, float]]  # lower-case municipality name -> earlier scores
    redact: Redactor

    def label(self, municipality: Municipality) -> str:
        """The municipality's name in this export's privacy mode."""
        return municipality_label(municipality, self.mode)

    def answer(self, municipality_id: int, question: int) -> RoomAnswer | None:
        """The room's answer, or None when the question was never touched."""
        return self.answers.get(municipality_id, {}).get(question)

    def status(self, municipality_id: int, question: int) -> str:
        """op_orde, niet_op_orde or open."""
        answer = self.answer(municipality_id, question)
        return answer.status if answer else "open"


def load_scan(*, session: Session, catalog: Catalog, meeting: Meeting, mode: str) -> ScanData:
    """Load the meeting's answers and results (with the earlier scan overlaid where there is one)."""
    question_set = catalog.question_set(meeting.question_set_key)
    previous = session.get(Meeting, meeting.previous_meeting_id) if meeting.previous_meeting_id else None
    municipalities = municipalities_of(session=session, meeting=meeting)
    return ScanData(
        meeting=meeting,
        mode=mode,
        question_set=question_set,
        agenda=catalog.agendas.get(meeting.agenda_key),
        municipalities=municipalities,
        answers=answers_by_municipality(session, meeting.id or 0),
        results=build_results(
            session=session, meeting=meeting, question_set=question_set, mode=mode, previous=previous
        ),
        previous=previous,
        previous_scores=scores_by_name(session=session, meeting=previous, question_set=question_set)
        if previous
        else {},
        redact=redactor(mode=mode, municipalities=municipalities),
    )


def dutch_date(day: dt.date, *, weekday: bool = True) -> str:
    """E.g. 'dinsdag 1 december 2026'."""
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def question_ref(question: Question) -> str:
    """'Vraag 3 (3a)' or 'Vraag 1 (standaard 1)'."""
    return question.ref


def status_label(status: str) -> str:
    """The Dutch label of an answer status."""
    return STATUS_LABELS.get(status, status)


def percent(value: float | None) -> str:
    """'75%' or '–'."""
    return "–" if value is None else f"{value:.0f}%"
