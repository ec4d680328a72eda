"""The whole follow-up morning as a region holds it, in real Chromium (issue 8's end-to-end check).

The organiser makes the follow-up from a filled-in startbijeenkomst with one action; the dagvoorzitter
clicks through every block on the dashboard; the gespreksleider spins the wheel; six phones (360×640)
follow the programme by themselves into mixed theme groups and their own municipality's plan; the
projector (1920×1080) follows live; the organiser downloads the documents, whose figures are the
startbijeenkomst's.
"""

from __future__ import annotations

import io
import time
from typing import Any

import docx
import openpyxl
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from app.catalog.loader import load_catalog
from app.exports.scan import percent
from app.followup.models import PlanRow, PlanText, Theme, ThemeAnswer, ThemeMember
from app.meetings.models import Meeting, Participant
from app.wheel.rules import SPIN_SECONDS
from app.zelfscan.results import build_results
from tests.conftest import SECRET
from tests.support.browser import LAPTOP, PHONE, PROJECTOR, api_meeting
from tests.support.scans import ScanFactory, status_for

TOWNS = ("Amstelveen", "Bussum", "Castricum")
PEOPLE = [  # (name, municipality, role label): two per municipality
    ("Anna", "Amstelveen", "Beleid"),
    ("Bert", "Amstelveen", "Uitvoering"),
    ("Bram", "Bussum", "Beleid"),
    ("Bea", "Bussum", "Uitvoering"),
    ("Carla", "Castricum", "Beleid"),
    ("Cees", "Castricum", "Veilig Thuis"),
]
TITLES = [block.title for block in load_catalog().agenda("follow-up").blocks]
WHEEL, OUTCOMES, THEMES, FEEDBACK, PLAN, CLOSING = 1, 2, 3, 4, 7, 8
WAIT_MS = 20_000  # generous: a noisy two-core machine, nine browser pages
REVEAL_MS = int(SPIN_SECONDS * 1000) + WAIT_MS

RECORD_REVEAL = """
window.__wheel = {turned: false, early: false};
new MutationObserver(function () {
  var wheel = document.getElementById("wheel");
  if (!wheel) return;
  if (wheel.dataset.spinning === "1") {
    window.__wheel.turned = true;
    if (document.getElementById("wheel-question")) window.__wheel.early = true;
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


def _block(page: Page, position: int) -> None:
    """Block `position` is current on `page` (titles and what comes next)."""
    expect(page.locator("#block-status .block-title")).to_have_text(TITLES[position], timeout=WAIT_MS)
    if position + 1 < len(TITLES):
        expect(page.locator("#block-status .next")).to_contain_text(TITLES[position + 1], timeout=WAIT_MS)


def _next(facilitator: Page, projector: Page, position: int) -> None:
    """The dagvoorzitter clicks "Volgend blok"; the dashboard and the projector show block `position`."""
    facilitator.get_by_role("button", name="Volgend blok").click()
    _block(facilitator, position)
    _block(projector, position)


def _answered_startbijeenkomst(live_server: Any) -> int:
    """A startbijeenkomst for three municipalities whose rooms answered every question."""
    start = api_meeting(live_server, list(TOWNS), privacy_mode="named")
    with Session(live_server.app.state.engine, expire_on_commit=False) as session:
        meeting = session.get(Meeting, start.id)
        assert meeting is not None
        ScanFactory(session, live_server.app.state.catalog).fill(meeting)
    return start.id


def _create_follow_up(organiser: Page, url: str, start_id: int) -> dict[str, str]:
    """The organiser signs in and makes the follow-up with one action; its links, as the page shows them."""
    organiser.goto(f"{url}/organisator")
    organiser.get_by_label("Organisatorsleutel").fill(SECRET)
    organiser.get_by_role("button", name="Inloggen").click()
    organiser.goto(f"{url}/organisator/bijeenkomsten/{start_id}")
    card = organiser.locator("#vervolgbijeenkomst")
    card.get_by_label("Datum").fill("2027-01-19")
    card.get_by_label("Begintijd").fill("09:30")
    organiser.get_by_role("button", name="Vervolgbijeenkomst aanmaken").click()
    expect(organiser.locator("body")).to_contain_text("Vervolgbijeenkomst aangemaakt", timeout=WAIT_MS)
    expect(organiser.locator("body")).to_contain_text("uit de startbijeenkomst van 01-12-2026")
    return {
        "id": organiser.url.split("/bijeenkomsten/")[1].split("?")[0],
        "facilitator": organiser.locator("#link-facilitator").get_attribute("href") or "",
        "gespreksleider": organiser.locator("#link-gespreksleider").get_attribute("href") or "",
        "display": organiser.locator("#link-display").get_attribute("href") or "",
        "code": organiser.locator("#join-code").inner_text(),
    }


def _open(person: Any, viewport: dict[str, int], record_reveal: bool = False) -> Page:
    """A person's page with generous timeouts (nine pages on a noisy machine); optionally recording the wheel."""
    someone = person(viewport=viewport)
    someone.context.set_default_timeout(WAIT_MS)
    if record_reveal:
        someone.context.add_init_script(RECORD_REVEAL)
    return someone.page  # type: ignore[no-any-return]


