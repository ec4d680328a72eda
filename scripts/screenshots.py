"""Screenshots of the projector (1920×1080) and the phone (360×640) for the README.

Starts the app on a throw-away data directory with a demo meeting (eight municipalities, the first
breakout answered, compared with a nulmeting) and its follow-up bijeenkomst (the wheel turned, six
theme groups at work, plans drafted, agreements made), walks through the states of the day in Debian's
Chromium, and saves PNGs in docs/screenshots/. Run: `.venv/bin/python scripts/screenshots.py [--out DIR]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from PIL import Image
from playwright.sync_api import Page, ViewportSize, sync_playwright
from sqlmodel import Session

from app.core.config import Settings
from app.followup import agreements, themes
from app.followup import plan as plans
from app.main import create_app
from app.meetings import service as meetings
from app.meetings.models import Meeting
from app.meetings.participants import join
from app.meetings.schemas import JoinRequest, MeetingCreate
from app.signin.models import FIRST_ADMINISTRATOR
from app.wheel import service as wheel
from app.zelfscan import pages
from app.zelfscan.models import RoomAnswer

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
PROJECTOR: ViewportSize = {"width": 1920, "height": 1080}
PHONE: ViewportSize = {"width": 360, "height": 640}
MUNICIPALITIES = ("Amstelveen", "Bussum", "Castricum", "Diemen", "Edam-Volendam", "Gooise Meren", "Huizen", "Laren")
BREAKOUT_1, FIRST_RESULTS, PAUSE = 5, 6, 7
WHEEL, THEME_GROUPS, FEEDBACK, PLAN, CLOSING = 1, 3, 4, 7, 8  # the follow-up's blocks (agendas/follow-up.yaml)
THEMES = {  # title: (standards, knelpunten, kansen, quick win)
    "Zicht op veiligheid": (
        "4,5",
        "Geen gedeeld risicotaxatie-instrument",
        "Leren van het casusoverleg",
        "Eén instrument kiezen",
    ),
    "Regie en samenwerking in de keten": (
        "1,2",
        "Rollen van wijkteam en Veilig Thuis onduidelijk",
        "Vaste contactpersonen",
        "Sociale kaart bijwerken",
    ),
    "Systeemgericht werken": (
        "7",
        "Vooral gericht op één gezinslid",
        "Scholing voor alle teams",
        "Intervisie per kwartaal",
    ),
    "Deskundigheid van de teams": (
        "8",
        "Weinig tijd voor scholing",
        "Regionaal scholingsaanbod",
        "Aandachtsfunctionaris per team",
    ),
    "Registratie en monitoring": (
        "9",
        "Registratie verschilt per gemeente",
        "Eén regionale set cijfers",
        "Afspraken over definities",
    ),
    "Borging in beleid": (
        "10",
        "Kwaliteitskader niet in beleidsplannen",
        "Opnemen in de regiovisie",
        "Agenderen in het PHO",
    ),
}
AGREEMENTS = (
    ("agreement", "Volgende regiobijeenkomst in maart plannen", "", ""),
    ("action", "Concept plan van aanpak naar het college", "Elke gemeente", "voor 1 maart"),
    ("action", "Regionaal scholingsaanbod systeemgericht werken uitzoeken", "Regiocoördinator", "april"),
    ("agreement", "Over een jaar de zelfscan opnieuw invullen als evaluatie", "", ""),
)
REMARK = "Besproken met het wijkteam; de afspraken staan op papier, de uitvoering verschilt per team."
CHARTS_DRAWN = """() => Array.from(document.querySelectorAll(".plotly-chart")).every((c) => c.dataset.drawn === "1")"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _server(data_dir: Path) -> Iterator[tuple[str, Settings, object]]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    settings = Settings(data_dir=data_dir, public_url=url)
    application = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield url, settings, application
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _answer(session: Session, meeting: Meeting, municipality_id: int, question: int, status: str) -> None:
    toelichting = REMARK if question % 4 == 0 else ""
    session.add(
        RoomAnswer(
            meeting_id=meeting.id or 0,
            municipality_id=municipality_id,
            question=question,
            status=status,
            toelichting=toelichting,
            version=1,
        )
    )


