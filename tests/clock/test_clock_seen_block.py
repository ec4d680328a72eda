"""Next and previous say which block the dagvoorzitter saw: a repeated click moves the programme once."""

from __future__ import annotations

from tests.support.workshop import Workshop


def _click(workshop: Workshop, action: str, seen: int) -> int:
    token = workshop.meeting.facilitator_token
    workshop.client.cookies.clear()
    response = workshop.client.post(f"/f/{token}/klok/{action}", data={"vanaf": str(seen)})
    assert response.status_code == 204, response.text
    workshop.session.refresh(workshop.meeting)
    assert workshop.meeting.current_block is not None
    return workshop.meeting.current_block


def test_a_second_click_from_the_same_block_does_not_skip_the_next_one(workshop: Workshop) -> None:
    workshop.go_to_block(2)

    assert _click(workshop, "next", 2) == 3
    assert _click(workshop, "next", 2) == 3  # the double click's second half: already done
    assert _click(workshop, "previous", 3) == 2
    assert _click(workshop, "previous", 3) == 2
    assert _click(workshop, "next", 2) == 3


def test_the_dashboard_buttons_carry_the_block_shown(workshop: Workshop) -> None:
    workshop.go_to_block(4)

    page = workshop.client.get(f"/f/{workshop.meeting.facilitator_token}").text

    assert page.count("""hx-vals='{"vanaf": 4}'""") == 2  # Vorig blok and Volgend blok