def _live(page: Page) -> None:
    expect(page.locator("body")).to_have_attribute("data-live", "open", timeout=WAIT_MS)


def _join(page: Page, url: str, code: str, name: str, town: str, role: str) -> None:
    page.goto(f"{url}/j/{code}")
    page.get_by_role("radio", name=town).check()
    page.get_by_label("Naam (optioneel)").fill(name)
    page.get_by_label("Rol (optioneel)").select_option(label=role)
    page.get_by_role("button", name="Meedoen").click()
    expect(page).to_have_url(f"{url}/j/{code}/kamer", timeout=WAIT_MS)
    _live(page)


def _groups(live_server: Any, meeting_id: int) -> dict[str, tuple[str, str]]:
    """Each person's (theme group title, municipality), from the database."""
    with Session(live_server.app.state.engine) as session:
        titles = {t.id: t.title for t in session.exec(select(Theme).where(Theme.meeting_id == meeting_id))}
        people = {p.id: p.name for p in session.exec(select(Participant).where(Participant.meeting_id == meeting_id))}
        towns = {name: town for name, town, _ in PEOPLE}
        members = session.exec(select(ThemeMember).where(ThemeMember.meeting_id == meeting_id))
        return {people[m.participant_id]: (titles[m.theme_id], towns[people[m.participant_id]]) for m in members}


def _download(organiser: Page, button: str) -> bytes:
    with organiser.expect_download() as download:
        organiser.get_by_role("button", name=button).click()
    with open(download.value.path(), "rb") as file:
        return file.read()


def _docx(data: bytes) -> tuple[str, list[list[list[str]]]]:
    document = docx.Document(io.BytesIO(data))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return "\n".join(p.text for p in document.paragraphs), tables


