"""The printable verslag in named mode fits an A4 page in Chromium: no table wider than the page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from sqlmodel import Session

from app.meetings.models import Meeting
from tests.conftest import SECRET
from tests.support.browser import LAPTOP, api_meeting
from tests.support.office import pdf_pages
from tests.support.scans import NAMES_25, REMARK, ScanFactory

# A4 (210 mm) less the print stylesheet's margins (2 x 16 mm), at 96 px per inch.
A4_TEXT_WIDTH_PX = round((210 - 2 * 16) / 25.4 * 96)


def test_named_verslag_prints_at_full_size_on_a4(live_server: Any, person: Any, tmp_path: Path) -> None:
    info = api_meeting(live_server, list(NAMES_25), privacy_mode="named")
    with Session(live_server.app.state.engine, expire_on_commit=False) as session:
        scans = ScanFactory(session, live_server.app.state.catalog)
        meeting = session.get(Meeting, info.id)
        assert meeting is not None
        scans.fill(meeting, toelichting=REMARK)

    organiser = person(LAPTOP)
    page = organiser.page
    page.goto(f"{live_server.url}/organisator")
    page.get_by_label("Organisatorsleutel").fill(SECRET)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{live_server.url}/organisator/bijeenkomsten/{info.id}/export/verslag?privacy=named")
    expect(page.get_by_role("heading", name="Inhoud")).to_be_visible()
    expect(page.get_by_role("link", name="Samenvatting")).to_be_visible()

    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_TEXT_WIDTH_PX, "height": 1000})
    widest = page.evaluate("Math.max(...[...document.querySelectorAll('main table')].map(t => t.scrollWidth))")
    assert widest <= A4_TEXT_WIDTH_PX, widest
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_TEXT_WIDTH_PX

    pdf = tmp_path / "verslag.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    text = "\n".join(pdf_pages(pdf))
    assert "Samenvatting" in text
    for name in NAMES_25:  # each grid row whole: the name and its answers on one line
        assert re.search(rf"^\s*{re.escape(name)}(\s+[+−·])+\s*$", text, re.M), name