def _demo_meeting(session: Session, application: object) -> Meeting:
    """An evaluatie of eight municipalities halfway (questions 1-14), compared with last year's nulmeting."""
    catalog = application.state.catalog  # type: ignore[attr-defined]
    common = {"region": "Regio Gooi en Vechtstreek", "municipalities": list(MUNICIPALITIES), "privacy_mode": "named"}
    earlier = meetings.create_meeting(
        session=session,
        catalog=catalog,
        data=MeetingCreate.model_validate({**common, "date": dt.date(2025, 12, 5)}),
        organiser_id=FIRST_ADMINISTRATOR,
    )
    for position, municipality in enumerate(meetings.municipalities_of(session=session, meeting=earlier)):
        for question in range(1, 32):
            status = "op_orde" if (question + position) % 3 == 0 else "niet_op_orde"
            _answer(session, earlier, municipality.id or 0, question, status)
    data = MeetingCreate.model_validate(
        {
            **common,
            "date": dt.date(2026, 12, 5),
            "scan_kind": "evaluatie",
            "earlier_scan_id": earlier.id,
            "speakers": {0: "Jan Jansen, dagvoorzitter"},
        }
    )
    meeting = meetings.create_meeting(session=session, catalog=catalog, data=data, organiser_id=FIRST_ADMINISTRATOR)
    for position, municipality in enumerate(meetings.municipalities_of(session=session, meeting=meeting)):
        for _ in range(1 + position % 3):
            join(session=session, meeting=meeting, data=JoinRequest(municipality_id=municipality.id or 0))
        for question in range(1, 15):
            status = "niet_op_orde" if (question * 7 + position * 3) % 5 in (0, 3) else "op_orde"
            if (question + position) % 11 == 0:
                status = "open"
            _answer(session, meeting, municipality.id or 0, question, status)
    session.commit()
    return meeting


def _follow_up(session: Session, application: object, start: Meeting) -> Meeting:
    """The follow-up of `start`: the wheel turned, theme groups with answers and members, plans, agreements."""
    catalog = application.state.catalog  # type: ignore[attr-defined]
    data = MeetingCreate.model_validate(
        {
            "region": start.region,
            "date": dt.date(2027, 3, 5),
            "municipalities": list(MUNICIPALITIES),
            "privacy_mode": "named",
            "agenda_key": "follow-up",
            "scan_source_id": start.id,
        }
    )
    meeting = meetings.create_meeting(session=session, catalog=catalog, data=data, organiser_id=FIRST_ADMINISTRATOR)
    question_set = catalog.question_set(meeting.question_set_key)
    wheel.spin(session=session, meeting=meeting, rng=random.Random(4), now=time.time() - 60, by="gespreksleider")
    chosen = []
    for title, (standards, knelpunten, kansen, quick_win) in THEMES.items():
        theme = themes.add_theme(
            session=session, meeting=meeting, question_set=question_set, title=title, standards=standards
        )
        answer = {"knelpunten": knelpunten, "kansen": kansen, "quick_win": quick_win, "scope": "regionaal"}
        themes.update_theme_answer(session=session, theme=theme, base_version=0, changes=answer, now=time.time())
        chosen.append(theme)
    groups = [g.key for g in question_set.plan_groups]
    for position, municipality in enumerate(meetings.municipalities_of(session=session, meeting=meeting)):
        for person in range(2):
            someone = join(session=session, meeting=meeting, data=JoinRequest(municipality_id=municipality.id or 0))
            theme = chosen[(position * 2 + person) % len(chosen)]
            themes.join_theme(session=session, meeting=meeting, participant=someone, theme_id=theme.id or 0)
        for row in range(position % 4):
            done = {"verbeteractie": "Werkwijze vastleggen", "wie": "Teamleider", "planning": "Q2"} if row % 2 else {}
            values = {"maatregel": "Gezamenlijk instrument invoeren", "prioriteit": "hoog", **done}
            plans.add_plan_row(
                session=session,
                meeting=meeting,
                municipality_id=municipality.id or 0,
                question_set=question_set,
                group=groups[row % len(groups)],
                values=values,
                now=time.time(),
            )
    for kind, what, who, when in AGREEMENTS:
        agreements.add_agreement(session=session, meeting=meeting, kind=kind, what=what, who=who, when=when, now=0.0)
    return meeting