@pytest.mark.e2e
def test_the_follow_up_morning_end_to_end(live_server: Any, person: Any) -> None:
    url = live_server.url
    start_id = _answered_startbijeenkomst(live_server)

    # The organiser makes the follow-up from the startbijeenkomst: one action, date and start time.
    organiser = _open(person, LAPTOP)
    links = _create_follow_up(organiser, url, start_id)
    follow_up_id = int(links["id"])

    # The screens: the projector, the dagvoorzitter's dashboard, the gespreksleider; six phones.
    phones: dict[str, Page] = {}
    for name, town, role in PEOPLE:
        phones[name] = _open(person, PHONE, record_reveal=name == "Anna")
        _join(phones[name], url, links["code"], name, town, role)
    projector = _open(person, PROJECTOR, record_reveal=True)
    facilitator = _open(person, LAPTOP, record_reveal=True)
    leader = _open(person, PHONE)
    projector.goto(links["display"])
    facilitator.goto(links["facilitator"])
    leader.goto(links["gespreksleider"])
    for page in (projector, facilitator, leader):
        _live(page)

    # The dagvoorzitter starts the programme and clicks on, block by block.
    facilitator.get_by_role("button", name="Programma starten").click()
    _block(facilitator, 0)
    _block(projector, 0)
    _next(facilitator, projector, WHEEL)

    # The terugblik: the gespreksleider spins; the question shows only once the wheel stops, the same everywhere.
    for page in (projector, facilitator, phones["Anna"]):
        expect(page.locator("#wheel .wheel-disc")).to_be_visible(timeout=WAIT_MS)
    leader.get_by_role("button", name="Draaien").click()
    expect(leader.locator("#wheel-question")).to_be_visible(timeout=REVEAL_MS)
    question = leader.locator("#wheel-question").inner_text()
    assert question
    for page in (projector, facilitator, phones["Anna"]):
        expect(page.locator("#wheel-question")).to_have_text(question, timeout=REVEAL_MS)
        log = page.evaluate("window.__wheel")
        assert log["turned"] and not log["early"], "the question was in the page while the wheel turned"

    # Belangrijkste uitkomsten: the proposed themes are accepted on the dashboard and projected.
    _next(facilitator, projector, OUTCOMES)
    proposals = facilitator.locator("#themes-admin .proposals li")
    expect(proposals.first).to_contain_text("% op orde", timeout=WAIT_MS)
    accepted = []
    for index in range(2):
        proposal = facilitator.locator("#themes-admin .proposals li").nth(index)
        accepted.append(proposal.get_by_label("Titel van het thema").input_value())
        proposal.get_by_role("button", name="Overnemen").click()
        expect(facilitator.locator("#themes-admin .chosen-themes li[data-theme-id]")).to_have_count(
            index + 1, timeout=WAIT_MS
        )
    expect(projector.locator("#themes-chosen li")).to_have_count(2, timeout=WAIT_MS)
    for title in accepted:
        expect(projector.locator("#themes-chosen")).to_contain_text(title)

    # Aan de slag met de thema's: mixed groups formed by the app; the phones switch by themselves.
    _next(facilitator, projector, THEMES)
    for page in phones.values():
        expect(page.locator("#theme-group #theme-waiting")).to_be_visible(timeout=WAIT_MS)
    facilitator.get_by_role("button", name="Groepen indelen").click()
    for page in phones.values():
        expect(page.locator("#theme-group h3")).to_be_visible(timeout=WAIT_MS)
    groups = _groups(live_server, follow_up_id)
    assert sorted(groups) == sorted(name for name, _, _ in PEOPLE)
    for name, page in phones.items():
        expect(page.locator("#theme-group h3")).to_have_text(groups[name][0])
        expect(page).to_have_url(f"{url}/j/{links['code']}/kamer")  # nobody clicked a link
    for title in {title for title, _ in groups.values()}:
        towns = {town for title_, town in groups.values() if title_ == title}
        assert len(towns) > 1, f"theme group {title} is all one municipality"

    # Two members of one group save the same answer at once: neither text is lost.
    first, second = sorted(name for name in groups if groups[name][0] == accepted[0])[:2]
    mine = {first: f"Knelpunt volgens {first}", second: f"Knelpunt volgens {second}"}
    for name in (first, second):
        phones[name].get_by_label("Waar liggen de grootste knelpunten?").fill(mine[name])
    for name in (first, second):
        phones[name].locator("#theme-group").get_by_role("button", name="Opslaan").click()
    # The two saves race: whichever the server takes second is refused, on that phone.
    deadline = time.monotonic() + WAIT_MS / 1000
    while not any(phones[name].locator("#theme-group .conflict[role=alert]").count() for name in (first, second)):
        assert time.monotonic() < deadline, "neither of two simultaneous saves was refused"
        phones[second].wait_for_timeout(100)
    if phones[first].locator("#theme-group .conflict[role=alert]").count():
        first, second = second, first
    later = phones[second]
    conflict = later.locator("#theme-group .conflict[role=alert]")
    expect(conflict).to_contain_text("Iemand anders heeft intussen")
    expect(conflict).to_contain_text(mine[first])  # the other's text, with their own kept in the field
    expect(later.get_by_label("Waar liggen de grootste knelpunten?")).to_have_value(mine[second])
    expect(phones[first].locator("#theme-group .conflict")).to_have_count(0)
    merged = f"{mine[first]}; {mine[second]}"
    later.get_by_label("Waar liggen de grootste knelpunten?").fill(merged)
    later.locator("#theme-group").get_by_role("button", name="Opslaan").click()
    expect(later.locator("#theme-group .conflict")).to_have_count(0, timeout=WAIT_MS)
    expect(phones[first].get_by_label("Waar liggen de grootste knelpunten?")).to_have_value(merged, timeout=WAIT_MS)

    # Plenaire terugkoppeling: one group at a time on the projector.
    _next(facilitator, projector, FEEDBACK)
    expect(projector.locator("#feedback-group")).to_contain_text("Themagroep 1 van 2", timeout=WAIT_MS)
    expect(projector.locator("#feedback-group")).to_contain_text(merged)
    facilitator.get_by_role("button", name="Volgende groep").click()
    expect(projector.locator("#feedback-group")).to_contain_text("Themagroep 2 van 2", timeout=WAIT_MS)
    for position in range(FEEDBACK + 1, PLAN + 1):
        _next(facilitator, projector, position)

    # The plan van aanpak: two members of Bussum draft it at once; nothing is lost.
    bram, bea = phones["Bram"], phones["Bea"]
    for page in (bram, bea):
        expect(page.locator("#plan h2")).to_have_text("Plan van aanpak Bussum", timeout=WAIT_MS)
    # The block's start drafted every plan from the questions not op orde in the startbijeenkomst.
    first_row = bea.locator("#plan form.plan-row").first
    expect(first_row).to_be_visible(timeout=WAIT_MS)
    expect(bram.locator("#plan form.plan-row").first).to_be_visible(timeout=WAIT_MS)
    bram.get_by_role("textbox", name="Inleiding").fill("Inleiding van Bram")
    bea.get_by_role("textbox", name="Samenvatting").fill("Samenvatting van Bea")
    bram.locator("#plan form.plan-row").first.get_by_label("Omschrijving verbeteractie").fill("Actie van Bram")
    first_row.get_by_label("Wie gaat het doen?").fill("Bea en het team")
    bram.locator("#plan-text").get_by_role("button", name="Opslaan").click()
    bea.locator("#plan-text").get_by_role("button", name="Opslaan").click()
    bram.locator("#plan form.plan-row").first.get_by_role("button", name="Opslaan").click()
    bea.locator("#plan form.plan-row").first.get_by_role("button", name="Opslaan").click()
    for page in (bram, bea):
        expect(page.get_by_role("textbox", name="Inleiding")).to_have_value("Inleiding van Bram", timeout=WAIT_MS)
        expect(page.get_by_role("textbox", name="Samenvatting")).to_have_value("Samenvatting van Bea", timeout=WAIT_MS)
        row = page.locator("#plan form.plan-row").first
        expect(row.get_by_label("Omschrijving verbeteractie")).to_have_value("Actie van Bram", timeout=WAIT_MS)
        expect(row.get_by_label("Wie gaat het doen?")).to_have_value("Bea en het team", timeout=WAIT_MS)
    bussum = projector.locator("#plan-progress .plan-progress-row", has_text="Bussum")
    expect(bussum.locator(".texts")).to_have_text("2 van 3", timeout=WAIT_MS)  # the projector follows the plans
    with Session(live_server.app.state.engine) as session:
        texts = session.exec(select(PlanText).where(PlanText.meeting_id == follow_up_id)).all()  # one per municipality
        assert [(t.inleiding, t.samenvatting) for t in texts if t.inleiding or t.samenvatting] == [
            ("Inleiding van Bram", "Samenvatting van Bea")
        ]
        rows = session.exec(select(PlanRow).where(PlanRow.verbeteractie == "Actie van Bram")).all()
        assert [r.wie for r in rows] == ["Bea en het team"]
        answers = session.exec(select(ThemeAnswer).where(ThemeAnswer.meeting_id == follow_up_id)).all()
        assert merged in {a.knelpunten for a in answers}

    # Hoe gaan we verder? Agreements typed on the dashboard appear on the projector.
    _next(facilitator, projector, CLOSING)
    facilitator.locator("#agreement-what").fill("Plannen van aanpak naar het college")
    facilitator.locator("#agreement-who").fill("Elke gemeente")
    facilitator.locator("#agreement-when").fill("voor 1 maart")
    facilitator.get_by_role("button", name="Vastleggen").click()
    item = projector.locator("#agreements .agreement")
    expect(item).to_have_count(1, timeout=WAIT_MS)
    expect(item).to_contain_text("Plannen van aanpak naar het college")
    expect(item).to_contain_text("wie: Elke gemeente")

    # The documents, from the organiser's export page: the startbijeenkomst's figures.
    organiser.goto(f"{url}/organisator/bijeenkomsten/{follow_up_id}/export")
    organiser.get_by_label("Weergave").select_option(value="named")
    catalog = live_server.app.state.catalog
    with Session(live_server.app.state.engine) as session:
        start = session.get(Meeting, start_id)
        assert start is not None
        expected = build_results(
            session=session, meeting=start, question_set=catalog.question_set(start.question_set_key), mode="named"
        )
    scores = {m.label: m.scores for m in expected.municipalities}
    op_orde = {
        town: sum(1 for q in range(1, 32) if status_for(q, position) == "op_orde")
        for position, town in enumerate(TOWNS)
    }

    text, tables = _docx(_download(organiser, "Verslag (Word)"))
    assert "Resultaten uit: de zelfscan van 1 december 2026" in text
    grid = next(t for t in tables if t[0][0] == "Gemeente" and t[0][1].startswith("St."))
    for town in TOWNS:
        row = next(r for r in grid if r[0] == town)
        assert row[1:] == [percent(scores[town][int(h.removeprefix("St. "))]) for h in grid[0][1:]]
    everything = text + str(tables)
    for written in ("Plannen van aanpak naar het college", question, merged, *accepted):
        assert written in everything, f"{written!r} is not in the verslag"

    workbook = openpyxl.load_workbook(io.BytesIO(_download(organiser, "Resultaten (Excel)")))
    for town in TOWNS:
        answers_given = [workbook[town].cell(row=r, column=5).value for r in range(7, 38)]
        assert answers_given.count("Op orde") == op_orde[town]

    with organiser.expect_download() as download:
        organiser.get_by_role("link", name="Bussum", exact=True).click()  # not "Factsheet Bussum"
    with open(download.value.path(), "rb") as file:
        text, tables = _docx(file.read())
    assert f"{op_orde['Bussum']} van de 31 vragen zijn op orde" in text
    assert "Actie van Bram" in str(tables) and "Bea en het team" in str(tables)
    assert "Inleiding van Bram" in text and "Samenvatting van Bea" in text
    text, tables = _docx(_download(organiser, "Plan van aanpak regio (Word)"))
    assert "van 3 gemeenten niet op orde" in text
