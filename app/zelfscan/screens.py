"""One function per piece of screen: the context it needs and its rendered partial.

The same partial renders the first page and every live push, so the two never drift apart.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from sqlmodel import Session

from app.catalog.loader import Catalog, QuestionSet
from app.clock import screens as clock_screens
from app.clock import service as clock_service
from app.clock.screens import current_block
from app.core.privacy import SCREEN
from app.core.times import local_hhmm
from app.core.web import render_fragment
from app.followup import screens as screens_followup
from app.meetings import service as meeting_service
from app.meetings.models import Meeting, MeetingBlock, Municipality, Participant
from app.zelfscan import answers as answer_service
from app.zelfscan import results as result_service
from app.zelfscan.answers import ConflictInfo
from app.zelfscan.result_screens import results_html


def zelfscan_questions(block: MeetingBlock | None, question_set: QuestionSet) -> list[int]:
    """The questions a room works on in `block`: a zelfscan breakout's range, else none."""
    if block is None or block.work != "zelfscan" or block.first_question is None or block.last_question is None:
        return []
    return [q.number for q in question_set.questions_between(block.first_question, block.last_question)]


def room_questions(session: Session, meeting: Meeting, question_set: QuestionSet) -> list[int]:
    """The questions a room works on now."""
    return zelfscan_questions(current_block(session, meeting), question_set)


def question_html(
    *,
    session: Session,
    meeting: Meeting,
    question_set: QuestionSet,
    participant: Participant,
    number: int,
    conflict: ConflictInfo | None = None,
    notice: str = "",
) -> str:
    state = answer_service.room_state(
        session=session,
        meeting=meeting,
        municipality_id=participant.municipality_id,
        participant=participant,
        numbers=[number],
    )[0]
    return question_state_html(
        meeting=meeting, question_set=question_set, state=state, conflict=conflict, notice=notice
    )


def question_state_html(
    *,
    meeting: Meeting,
    question_set: QuestionSet,
    state: answer_service.QuestionState,
    conflict: ConflictInfo | None = None,
    notice: str = "",
) -> str:
    """One question's card from an already read state (no database access)."""
    question = question_set.question(state.number)
    return render_fragment(
        "zelfscan/question.html",
        meeting=meeting,
        question=question,
        standard=question_set.standard(question.standard),
        state=state,
        conflict=conflict,
        notice=notice,
    )


@dataclass
class MeetingFrame:
    """What every screen of a meeting shows after one change; read once, shared by its sockets."""

    meeting: Meeting
    block: MeetingBlock | None
    numbers: list[int]  # the zelfscan questions rooms work on now
    status: str  # the rendered programme status


def meeting_frame(
    *, session: Session, meeting_id: int, question_set: QuestionSet, now: float | None = None
) -> MeetingFrame:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise RuntimeError(f"meeting {meeting_id} disappeared while screens were connected")
    blocks = meeting_service.blocks_of(session=session, meeting=meeting)
    block = current_block(session, meeting, blocks)
    view = clock_service.clock_view(session=session, meeting=meeting, now=now or time.time(), blocks=blocks)
    return MeetingFrame(
        meeting,
        block,
        zelfscan_questions(block, question_set),
        clock_screens.status_html(session=session, meeting=meeting, view=view),
    )


@dataclass
class RoomFrame:
    """One room's questions after one change; read once, shared by every phone in the room.

    Question cards differ between members only by their own view, so each (question, own view)
    card is rendered once per frame.
    """

    meeting: Meeting
    question_set: QuestionSet
    municipality: Municipality
    states: dict[int, answer_service.QuestionState]
    extras: str
    progress: str
    _cards: dict[tuple[int, str], str] = field(default_factory=dict)

    def own_view(self, number: int, participant: Participant) -> str:
        return self.states[number].views.get(participant.id or 0, "open")

    def card(self, number: int, participant: Participant) -> str:
        return self.card_with_view(number, self.own_view(number, participant))

    def shared_card(self, number: int) -> str:
        """The card as pushed to every phone of the room: no own view (each page keeps its own)."""
        return self.card_with_view(number, "")

    def card_with_view(self, number: int, own_view: str) -> str:
        key = (number, own_view)
        if key not in self._cards:
            state = replace(self.states[number], own_view=own_view)
            self._cards[key] = question_state_html(meeting=self.meeting, question_set=self.question_set, state=state)
        return self._cards[key]

    def views(self, number: int) -> str:
        """Just the tally of the room's views on a question (pushed when only a view changed)."""
        return render_fragment(
            "zelfscan/question_views.html", question=self.question_set.question(number), state=self.states[number]
        )


