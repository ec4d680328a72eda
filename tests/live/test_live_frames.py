"""Shared reads behind the live pushes: a room's read is reused only with the frame it was read for."""

from app.live.frames import Frames, once


def test_sockets_sent_the_same_event_share_one_read():
    frames = Frames()
    event, reads = {"type": "clock"}, []
    for _ in range(3):
        once(frames, ("meeting", 1), (event,), lambda: reads.append("read") or len(reads))
    assert reads == ["read"]


def test_a_room_read_for_an_older_meeting_frame_is_not_reused_with_a_newer_one():
    # Regression: a phone whose batch ended with the same event as a room-mate's, but whose meeting
    # frame had been re-read meanwhile (the programme moved on), got the room-mate's stale room read
    # and its screen crashed (KeyError on the new block's questions).
    frames = Frames()
    event = {"type": "clock"}
    old_frame, new_frame = object(), object()
    first = once(frames, ("room", 1, 7), (event, old_frame), lambda: "room for old frame")
    second = once(frames, ("room", 1, 7), (event, new_frame), lambda: "room for new frame")
    assert (first, second) == ("room for old frame", "room for new frame")


def test_a_newer_event_always_reads_again():
    frames = Frames()
    assert once(frames, ("room", 1, 7), ({"type": "answer"},), lambda: 1) == 1
    assert once(frames, ("room", 1, 7), ({"type": "answer"},), lambda: 2) == 2
