"""What a dashboard shows, read once and kept by its audience: after an answer only the changed rooms are read.

`read_frame` reads everything the dashboard's main part needs (the block, the privacy policy, every
room's answers and views, who joined, the follow-up extras). `DashboardFrame.refresh` takes a batch
of answers and views in a zelfscan breakout and reads only the questions of the rooms they came from; anything else
(a block change, a join, a follow-up change) is read whole again. `main_html` renders the frame
without touching the database, with the same partial as the first page.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.catalog.loader import Catalog, QuestionSet
from app.clock import service as clock_service
from app.clock.screens import current_block
from app.core.privacy import SCREEN, Policy
from app.core.times import local_hhmm
from app.core.web import render_fragment
from app.followup import dashboard as followup_dashboard
from app.followup import screens as screens_followup
from app.meetings import service as meeting_service
from app.meetings.models import Meeting, MeetingBlock, Municipality
from app.zelfscan import result_screens
from app.zelfscan import results as result_service
from app.zelfscan.models import RoomAnswer

Event = dict[str, Any]


@dataclass
class Scan:
    """One meeting's answers and views per municipality (the results and the rooms' progress come from it)."""

    meeting: Meeting
    municipalities: list[Municipality]
    answers: dict[int, dict[int, RoomAnswer]]
    views: dict[int, dict[int, list[str]]]


@dataclass
class DashboardFrame:
    meeting: Meeting
    block: MeetingBlock | None
    kind: str  # facilitator | display
    public_url: str
    question_set: QuestionSet
    policy: Policy
    mode: str  # the screen of the day (day_state): welcome, login, plenary, pause, progress, results, closing, finished
    role: str  # the block's follow-up role (app.followup.dashboard.block_role)
    extras_html: str
    people: dict[int, int]  # participants per municipality of this meeting
    own: Scan  # this meeting's rooms (their progress)
    scan: Scan  # the scan whose results show: `own`, or the startbijeenkomst a follow-up takes them from
    earlier: dict[str, dict[int, float]]  # the earlier scan's scores by municipality name
    previous: Meeting | None
    asked: frozenset[int]  # standards asked so far in the scan shown (the others show as "niet gevraagd")
    following: tuple[str, str] | None  # during a pause: when and with what the programme goes on
    text: Callable[[str], str]  # the policy's free text, remembered: a remark is redacted once, not per push

    @property
    def shows_results(self) -> bool:
        before_or_after = self.mode in ("welcome", "login", "finished")
        return self.mode == "results" or (self.kind == "facilitator" and not before_or_after)

    @property
    def live_results(self) -> bool:
        """Whether answers and views change the results shown (not while hidden from the display)."""
        return self.shows_results and (self.meeting.results_visible or self.kind != "display")

    def refresh(self, session: Session, batch: list[Event]) -> bool:
        """Read what the answers and views of `batch` changed; False when the whole frame must be read again.

        Only during a zelfscan breakout (the hot path): elsewhere answers may change the follow-up parts.
        """
        if self.mode != "progress" or self.role or any(e["type"] not in ("answer", "view") for e in batch):
            return False
        answers = [e for e in batch if e["type"] == "answer"]
        views = [e for e in batch if e["type"] == "view"] if self.live_results and self.scan is self.own else []
        meeting_id = self.meeting.id or 0
        if answers:
            rooms, numbers = {e["municipality"] for e in answers}, {e["question"] for e in answers}
            for room, answered in result_service.answers_by_municipality(session, meeting_id, rooms, numbers).items():
                self.own.answers.setdefault(room, {}).update(answered)
            standards = {q.standard for q in self.question_set.questions if q.number in numbers}
            self.asked = self.asked | frozenset(standards)
        if views:
            rooms, numbers = {e["municipality"] for e in views}, {e["question"] for e in views}
            fresh = result_service.views_by_municipality(session, meeting_id, rooms, numbers)
            for room in rooms:
                kept = self.own.views.setdefault(room, {})
                kept.update({number: fresh[room].get(number, []) for number in numbers})
        return True

    def unchanged_by(self, batch: list[Event]) -> bool:
        """Views alone change nothing this dashboard shows (its rooms' progress counts agreed answers)."""
        return not self.live_results and all(e["type"] == "view" for e in batch)


def read_frame(*, session: Session, meeting: Meeting, catalog: Catalog, kind: str, public_url: str) -> DashboardFrame:
    """Everything the dashboard's main part shows, read whole."""
    question_set = catalog.question_set(meeting.question_set_key)
    blocks = meeting_service.blocks_of(session=session, meeting=meeting)
    block = current_block(session, meeting, blocks)
    links = result_service.scan_links(session=session, meeting=meeting)
    # Everything here may be projected, the facilitator's copy included: one policy decides what shows.
    policy = result_service.privacy_policy(session=session, meeting=meeting, medium=SCREEN, links=links)
    mode = day_state(block, finished=meeting.finished)
    following = None
    if mode == "pause":
        after = clock_service.clock_view(session=session, meeting=meeting, now=time.time()).following
        following = (local_hhmm(after.slot.start, meeting), after.block.title) if after is not None else None
    own = _scan(session, meeting)
    scan = _scan(session, links.scan) if links.borrowed else own
    earlier = {}
    if links.earlier is not None:
        earlier = result_service.scores_by_name(session=session, meeting=links.earlier, question_set=question_set)
    return DashboardFrame(
        meeting=meeting,
        block=block,
        kind=kind,
        public_url=public_url,
        question_set=question_set,
        policy=policy,
        mode=mode,
        role=followup_dashboard.block_role(block, blocks),
        extras_html=screens_followup.dashboard_extras_html(
            session=session, meeting=meeting, block=block, kind=kind, policy=policy, question_set=question_set
        ),
        people=result_service.people_by_municipality(session, meeting.id or 0),
        own=own,
        scan=scan,
        earlier=earlier,
        previous=links.earlier,
        asked=result_service.asked_standards(session=session, meeting=scan.meeting, question_set=question_set),
        following=following,
        text=functools.lru_cache(maxsize=4096)(policy.text),
    )


def day_state(block: MeetingBlock | None, *, finished: bool) -> str:
    """Which screen of the day the projector shows (pure): each state has a screen designed for it."""
    if block is None:
        return "finished" if finished else "welcome"
    if block.kind == "login":
        return "login"
    if block.work == "zelfscan" and block.first_question and block.last_question:
        return "progress"
    if block.results:
        return "results"
    if block.kind == "break":
        return "pause"
    if block.kind == "closing":
        return "closing"
    return "plenary"


def _scan(session: Session, meeting: Meeting) -> Scan:
    meeting_id = meeting.id or 0
    return Scan(
        meeting=meeting,
        municipalities=meeting_service.municipalities_of(session=session, meeting=meeting),
        answers=result_service.answers_by_municipality(session, meeting_id),
        views=result_service.views_by_municipality(session, meeting_id),
    )


def main_html(frame: DashboardFrame, last_change: int | None = None) -> str:
    """The projected part of the dashboard from a frame (no database access), by the current block's kind."""
    block, policy = frame.block, frame.policy
    context: dict[str, object] = {
        "meeting": frame.meeting,
        "block": block,
        "kind": frame.kind,
        "public_url": frame.public_url,
        "last_change": last_change,
        "policy": policy,
        "speaker": policy.text(block.speaker) if block is not None else "",
        "mode": frame.mode,
        "extras_html": frame.extras_html,
    }
    if frame.mode in ("welcome", "login"):
        context["attendance"] = [
            (policy.listed_label(m), frame.people.get(m.id or 0, 0)) for m in frame.own.municipalities
        ]
    elif frame.mode == "pause":
        context["following"] = frame.following
    elif frame.mode == "progress" and block is not None:
        rooms = context["progress"] = result_service.room_progress(
            municipalities=frame.own.municipalities,
            answers=frame.own.answers,
            people=frame.people,
            first=block.first_question or 0,
            last=block.last_question or 0,
            policy=policy,
        )
        context["all_done"] = bool(rooms) and all(room.answered >= room.total for room in rooms)
    if frame.shows_results:
        context["results_html"] = results_html(frame)
    return render_fragment("zelfscan/dashboard_main.html", **context)


def results_html(frame: DashboardFrame) -> str:
    """The results page the projector shows, composed from the frame's answers (no database access)."""

    def read() -> result_service.Results:
        return result_service.compose_results(
            question_set=frame.question_set,
            policy=frame.policy,
            municipalities=frame.scan.municipalities,
            answers=frame.scan.answers,
            views=frame.scan.views,
            earlier=frame.earlier,
            scan=frame.scan.meeting,
            previous=frame.previous,
            asked=frame.asked,
            text=frame.text,
        )

    return result_screens.results_html(
        meeting=frame.meeting, question_set=frame.question_set, kind=frame.kind, policy=frame.policy, read=read
    )