def room_frame(*, session: Session, frame: MeetingFrame, question_set: QuestionSet, municipality_id: int) -> RoomFrame:
    states = answer_service.room_state(
        session=session, meeting=frame.meeting, municipality_id=municipality_id, participant=None, numbers=frame.numbers
    )
    return RoomFrame(
        meeting=frame.meeting,
        question_set=question_set,
        municipality=meeting_service.get_municipality(
            session=session, meeting=frame.meeting, municipality_id=municipality_id
        ),
        states={s.number: s for s in states},
        extras=screens_followup.room_extras_html(
            session=session, meeting=frame.meeting, municipality_id=municipality_id
        ),
        progress=room_progress_from_states(states),
    )


def room_main_from_frames(
    *, frame: MeetingFrame, room: RoomFrame, participant: Participant, work_html: str = ""
) -> str:
    """A participant's room: the block's questions with their own views, its follow-up work, or what to do now."""
    states = [room.states[n] for n in frame.numbers]
    return render_fragment(
        "zelfscan/room_main.html",
        meeting=frame.meeting,
        block=frame.block,
        municipality=room.municipality,
        participant=participant,
        cards=[room.card(n, participant) for n in frame.numbers],
        answered=sum(1 for s in states if s.answer.status != "open"),
        extras_html=room.extras,
        work_html=work_html,
    )


def room_main_html(*, session: Session, meeting: Meeting, catalog: Catalog, participant: Participant) -> str:
    question_set = catalog.question_set(meeting.question_set_key)
    frame = meeting_frame(session=session, meeting_id=meeting.id or 0, question_set=question_set)
    room = room_frame(
        session=session, frame=frame, question_set=question_set, municipality_id=participant.municipality_id
    )
    work = screens_followup.room_work_html(
        session=session, meeting=frame.meeting, block=frame.block, participant=participant, catalog=catalog
    )
    return room_main_from_frames(frame=frame, room=room, participant=participant, work_html=work)


def room_progress_from_states(states: list[answer_service.QuestionState]) -> str:
    answered = sum(1 for s in states if s.answer.status != "open")
    return render_fragment("zelfscan/room_progress.html", answered=answered, total=len(states))


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


def dashboard_main_html(
    *, session: Session, meeting: Meeting, catalog: Catalog, kind: str, public_url: str, last_change: int | None = None
) -> str:
    """The projected part of the dashboard, chosen by the current block's kind."""
    question_set = catalog.question_set(meeting.question_set_key)
    block = current_block(session, meeting)
    context: dict[str, object] = {
        "meeting": meeting,
        "block": block,
        "kind": kind,
        "public_url": public_url,
        "last_change": last_change,
    }
    # Everything here may be projected, the facilitator's copy included: one policy decides what shows.
    policy = result_service.privacy_policy(session=session, meeting=meeting, medium=SCREEN)
    context["policy"] = policy
    context["speaker"] = policy.text(block.speaker) if block is not None else ""
    mode = day_state(block, finished=meeting.finished)
    if mode in ("welcome", "login"):
        context["attendance"] = [
            (policy.listed_label(row.municipality), len(row.participants))
            for row in meeting_service.attendance(session=session, meeting=meeting)
        ]
    if mode == "progress" and block is not None:
        first, last = block.first_question or 0, block.last_question or 0
        rooms = result_service.progress(session=session, meeting=meeting, first=first, last=last, policy=policy)
        context["progress"] = rooms
        context["all_done"] = bool(rooms) and all(room.answered >= room.total for room in rooms)
    if mode == "pause":
        view = clock_service.clock_view(session=session, meeting=meeting, now=time.time())
        following = view.following
        context["following"] = (
            (local_hhmm(following.slot.start, meeting), following.block.title) if following is not None else None
        )
    if mode == "results" or (kind == "facilitator" and mode not in ("welcome", "login", "finished")):
        context["results_html"] = results_html(
            session=session, meeting=meeting, question_set=question_set, kind=kind, policy=policy
        )
    context["mode"] = mode
    context["extras_html"] = screens_followup.dashboard_extras_html(
        session=session, meeting=meeting, block=block, kind=kind, policy=policy, question_set=question_set
    )
    return render_fragment("zelfscan/dashboard_main.html", **context)
