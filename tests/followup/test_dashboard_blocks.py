"""The dagvoorzitter runs the follow-up from the dashboard alone: what each block shows and lets them do."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.catalog.loader import Catalog
from app.followup.models import PlanRow, PlanText, Theme, ThemeAnswer
from app.meetings import service as meetings
from app.meetings.models import Meeting
from tests.support.scans import ScanFactory

WELCOME, OUTCOMES, THEMES, FEEDBACK, PAUSE, PLAN_TALK, PLAN, CLOSING = 1, 2, 3, 4, 5, 6, 7, 8


def _follow_up(session: Session, catalog: Catalog, make_meeting: Any, mode: str = "anonymised") -> Meeting:
    """A filled-in startbijeenkomst (Amstelveen, Bussum, Castricum) and its follow-up in `mode`."""
    scans = ScanFactory(session, catalog)
    start = scans.meeting()
    scans.fill(start)
    return make_meeting(agenda_key="follow-up", scan_source_id=start.id, privacy_mode=mode)


def _follow_up_at(session: Session, catalog: Catalog, make_meeting: Any, block: int) -> Meeting:
    """An anonymised follow-up of a filled-in startbijeenkomst, at `block`."""
    meeting = _follow_up(session, catalog, make_meeting)
    _at_block(session, meeting, block)
    return meeting


def _at_block(session: Session, meeting: Meeting, block: int) -> None:
    meeting.current_block, meeting.results_visible = block, True
    session.add(meeting)
    session.commit()


def _main(html: str) -> str:
    match = re.search(r'<section id="dash-main".*</section>', html, re.S)
    assert match, "no #dash-main on the page"
    return match.group(0)


def _screens(client: TestClient, meeting: Meeting) -> tuple[str, str]:
    """The facilitator's dashboard and the projector, as shown now."""
    return (
        _main(client.get(f"/f/{meeting.facilitator_token}").text),
        _main(client.get(f"/d/{meeting.display_token}").text),
    )


def _theme(session: Session, meeting: Meeting, title: str, position: int, **answers: str) -> Theme:
    theme = Theme(meeting_id=meeting.id or 0, title=title, position=position)
    session.add(theme)
    session.flush()
    session.add(ThemeAnswer(meeting_id=meeting.id or 0, theme_id=theme.id or 0, **answers))
    session.commit()
    return theme


@pytest.mark.parametrize("block", [WELCOME, OUTCOMES, THEMES, FEEDBACK, PAUSE, PLAN_TALK, PLAN, CLOSING])
def test_messages_and_help_calls_are_on_the_facilitators_dashboard_in_every_block(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any, block: int
) -> None:
    meeting = _follow_up(session, catalog, make_meeting)
    _at_block(session, meeting, block)

    facilitator, display = _screens(client, meeting)

    assert "Bericht aan de kamers" in facilitator and "Hulpvragen" in facilitator
    assert f'href="/f/{meeting.facilitator_token}/vervolg"' in facilitator
    assert "Bericht aan de kamers" not in display and "Hulpvragen" not in display
    assert "Amstelveen" not in facilitator  # anonymised: the projectable dashboard names rooms by letter
    assert ">Gemeente A</option>" in facilitator


@pytest.mark.parametrize("mode", ["named", "anonymised", "regional"])
def test_outcomes_block_shows_the_startbijeenkomsts_results_and_the_proposed_themes_to_choose(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any, mode: str
) -> None:
    meeting = _follow_up(session, catalog, make_meeting, mode)
    _at_block(session, meeting, OUTCOMES)

    facilitator, display = _screens(client, meeting)

    assert 'id="result-page-title"' in display  # the results of the startbijeenkomst's scan (a page at a time)
    assert "Thema's kiezen" in facilitator and "Overnemen" in facilitator and "% op orde" in facilitator
    assert "Thema's kiezen" not in display
    assert "Welke thema's springen eruit?" in display and "De dagvoorzitter kiest de thema's." in display
    if mode != "named":
        assert "Amstelveen" not in display and "Amstelveen" not in facilitator


