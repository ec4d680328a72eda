"""Everything an export needs about one meeting's zelfscan, loaded once and in one privacy mode."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from app.catalog.loader import Agenda, Catalog, Question, QuestionSet
from app.core.privacy import DOCUMENT, Policy, Redactor
from app.meetings.models import Meeting, Municipality
from app.meetings.service import municipalities_of
from app.zelfscan.models import RoomAnswer
from app.zelfscan.results import (
    Results,
    answers_by_municipality,
    meeting_results,
    privacy_policy,
    scan_links,
    scores_by_name,
)
from app.zelfscan.scoring import STATUS_LABELS

SCAN_KINDS = {"nulmeting": "Nulmeting", "evaluatie": "Evaluatie", "toetsmoment": "Toetsmoment"}


@dataclass
class ScanData:
    meeting: Meeting  # the meeting the document is about
    mode: str
    question_set: QuestionSet
    agenda: Agenda | None
    scan: Meeting  # the meeting whose scan counts: the meeting itself, or a follow-up's startbijeenkomst
    municipalities: list[Municipality]  # the municipalities of that scan (the answers are theirs)
    meeting_municipalities: list[Municipality]  # the meeting's own (attendance, plans per municipality)
    answers: dict[int, dict[int, RoomAnswer]]  # scan municipality id -> question -> answer
    results: Results
    previous: Meeting | None  # the earlier scan compared with
    previous_scores: dict[str, dict[int, float]]  # lower-case municipality name -> earlier scores
    policy: Policy

    @property
    def redact(self) -> Redactor:
        """Free text as the privacy policy allows (municipality names replaced)."""
        return self.policy.redact

    def label(self, municipality: Municipality) -> str:
        """The municipality's name in this export's privacy mode."""
        return self.policy.label(municipality)

    def in_scan(self, municipality: Municipality) -> Municipality | None:
        """The scan's municipality with the same name (a follow-up's municipality in its startbijeenkomst)."""
        if municipality.meeting_id == self.scan.id:
            return municipality
        name = municipality.name.casefold()
        return next((m for m in self.municipalities if m.name.casefold() == name), None)

    def answer(self, municipality_id: int, question: int) -> RoomAnswer | None:
        """The room's answer, or None when the question was never touched."""
        return self.answers.get(municipality_id, {}).get(question)

    def status(self, municipality_id: int, question: int) -> str:
        """op_orde, niet_op_orde or open."""
        answer = self.answer(municipality_id, question)
        return answer.status if answer else "open"


def load_scan(*, session: Session, catalog: Catalog, meeting: Meeting, mode: str) -> ScanData:
    """Load the answers and results that count for the meeting (a follow-up's: its startbijeenkomst's),
    with the earlier scan overlaid where there is one."""
    question_set = catalog.question_set(meeting.question_set_key)
    links = scan_links(session=session, meeting=meeting)
    policy = privacy_policy(session=session, meeting=meeting, medium=DOCUMENT, mode=mode, links=links)
    previous = links.earlier
    return ScanData(
        meeting=meeting,
        mode=mode,
        question_set=question_set,
        agenda=catalog.agendas.get(meeting.agenda_key),
        scan=links.scan,
        municipalities=municipalities_of(session=session, meeting=links.scan),
        meeting_municipalities=municipalities_of(session=session, meeting=meeting),
        answers=answers_by_municipality(session, links.scan.id or 0),
        results=meeting_results(session=session, meeting=meeting, question_set=question_set, policy=policy),
        previous=previous,
        previous_scores=scores_by_name(session=session, meeting=previous, question_set=question_set)
        if previous
        else {},
        policy=policy,
    )


def question_ref(question: Question) -> str:
    """'Vraag 3 (3a)' or 'Vraag 1 (standaard 1)'."""
    return question.ref


def status_label(status: str) -> str:
    """The Dutch label of an answer status."""
    return STATUS_LABELS.get(status, status)


def percent(value: float | None) -> str:
    """'75%' or '–'."""
    return "–" if value is None else f"{value:.0f}%"