def _at(session: Session, meeting: Meeting, block: int | None, *, page: str = "", finished: bool = False) -> None:
    """Block `block` current and running for ten minutes, results shown on page `page`."""
    meeting.current_block, meeting.finished, meeting.results_visible = block, finished, True
    meeting.result_page = page
    session.add(meeting)
    for each in meetings.blocks_of(session=session, meeting=meeting):
        each.running_since = time.time() if each.position == block else None
        each.elapsed_seconds = 600.0 if each.position == block else 0.0
        session.add(each)
    session.commit()


def _save(page: Page, path: Path) -> None:
    """A screenshot in 64 colours: small enough to keep in the repository."""
    page.screenshot(path=str(path))
    with Image.open(path) as shot:
        shot.convert("RGB").quantize(colors=64).save(path, optimize=True)
    print(f"saved {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def _shot(page: Page, url: str, path: Path) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-live=open]")
    page.wait_for_function(CHARTS_DRAWN)
    _save(page, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    out: Path = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data_dir, _server(Path(data_dir)) as (url, _, application):
        engine = application.state.engine  # type: ignore[attr-defined]
        with Session(engine, expire_on_commit=False) as session, sync_playwright() as pw:
            meeting = _demo_meeting(session, application)
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            projector = browser.new_context(viewport=PROJECTOR, locale="nl-NL").new_page()
            display = f"{url}/d/{meeting.display_token}"

            _at(session, meeting, None)
            _shot(projector, display, out / "projector-welcome.png")
            _at(session, meeting, BREAKOUT_1)
            _shot(projector, display, out / "projector-breakout.png")
            keys = [p.key for p in pages.pages_of(session=session, meeting=meeting)]
            first_municipality = next(k for k in keys if k.startswith("gemeente-"))
            for name, key in (
                ("overview", keys[0]),
                ("notable", "opvallend"),
                ("municipality", first_municipality),
                ("region", "regio"),
                ("question", "vraag-8"),
            ):
                _at(session, meeting, FIRST_RESULTS, page=key)
                _shot(projector, display, out / f"projector-results-{name}.png")
            _at(session, meeting, PAUSE)
            _shot(projector, display, out / "projector-pause.png")
            _at(session, meeting, None, finished=True)
            _shot(projector, display, out / "projector-finished.png")

            follow_up = _follow_up(session, application, meeting)
            follow_display = f"{url}/d/{follow_up.display_token}"
            for name, block in (
                ("wheel", WHEEL),
                ("theme-groups", THEME_GROUPS),
                ("feedback", FEEDBACK),
                ("plan-progress", PLAN),
                ("agreements", CLOSING),
            ):
                _at(session, follow_up, block)
                _shot(projector, follow_display, out / f"projector-follow-up-{name}.png")

            _at(session, meeting, BREAKOUT_1)
            phone = browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True).new_page()
            phone.goto(f"{url}/j/{meeting.join_code}")
            _save(phone, out / "phone-join.png")
            phone.get_by_role("radio", name=MUNICIPALITIES[0]).check()
            phone.get_by_role("button", name="Meedoen").click()
            phone.wait_for_selector("body[data-live=open]")
            _save(phone, out / "phone-room.png")
            browser.close()


if __name__ == "__main__":
    main()