def test_facilitator_accepts_edits_adds_and_drops_themes_on_the_dashboard(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any
) -> None:
    meeting = _follow_up_at(session, catalog, make_meeting, OUTCOMES)
    token = meeting.facilitator_token

    proposed = re.search(
        r'name="standards" value="(\d+)"><input name="title" value="([^"]+)"', _screens(client, meeting)[0]
    )
    assert proposed, "no proposal to accept"
    accepted = {"title": proposed.group(2), "standards": proposed.group(1)}
    assert client.post(f"/f/{token}/themas", data=accepted).status_code == 204
    assert 'class="taken">gekozen' in _screens(client, meeting)[0]  # a proposal is taken over once
    assert client.post(f"/f/{token}/themas", data={"title": "Capaciteit"}).status_code == 204
    first, second = (t.id for t in session.exec(select(Theme).order_by(col(Theme.id))))
    assert client.post(f"/f/{token}/themas/{first}", data={"title": "Eén visie voor de regio"}).status_code == 204
    assert client.post(f"/f/{token}/themas/{second}/verwijderen").status_code == 204

    facilitator, display = _screens(client, meeting)
    assert "Eén visie voor de regio" in display and f"(standaard {accepted['standards']})" in display
    assert "Capaciteit" not in display and f"{accepted['title']}<" not in display
    assert 'value="Eén visie voor de regio"' in facilitator and "Laten vallen" in facilitator
    assert client.post(f"/f/{token}/themas/{second}/verwijderen").status_code == 404


def test_a_theme_whose_group_already_answered_is_not_dropped(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any
) -> None:
    meeting = _follow_up(session, catalog, make_meeting)
    theme = _theme(session, meeting, "Capaciteit", 0, knelpunten="Te weinig mensen")

    refused = client.post(
        f"/f/{meeting.facilitator_token}/themas/{theme.id}/verwijderen", headers={"accept": "application/json"}
    )

    assert refused.status_code == 409 and "al antwoorden" in refused.json()["detail"]


def test_plenaire_terugkoppeling_shows_one_theme_group_at_a_time_as_the_facilitator_pages(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any
) -> None:
    meeting = _follow_up(session, catalog, make_meeting)
    _theme(session, meeting, "Capaciteit", 0, knelpunten="Te weinig mensen in Amstelveen")
    _theme(session, meeting, "Samenwerking met Veilig Thuis", 1, quick_win="Vast overleg elke maand")
    _at_block(session, meeting, FEEDBACK)
    token = meeting.facilitator_token

    facilitator, display = _screens(client, meeting)
    assert "Themagroep 1 van 2" in display and "Te weinig mensen in Gemeente A" in display
    assert "Vast overleg elke maand" not in display
    assert "Volgende groep" in facilitator and "Volgende groep" not in display

    assert client.post(f"/f/{token}/terugkoppeling", data={"position": "1"}).status_code == 204
    _, display = _screens(client, meeting)
    assert "Themagroep 2 van 2" in display and "Vast overleg elke maand" in display
    assert "Te weinig mensen" not in display

    assert client.post(f"/f/{token}/terugkoppeling", data={"position": "7"}).status_code == 204  # kept to the last
    assert "Themagroep 2 van 2" in _screens(client, meeting)[1]
    assert client.post(f"/f/{token}/terugkoppeling", data={"position": "-1"}).status_code == 422


@pytest.mark.parametrize("block", [PLAN_TALK, PLAN])
def test_plan_blocks_project_each_municipalitys_plan_progress(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any, block: int
) -> None:
    meeting = _follow_up(session, catalog, make_meeting, "named")
    ids = {m.name: m.id or 0 for m in meetings.municipalities_of(session=session, meeting=meeting)}
    for worked_out in (True, False, False):
        session.add(
            PlanRow(
                meeting_id=meeting.id or 0,
                municipality_id=ids["Bussum"],
                group="1-2",
                maatregel="Visie opstellen",
                verbeteractie="Visie schrijven" if worked_out else "",
                wie="Beleid" if worked_out else "",
                planning="Q2" if worked_out else "",
            )
        )
    session.add(PlanText(meeting_id=meeting.id or 0, municipality_id=ids["Bussum"], inleiding="Waarom", context="Hoe"))
    session.commit()
    _at_block(session, meeting, block)

    _, display = _screens(client, meeting)

    rows = re.findall(r'<li class="plan-progress-row[^"]*">(.*?)</li>', display, re.S)
    assert len(rows) == 3
    bussum = next(r for r in rows if "Bussum" in r)
    assert '<span class="rows">3</span>' in bussum and '<span class="worked-out">1</span>' in bussum
    assert '<span class="texts">2 van 3</span>' in bussum
    amstelveen = next(r for r in rows if "Amstelveen" in r)
    assert '<span class="rows">0</span>' in amstelveen


