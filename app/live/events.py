"""What is published on the hub after a commit, and on which channels."""

from __future__ import annotations

from app.live.hub import Hub, followup_channel, meeting_channel, progress_channel, room_channel


def meeting_changed(hub: Hub, meeting_id: int, what: str = "meeting") -> None:
    """Clock, programme, settings or visibility changed: every screen of the meeting resyncs."""
    hub.publish(meeting_channel(meeting_id), {"type": what})


def results_paged(hub: Hub, meeting_id: int) -> None:
    """The facilitator turned the results page: the dashboards (not the phones) show the new page."""
    hub.publish(progress_channel(meeting_id), {"type": "results_page"})


def participant_joined(hub: Hub, meeting_id: int) -> None:
    hub.publish(progress_channel(meeting_id), {"type": "join"})


def answer_changed(hub: Hub, meeting_id: int, municipality_id: int, question: int, change_id: int) -> None:
    """The room's agreed answer changed: the room re-renders the question, the dashboards their progress."""
    _room_event(hub, meeting_id, municipality_id, {"type": "answer", "question": question, "change": change_id})


def view_changed(hub: Hub, meeting_id: int, municipality_id: int, question: int) -> None:
    """A member's own view changed: the room updates the question's tally of views."""
    _room_event(hub, meeting_id, municipality_id, {"type": "view", "question": question})


def followup_changed(hub: Hub, meeting_id: int, what: str) -> None:
    """A theme answer, plan row or agreement changed: the follow-up pages and the dashboards re-render."""
    hub.publish(followup_channel(meeting_id), {"type": what})
    hub.publish(progress_channel(meeting_id), {"type": what})  # the dashboards re-render their main part


def _room_event(hub: Hub, meeting_id: int, municipality_id: int, event: dict[str, object]) -> None:
    event["municipality"] = municipality_id
    hub.publish(room_channel(meeting_id, municipality_id), event)
    hub.publish(progress_channel(meeting_id), event)


def wheel_spun(hub: Hub, meeting_id: int, lands_in: float) -> None:
    """A spin started: every screen turns the wheel now, and shows the drawn question when it stops."""
    hub.publish(meeting_channel(meeting_id), {"type": "wheel"})
    hub.publish_later(lands_in, meeting_channel(meeting_id), {"type": "wheel"})
