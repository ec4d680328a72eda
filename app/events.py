"""What is published on the hub after a commit, and on which channels."""

from __future__ import annotations

from app.hub import Hub, meeting_channel, progress_channel, room_channel


def meeting_changed(hub: Hub, meeting_id: int, what: str = "meeting") -> None:
    """Clock, programme, settings or visibility changed: every screen of the meeting resyncs."""
    hub.publish(meeting_channel(meeting_id), {"type": what})


def participant_joined(hub: Hub, meeting_id: int) -> None:
    hub.publish(progress_channel(meeting_id), {"type": "join"})


def answer_changed(hub: Hub, meeting_id: int, municipality_id: int, question: int, change_id: int | None) -> None:
    event = {"type": "answer", "question": question, "municipality": municipality_id, "change": change_id}
    hub.publish(room_channel(meeting_id, municipality_id), event)
    hub.publish(progress_channel(meeting_id), event)