def test_regional_mode_projects_the_plans_progress_without_municipalities(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any
) -> None:
    meeting = _follow_up(session, catalog, make_meeting, "regional")
    bussum = next(m for m in meetings.municipalities_of(session=session, meeting=meeting) if m.name == "Bussum")
    session.add(PlanRow(meeting_id=meeting.id or 0, municipality_id=bussum.id or 0, group="1-2", maatregel="Visie"))
    session.commit()
    _at_block(session, meeting, PLAN)

    _, display = _screens(client, meeting)

    assert "1 van 3 gemeenten hebben een plan begonnen: samen 1 regel, waarvan 0 uitgewerkt" in display
    assert "Bussum" not in display and "Gemeente" not in display


def test_closing_block_lets_the_facilitator_type_agreements_that_the_projector_shows(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any
) -> None:
    meeting = _follow_up_at(session, catalog, make_meeting, CLOSING)
    token = meeting.facilitator_token

    facilitator, display = _screens(client, meeting)
    assert f'hx-post="/f/{token}/afspraken"' in facilitator and 'name="what"' in facilitator
    assert 'name="what"' not in display and "Nog geen afspraken vastgelegd." in display

    response = client.post(
        f"/f/{token}/afspraken", data={"kind": "action", "what": "Plan naar de raad", "who": "Bussum", "when": "mei"}
    )

    assert response.status_code == 204
    facilitator, display = _screens(client, meeting)
    assert "Plan naar de raad" in display and "wie: Gemeente B" in display and "wanneer: mei" in display
    assert "Bussum" not in facilitator  # the facilitator's copy may be projected too


@pytest.mark.parametrize("mode", ["named", "anonymised"])
def test_themagroepen_block_forms_groups_from_the_dashboard_without_putting_names_on_it(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any, mode: str
) -> None:
    meeting = _follow_up(session, catalog, make_meeting, mode=mode)
    _theme(session, meeting, "Regie", 0)
    _theme(session, meeting, "Signalen", 1)
    for name, municipality in (("Anna", "Amstelveen"), ("Bram", "Bussum"), ("Cor", "Castricum")):
        make_meeting.participant(meeting, municipality, name=name)
    _at_block(session, meeting, THEMES)

    response = client.post(f"/f/{meeting.facilitator_token}/themagroepen/indelen")
    assert response.status_code < 400
    facilitator, display = _screens(client, meeting)

    assert 'id="groups-panel"' in facilitator and 'id="groups-panel"' not in display
    assert "Nog niet ingedeeld" not in facilitator  # everyone present was placed
    assert "2 deelnemers" in facilitator and "1 deelnemer" in facilitator
    # The dashboard may be projected, which never shows people's names: they and the moves are on /vervolg.
    assert "Anna" not in facilitator and "Verplaatsen" not in facilitator
    panel = client.get(f"/f/{meeting.facilitator_token}/vervolg").text
    assert "Anna" in panel and "Verplaatsen" in panel


@pytest.mark.parametrize("block", [OUTCOMES, THEMES])
def test_a_theme_title_naming_a_municipality_is_redacted_on_the_projectable_dashboard(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any, block: int
) -> None:
    meeting = _follow_up(session, catalog, make_meeting, mode="anonymised")
    _theme(session, meeting, "Wachtlijst in Bussum", 0)
    _at_block(session, meeting, block)

    facilitator, display = _screens(client, meeting)

    assert "Wachtlijst in Gemeente B" in facilitator
    assert "Bussum" not in facilitator and "Bussum" not in display
    assert "Wachtlijst in Bussum" in client.get(f"/f/{meeting.facilitator_token}/vervolg").text  # renamed there


def test_a_theme_taken_over_twice_by_a_double_click_is_chosen_once(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any
) -> None:
    meeting = _follow_up_at(session, catalog, make_meeting, OUTCOMES)
    token = meeting.facilitator_token
    proposal = {"title": "Gemeentelijke regie", "standards": "1"}

    for _ in range(2):  # "Overnemen" clicked twice before the dashboard caught up
        assert client.post(f"/f/{token}/themas", data=proposal).status_code == 204
    assert client.post(f"/f/{token}/themas", data={"title": " gemeentelijke REGIE "}).status_code == 204

    assert [t.title for t in session.exec(select(Theme).where(Theme.meeting_id == meeting.id))] == [
        "Gemeentelijke regie"
    ]
    assert _screens(client, meeting)[1].count("Gemeentelijke regie") == 1
