"""One function per piece of screen: the context it needs and its rendered partial.

The same partial renders the first page and every live push, so the two never drift apart.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, replace

from markupsafe import escape
from sqlmodel import Session

from app.catalog.loader import Catalog, QuestionSet
from app.clock import screens as clock_screens
from app.clock import service as clock_service
from app.clock.screens import current_block
from app.core.web import render_fragment
from app.followup import screens as screens_followup
from app.meetings import service as meeting_service
from app.meetings.models import Meeting, MeetingBlock, Municipality, Participant
from app.zelfscan import answers as answer_service
from app.zelfscan import dashboard_frame
from app.zelfscan.answers import ConflictInfo


def zelfscan_questions(block: MeetingBlock | None, question_set: QuestionSet) -> list[int]:
    """The questions a room works on in `block`: a zelfscan breakout's range, else none."""
    if block is None or block.work != "zelfscan" or block.first_question is None or block.last_question is None:
        return []
    return [q.number for q in question_set.questions_between(block.first_question, block.last_question)]


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


def own_view_html(
    *,
    session: Session,
    meeting: Meeting,
    question_set: QuestionSet,
    participant: Participant,
    number: int,
    own_view: str,
) -> str:
    """The answer to a member's tap: their own view of the question, and (out of band) the room's tally of views."""
    question = question_set.question(number)
    views = answer_service.room_views(session=session, municipality_id=participant.municipality_id, numbers=[number])
    return render_fragment("zelfscan/question_own.html", meeting=meeting, question=question, own_view=own_view) + (
        render_fragment("zelfscan/question_views.html", question=question, views=views[number], oob=True)
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
    _cards: dict[tuple[int, str], str] = field(default_factory=dict)

    def own_view(self, number: int, participant: Participant) -> str:
        return self.states[number].views.get(participant.id or 0, "open")

    def card(self, number: int, participant: Participant) -> str:
        return self.card_with_view(number, self.own_view(number, participant))

    def card_with_view(self, number: int, own_view: str) -> str:
        key = (number, own_view)
        if key not in self._cards:
            state = replace(self.states[number], own_view=own_view)
            self._cards[key] = question_state_html(meeting=self.meeting, question_set=self.question_set, state=state)
        return self._cards[key]


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
    )


def room_changes(
    *,
    session: Session,
    frame: MeetingFrame,
    question_set: QuestionSet,
    municipality_id: int,
    answered: list[int],
    viewed: list[int],
) -> str:
    """What a room's phones are pushed after answers and views: the answered questions' shared cards, the
    viewed questions' tallies, and after an answer the room's progress line. Reads only those questions (a
    view only the views of its question)."""
    parts = []
    if answered:
        states = answer_service.room_state(
            session=session, meeting=frame.meeting, municipality_id=municipality_id, participant=None, numbers=answered
        )
        for state in states:
            shared = replace(state, own_view="")
            parts.append(question_state_html(meeting=frame.meeting, question_set=question_set, state=shared))
    if viewed:
        views = answer_service.room_views(session=session, municipality_id=municipality_id, numbers=viewed)
        for number in viewed:
            question = question_set.question(number)
            parts.append(render_fragment("zelfscan/question_views.html", question=question, views=views[number]))
    if answered:
        statuses = answer_service.room_statuses(session=session, municipality_id=municipality_id, numbers=frame.numbers)
        parts.append(render_fragment("zelfscan/room_progress.html", statuses=statuses))
    return "".join(parts)


def room_main_from_frames(
    *, frame: MeetingFrame, room: RoomFrame, participant: Participant | None, work_html: str = ""
) -> str:
    """A participant's room: the block's questions with their own views, its follow-up work, or what to do now.

    Without a participant: the room's screen for every member, without anyone's name or own views (each
    member's page fills them in from `own_piece`, sent right after it)."""
    states = [room.states[n] for n in frame.numbers]
    return render_fragment(
        "zelfscan/room_main.html",
        meeting=frame.meeting,
        block=frame.block,
        municipality=room.municipality,
        participant=participant,
        cards=[room.card(n, participant) if participant else room.card_with_view(n, "") for n in frame.numbers],
        statuses=[(s.number, s.answer.status) for s in states],
        extras_html=room.extras,
        work_html=work_html,
    )


def own_piece(*, frame: MeetingFrame, room: RoomFrame, participant: Participant) -> str:
    """A member's own part of the room's shared screen: their name and their own views of the block's
    questions (only those given), as data for the page (app/static/room_swaps.js). No read, no template."""
    own = participant.id or 0
    views = {str(n): room.states[n].views[own] for n in frame.numbers if own in room.states[n].views}
    return (
        f'<div id="room-own" hidden data-name="{escape(participant.name or "")}"'
        f' data-views="{escape(json.dumps(views, separators=(",", ":")))}"></div>'
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


def dashboard_main_html(
    *, session: Session, meeting: Meeting, catalog: Catalog, kind: str, public_url: str, last_change: int | None = None
) -> str:
    """The projected part of the dashboard, chosen by the current block's kind (app/zelfscan/dashboard_frame.py)."""
    frame = dashboard_frame.read_frame(
        session=session, meeting=meeting, catalog=catalog, kind=kind, public_url=public_url
    )
    return dashboard_frame.main_html(frame, last_change)
