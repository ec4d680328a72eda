"""Dutch notation: decimal comma, written-out dates, a singular for one."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.core.dutch import counted, dutch_date, dutch_number
from tests.support.followups import follow_up_meeting
from tests.support.scans import ScanFactory


def test_numbers_have_a_decimal_comma_and_points_between_thousands() -> None:
    assert [dutch_number(v) for v in (38.5, 40.0, 33.333, 0, 12000, 1234.56, None)] == [
        "38,5",
        "40",
        "33,3",
        "0",
        "12.000",
        "1.234,6",
        "–",
    ]
    assert dutch_number(66.66, decimals=0) == "67"


def test_dates_are_written_out_and_counts_agree() -> None:
    assert dutch_date(dt.date(2026, 12, 5), weekday=False) == "5 december 2026"
    assert [counted(n, "deelnemer", "deelnemers") for n in (0, 1, 3)] == ["0 deelnemers", "1 deelnemer", "3 deelnemers"]


def test_proposed_themes_show_percentages_with_a_decimal_comma(
    client: TestClient, session: Session, catalog: Any
) -> None:
    made = follow_up_meeting(session, catalog, ScanFactory(session, catalog))

    page = client.get(f"/f/{made.meeting.facilitator_token}/vervolg").text

    shares = re.findall(r"\(([\d.,]+)% op orde, verschil ([\d.,]+)\)", page)
    assert shares, "no proposed themes on the page"
    assert [s for pair in shares for s in pair if "." in s] == []
    assert any("," in s for pair in shares for s in pair)
