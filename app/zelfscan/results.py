"""Results of a meeting's zelfscan in a privacy mode: for the dashboard, the API and the exports.

The one owner of the two links between meetings: `scan_links` says whose scan counts for a meeting
(a follow-up takes its results from its startbijeenkomst) and which earlier scan it compares with
(an evaluatie with its nulmeting). Every screen, the API and every document ask it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from sqlmodel import Session, col, func, select

from app.catalog.loader import QuestionSet
from app.core.privacy import DOCUMENT, Policy, decide
from app.core.redaction import parse_terms
from app.meetings.models import Meeting, MeetingBlock, Municipality, Participant
from app.meetings.service import municipalities_of
from app.zelfscan import scoring
from app.zelfscan.models import ParticipantView, RoomAnswer


@dataclass
class MunicipalityResult:
    id: int
    label: str
    scores: dict[int, float]
    statuses: dict[int, str]
    answered: int
    previous: dict[int, float] | None = None


@dataclass
class Remark:
    question: int
    label: str  # municipality label in the privacy mode ("" in regional mode)
    toelichting: str  # redacted as the privacy policy requires
    nuancering: str


@dataclass(frozen=True)
class ScanLinks:
    """For one meeting: the meeting whose scan counts, and the earlier scan it compares with."""

    meeting: Meeting
    scan: Meeting  # the meeting itself, or the startbijeenkomst a follow-up takes its results from
    earlier: Meeting | None  # the nulmeting an evaluatie or toetsmoment compares with

    @property
    def borrowed(self) -> bool:
        """Whether the results come from another meeting (a follow-up's startbijeenkomst)."""
        return self.scan.id != self.meeting.id


def scan_meeting(*, session: Session, meeting: Meeting) -> Meeting:
    """The meeting whose scan counts for `meeting`: its scan source (followed to the end), else itself."""
    current, seen = meeting, {meeting.id}
    while current.scan_source_id is not None and current.scan_source_id not in seen:
        source = session.get(Meeting, current.scan_source_id)
        if source is None:
            break
        seen.add(source.id)
        current = source
    return current


def scan_links(*, session: Session, meeting: Meeting) -> ScanLinks:
    """Whose scan counts for `meeting` and the earlier scan it compares with (its own link, else its source's)."""
    scan = scan_meeting(session=session, meeting=meeting)
    earlier = None
    for holder in (meeting, scan):
        linked = session.get(Meeting, holder.earlier_scan_id) if holder.earlier_scan_id is not None else None
        if linked is not None:
            earlier = scan_meeting(session=session, meeting=linked)
            break
    if earlier is not None and earlier.id == scan.id:
        earlier = None  # never compare a scan with itself
    return ScanLinks(meeting=meeting, scan=scan, earlier=earlier)


def privacy_policy(
    *, session: Session, meeting: Meeting, medium: str, mode: str | None = None, links: ScanLinks | None = None
) -> Policy:
    """The privacy policy for `meeting` on a medium, over its own municipalities and those of the scan it shows."""
    links = links or scan_links(session=session, meeting=meeting)
    own = municipalities_of(session=session, meeting=meeting)
    linked = municipalities_of(session=session, meeting=links.scan) if links.borrowed else []
    hidden = parse_terms(meeting.hidden_terms) + (parse_terms(links.scan.hidden_terms) if links.borrowed else [])
    original = session.get(Meeting, meeting.rehearsal_of) if meeting.rehearsal_of else None
    if original is not None:  # an oefenversie hides what its real meeting hides, also terms added after the copy
        hidden += parse_terms(original.hidden_terms)
    return decide(
        mode=mode or meeting.privacy_mode, medium=medium, municipalities=own, linked=linked, hidden_terms=hidden
    )


@dataclass
class Results:
    mode: str
    question_set: QuestionSet
    municipalities: list[MunicipalityResult]  # empty in regional mode
    municipality_count: int
    regional: dict[int, float]
    regional_previous: dict[int, float] | None
    most_niet: list[scoring.QuestionTally]
    most_split: list[scoring.QuestionTally]
    tallies: list[scoring.QuestionTally]
    fully_op_orde: dict[int, int]  # standard -> number of municipalities with all its questions op orde
    remarks: list[Remark] = field(default_factory=list)
    scan: Meeting | None = None  # the meeting whose answers these are
    earlier: Meeting | None = None  # the earlier scan compared with
    asked: frozenset[int] = frozenset()  # standards with a question asked so far (the others: "niet gevraagd")

    @property
    def standards(self) -> list[int]:
        return [s.number for s in self.question_set.standards]

    def statement(self, standard: int) -> str:
        count = self.fully_op_orde.get(standard, 0)
        return f"{count} van {self.municipality_count} gemeenten hebben standaard {standard} op orde"


def asked_standards(*, session: Session, meeting: Meeting, question_set: QuestionSet) -> frozenset[int]:
    """The standards of which a question was asked: in a zelfscan block that has begun, or answered in a room."""
    asked: set[int] = set()
    for block in session.exec(select(MeetingBlock).where(MeetingBlock.meeting_id == meeting.id)):
        begun = meeting.finished or block.actual_start is not None
        begun = begun or (meeting.current_block is not None and block.position <= meeting.current_block)
        if block.work == "zelfscan" and begun and block.first_question and block.last_question:
            asked.update(q.number for q in question_set.questions_between(block.first_question, block.last_question))
    answered = select(RoomAnswer.question).where(RoomAnswer.meeting_id == meeting.id, RoomAnswer.status != scoring.OPEN)
    asked.update(session.exec(answered.distinct()))
    return frozenset(q.standard for q in question_set.questions if q.number in asked)


def _refs(question_set: QuestionSet) -> list[scoring.QuestionRef]:
    return [scoring.QuestionRef(q.number, q.standard) for q in question_set.questions]


def answers_by_municipality(
    session: Session,
    meeting_id: int,
    municipality_ids: Collection[int] | None = None,
    questions: Collection[int] | None = None,
) -> dict[int, dict[int, RoomAnswer]]:
    """The meeting's room answers per municipality and question (only these rooms' and questions' when given)."""
    query = select(RoomAnswer).where(RoomAnswer.meeting_id == meeting_id)
    if municipality_ids is not None:
        query = query.where(col(RoomAnswer.municipality_id).in_(municipality_ids))
    if questions is not None:
        query = query.where(col(RoomAnswer.question).in_(questions))
    grouped: dict[int, dict[int, RoomAnswer]] = {m: {} for m in municipality_ids or ()}
    for answer in session.exec(query):
        grouped.setdefault(answer.municipality_id, {})[answer.question] = answer
    return grouped


def views_by_municipality(
    session: Session,
    meeting_id: int,
    municipality_ids: Collection[int] | None = None,
    questions: Collection[int] | None = None,
) -> dict[int, dict[int, list[str]]]:
    """The members' own views per municipality and question (only these rooms' and questions' when given)."""
    # The three columns, not the rows as objects: a dashboard reads the changed ones at every push.
    query = select(ParticipantView.municipality_id, ParticipantView.question, ParticipantView.status).where(
        ParticipantView.meeting_id == meeting_id
    )
    if municipality_ids is not None:
        query = query.where(col(ParticipantView.municipality_id).in_(municipality_ids))
    if questions is not None:
        query = query.where(col(ParticipantView.question).in_(questions))
    grouped: dict[int, dict[int, list[str]]] = {m: {} for m in municipality_ids or ()}
    for municipality_id, question, status in session.exec(query):
        grouped.setdefault(municipality_id, {}).setdefault(question, []).append(status)
    return grouped


def scores_by_name(*, session: Session, meeting: Meeting, question_set: QuestionSet) -> dict[str, dict[int, float]]:
    """Scores per municipality name (lower case): for comparing with an earlier scan."""
    refs = _refs(question_set)
    standards = [s.number for s in question_set.standards]
    answers = answers_by_municipality(session, meeting.id or 0)
    return {
        m.name.lower(): scoring.municipality_scores(
            refs, standards, {q: a.status for q, a in answers.get(m.id or 0, {}).items()}
        )
        for m in municipalities_of(session=session, meeting=meeting)
    }


def meeting_results(*, session: Session, meeting: Meeting, question_set: QuestionSet, policy: Policy) -> Results:
    """The results that count for `meeting` (a follow-up's: its startbijeenkomst's), with its earlier scan."""
    links = scan_links(session=session, meeting=meeting)
    return build_results(
        session=session, meeting=links.scan, question_set=question_set, policy=policy, previous=links.earlier
    )


def build_results(
    *,
    session: Session,
    meeting: Meeting,
    question_set: QuestionSet,
    mode: str | None = None,
    previous: Meeting | None = None,
    policy: Policy | None = None,
) -> Results:
    """The results of `meeting`'s own scan (compared with `previous`), shown as `policy` (or `mode`) allows."""
    policy = policy or decide(
        mode=mode or meeting.privacy_mode,
        medium=DOCUMENT,
        municipalities=municipalities_of(session=session, meeting=meeting),
    )
    municipalities = municipalities_of(session=session, meeting=meeting)
    earlier = scores_by_name(session=session, meeting=previous, question_set=question_set) if previous else {}
    return compose_results(
        question_set=question_set,
        policy=policy,
        municipalities=municipalities,
        answers=answers_by_municipality(session, meeting.id or 0),
        views=views_by_municipality(session, meeting.id or 0),
        earlier=earlier,
        scan=meeting,
        previous=previous,
        asked=asked_standards(session=session, meeting=meeting, question_set=question_set),
    )


def compose_results(
    *,
    question_set: QuestionSet,
    policy: Policy,
    municipalities: list[Municipality],
    answers: dict[int, dict[int, RoomAnswer]],
    views: dict[int, dict[int, list[str]]],
    earlier: dict[str, dict[int, float]],
    scan: Meeting | None,
    previous: Meeting | None,
    asked: frozenset[int] = frozenset(),
    text: Callable[[str], str] | None = None,
) -> Results:
    """The results from answers and views already read (pure): scores, tallies and remarks as `policy` allows.

    `text` shows free text as the policy allows (default `policy.text`; a screen passes a memo of it)."""
    text = text or policy.text
    mode = policy.mode
    refs = _refs(question_set)
    standards = [s.number for s in question_set.standards]
    results: list[MunicipalityResult] = []
    for m in municipalities:
        statuses = {q: a.status for q, a in answers.get(m.id or 0, {}).items()}
        results.append(
            MunicipalityResult(
                id=m.id or 0,
                label=policy.label(m),
                scores=scoring.municipality_scores(refs, standards, statuses),
                statuses=statuses,
                answered=sum(1 for s in statuses.values() if s != scoring.OPEN),
                previous=earlier.get(m.name.lower()),
            )
        )
    all_scores = [r.scores for r in results]
    previous_scores = [r.previous for r in results if r.previous is not None]
    tallies = scoring.tally_questions(
        refs,
        {m: {q: a.status for q, a in by_q.items()} for m, by_q in answers.items()},
        views,
    )
    remarks = []
    for m in municipalities:
        for q, a in sorted(answers.get(m.id or 0, {}).items()):
            if a.toelichting.strip() or a.nuancering.strip():
                remarks.append(Remark(q, policy.listed_label(m), text(a.toelichting), text(a.nuancering)))
    if not policy.per_municipality:
        remarks.sort(key=lambda r: (r.question, r.toelichting, r.nuancering))  # no order that links one room's remarks
    return Results(
        mode=mode,
        question_set=question_set,
        municipalities=results if policy.per_municipality else [],
        municipality_count=len(municipalities),
        regional=scoring.regional_average(all_scores, standards),
        regional_previous=scoring.regional_average(previous_scores, standards) if previous_scores else None,
        most_niet=scoring.most_niet_op_orde(tallies),
        most_split=scoring.most_disagreement(tallies),
        tallies=tallies,
        fully_op_orde={s: scoring.standards_fully_op_orde(all_scores, s) for s in standards},
        remarks=remarks,
        scan=scan,
        earlier=previous,
        asked=asked,
    )


@dataclass(frozen=True)
class RoomProgress:
    municipality: Municipality
    label: str
    answered: int
    total: int
    people: int


def room_progress(
    *,
    municipalities: list[Municipality],
    answers: dict[int, dict[int, RoomAnswer]],
    people: dict[int, int],
    first: int,
    last: int,
    policy: Policy,
) -> list[RoomProgress]:
    """Per room: how many of the block's questions have an agreed answer (pure, from answers already read)."""

    def answered(municipality_id: int) -> int:
        by_question = answers.get(municipality_id, {})
        return sum(1 for q, a in by_question.items() if first <= q <= last and a.status != scoring.OPEN)

    return [
        RoomProgress(m, policy.listed_label(m), answered(m.id or 0), last - first + 1, people.get(m.id or 0, 0))
        for m in municipalities
    ]


def people_by_municipality(session: Session, meeting_id: int) -> dict[int, int]:
    """How many participants joined each municipality's room."""
    query = (
        select(Participant.municipality_id, func.count())
        .where(Participant.meeting_id == meeting_id)
        .group_by(col(Participant.municipality_id))
    )
    return dict(session.exec(query).all())
