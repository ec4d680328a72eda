"""The programme clock of a meeting: facilitator actions, stored in the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from app.catalog.loader import QuestionSet
from app.clock import rules as clock
from app.core.errors import Invalid
from app.core.times import planned_epoch
from app.followup import plan
from app.meetings import rehearsal_copy
from app.meetings.models import Meeting, MeetingBlock
from app.meetings.service import blocks_of

ACTIONS = ("start", "pause", "resume", "extend", "next", "previous")


def act(
    *,
    session: Session,
    meeting: Meeting,
    action: str,
    now: float,
    question_set: QuestionSet,
    seen_block: int | None = None,
) -> Meeting:
    """Apply a facilitator's clock action; planned and actual times are both kept.

    A next or previous sent from block `seen_block` when the programme is no longer there changes
    nothing: that move was made already (a double click, or a second click while the screen caught up).
    Entering a plan van aanpak block gives every municipality's plan its first draft (once). Starting
    a real meeting's programme removes its oefenversie (proefdraaien is over).
    """
    current = meeting.current_block
    if action in ("next", "previous") and seen_block is not None and seen_block != current:
        return meeting
    blocks = blocks_of(session=session, meeting=meeting)
    try:
        if action == "start":
            if current is not None or meeting.finished:
                raise Invalid("Het programma is al gestart.")
            meeting.current_block = clock.advance(blocks, None, now)
        elif action == "next":
            if current is None and not meeting.finished:
                meeting.current_block = clock.advance(blocks, None, now)
            elif current is None:
                raise Invalid("Het programma is al afgelopen.")
            else:
                meeting.current_block = clock.advance(blocks, current, now)
                meeting.finished = meeting.current_block is None
        elif action == "previous":
            if current is None or current == 0:
                raise Invalid("Er is geen vorig blok.")
            clock.finish_block(blocks[current], now)
            blocks[current].actual_end = None
            blocks[current].actual_start = None if blocks[current].elapsed_seconds < 1 else blocks[current].actual_start
            meeting.current_block = current - 1
            clock.start_block(blocks[current - 1], now)
        elif current is None:
            raise Invalid("Er loopt nog geen blok. Start eerst het programma.")
        elif action == "pause":
            clock.pause(blocks[current], now)
        elif action == "resume":
            clock.resume(blocks[current], now)
        elif action == "extend":
            clock.extend(blocks[current])
        else:
            raise Invalid(f"Onbekende actie '{action}'.")
    except clock.ClockError as exc:
        raise Invalid(f"Dat kan nu niet: {exc}.") from exc
    session.add(meeting)
    for block in blocks:
        session.add(block)
    session.commit()
    if current is None and meeting.current_block is not None and meeting.rehearsal_of is None:
        rehearsal_copy.remove_rehearsal(session=session, meeting=meeting)  # the real day starts: practice is over
    entered = meeting.current_block
    if entered is not None and entered != current and blocks[entered].work == "plan_van_aanpak":
        plan.draft_every_plan(session=session, meeting=meeting, question_set=question_set)
    return meeting


@dataclass(frozen=True)
class BlockView:
    block: MeetingBlock
    slot: clock.Slot
    remaining: float | None
    running: bool


@dataclass(frozen=True)
class ClockView:
    """What every screen shows: the current block, its time left, and what comes next."""

    blocks: list[BlockView]
    current: BlockView | None
    following: BlockView | None
    finished: bool
    now: float


def clock_view(
    *, session: Session, meeting: Meeting, now: float, blocks: list[MeetingBlock] | None = None
) -> ClockView:
    blocks = blocks if blocks is not None else blocks_of(session=session, meeting=meeting)
    planned = [planned_epoch(meeting, b.planned_start) for b in blocks]
    slots = clock.schedule(blocks, planned, meeting.current_block, now, finished=meeting.finished)
    views = [
        BlockView(
            block=b,
            slot=s,
            remaining=clock.remaining(b, now) if index == meeting.current_block else None,
            running=clock.is_running(b),
        )
        for index, (b, s) in enumerate(zip(blocks, slots, strict=False))
    ]
    current = views[meeting.current_block] if meeting.current_block is not None else None
    if meeting.finished:
        following = None
    elif meeting.current_block is None:
        following = views[0] if views else None
    else:
        nxt = meeting.current_block + 1
        following = views[nxt] if nxt < len(views) else None
    return ClockView(views, current, following, meeting.finished, now)
