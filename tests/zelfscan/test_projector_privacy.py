"""One privacy policy for everything projected: the display link, the facilitator's dashboard and their live pushes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.catalog.loader import Catalog
from app.core import privacy
from app.followup import agreements, themes
from app.meetings import service as meetings
from app.meetings.models import Meeting, Municipality
from app.zelfscan.results import privacy_policy
from tests.support.projector import all_pages, show_page
from tests.support.scans import NAMES, ScanFactory

START_RESULTS = 6  # "Eerste resultaten van de zelfscan" (questions 1-14) in the startbijeenkomst
BREAKOUT = 5  # questions 1-14, per municipality
THEMES_BLOCK = 3  # "Aan de slag met de thema's" in the follow-up programme
PEOPLE = ("Anna de Vries", "Bert Bakker", "Carla Claassen")
TYPED = "Wij in {name} doen dit samen met Amstelveen, Bussum en Castricum; Anna de Vries belt Bert."


def _at_block(session: Session, meeting: Meeting, block: int, *, results_visible: bool = True) -> None:
    meeting.current_block, meeting.results_visible = block, results_visible
    session.add(meeting)
    session.commit()


def _scan_with_typed_names(session: Session, catalog: Catalog, make_meeting: Any, mode: str) -> Meeting:
    meeting = make_meeting(privacy_mode=mode)
    for name, person in zip(NAMES, PEOPLE, strict=True):
        make_meeting.participant(meeting, name, name=person)
    ScanFactory(session, catalog).fill(meeting, toelichting=TYPED, nuancering="Alleen in {name}")
    return meeting


def _names_in(html: str, names: tuple[str, ...] = NAMES) -> list[str]:
    return [name for name in names if name.lower() in html.lower()]


def _dash_main(html: str) -> str:
    match = re.search(r'<section id="dash-main".*</section>', html, re.S)
    assert match, "no #dash-main on the page"
    return match.group(0)


def test_anonymised_projector_results_name_no_municipality_and_redact_the_toelichtingen(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any
) -> None:
    meeting = _scan_with_typed_names(session, catalog, make_meeting, "anonymised")
    _at_block(session, meeting, START_RESULTS)

    # Every results page, and a question's page with its toelichtingen (the display shows them only there).
    display = all_pages(client, session, meeting, f"/d/{meeting.display_token}")
    facilitator = all_pages(client, session, meeting, f"/f/{meeting.facilitator_token}")
    show_page(session, meeting, "vraag-1")
    display += client.get(f"/d/{meeting.display_token}").text
    facilitator = _dash_main(facilitator + client.get(f"/f/{meeting.facilitator_token}").text)

    assert 'class="remark"' in facilitator and 'class="remark"' not in display  # nothing to click on the display
    for page in (display, facilitator):
        assert _names_in(page) == []
        assert (
            "Gemeente A" in page and "Wij in Gemeente B doen dit samen met Gemeente A, Gemeente B en Gemeente C" in page
        )
        assert "uancering: Alleen in Gemeente C" in page


def test_regional_projector_shows_no_municipality_label_and_no_typed_names(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any
) -> None:
    meeting = _scan_with_typed_names(session, catalog, make_meeting, "regional")
    _at_block(session, meeting, START_RESULTS)

    display = all_pages(client, session, meeting, f"/d/{meeting.display_token}")
    show_page(session, meeting, "vraag-1")
    display += client.get(f"/d/{meeting.display_token}").text

    assert 'class="remarks-shown"' in display and "Wij in [gemeente] doen dit samen met [gemeente]" in display
    assert _names_in(display) == []
    assert "Gemeente A" not in display and "Gemeente B" not in display
    assert 'class="grid"' not in display  # no municipalities × questions grid


@pytest.mark.parametrize("block", [0, BREAKOUT])
def test_regional_login_and_progress_screens_list_no_municipality(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any, block: int
) -> None:
    meeting = _scan_with_typed_names(session, catalog, make_meeting, "regional")
    _at_block(session, meeting, block, results_visible=False)

    for path in (f"/d/{meeting.display_token}", f"/f/{meeting.facilitator_token}"):
        main = _dash_main(client.get(path).text)
        assert _names_in(main) == [] and "Gemeente A" not in main
    main = _dash_main(client.get(f"/d/{meeting.display_token}").text)
    if block == 0:
        assert "3 deelnemers uit 3 van 3 gemeenten" in main
    else:
        assert "0 van 3 kamers klaar" in main and "28/42" in main and 'class="room-progress"' not in main


def test_facilitator_projected_progress_uses_labels_in_anonymised_mode(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any
) -> None:
    meeting = _scan_with_typed_names(session, catalog, make_meeting, "anonymised")
    _at_block(session, meeting, BREAKOUT, results_visible=False)

    main = _dash_main(client.get(f"/f/{meeting.facilitator_token}").text)

    assert main.count('class="room-progress"') == 3 and "Gemeente C" in main
    assert _names_in(main) == []


def _follow_up_with_theme_groups(session: Session, catalog: Catalog, make_meeting: Any, mode: str) -> Meeting:
    meeting = make_meeting(agenda_key="follow-up", privacy_mode=mode)
    question_set = catalog.question_set(meeting.question_set_key)
    theme = themes.add_theme(
        session=session, meeting=meeting, question_set=question_set, title="Zicht op veiligheid in Bussum"
    )
    for name, person in zip(NAMES, PEOPLE, strict=True):
        participant = make_meeting.participant(meeting, name, name=person)
        themes.join_theme(session=session, meeting=meeting, participant=participant, theme_id=theme.id or 0)
    themes.update_theme_answer(
        session=session,
        theme=theme,
        base_version=0,
        changes={"knelpunten": "Amstelveen en Castricum missen een instrument", "quick_win": "Leren van Bussum"},
        now=1.0,
    )
    agreements.add_agreement(
        session=session,
        meeting=meeting,
        kind="action",
        what="Bussum stuurt het plan",
        who="Castricum",
        when="",
        now=2.0,
    )
    _at_block(session, meeting, THEMES_BLOCK, results_visible=False)
    return meeting


def test_anonymised_theme_board_names_no_municipality_and_no_member(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any
) -> None:
    meeting = _follow_up_with_theme_groups(session, catalog, make_meeting, "anonymised")

    for path in (f"/d/{meeting.display_token}", f"/f/{meeting.facilitator_token}"):
        main = _dash_main(client.get(path).text)
        assert 'id="themes-board"' in main and 'id="agreements"' in main
        assert "3 deelnemers: Gemeente A, Gemeente B, Gemeente C" in main
        assert "Gemeente A en Gemeente C missen een instrument" in main and "Leren van Gemeente B" in main
        assert _names_in(main) == [] and _names_in(main, PEOPLE) == []


def test_regional_theme_board_lists_no_municipality_labels(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any
) -> None:
    meeting = _follow_up_with_theme_groups(session, catalog, make_meeting, "regional")

    main = _dash_main(client.get(f"/d/{meeting.display_token}").text)

    assert "3 deelnemers</p>" in main and "[gemeente] en [gemeente] missen een instrument" in main
    assert _names_in(main) == [] and _names_in(main, PEOPLE) == [] and "Gemeente A" not in main


def test_named_theme_board_names_municipalities_but_never_members(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any
) -> None:
    meeting = _follow_up_with_theme_groups(session, catalog, make_meeting, "named")

    main = _dash_main(client.get(f"/d/{meeting.display_token}").text)

    assert "3 deelnemers: Amstelveen, Bussum, Castricum" in main
    assert _names_in(main, PEOPLE) == []


def test_live_push_to_the_projector_follows_the_same_policy(
    client: TestClient, session: Session, catalog: Catalog, make_meeting: Any
) -> None:
    meeting = _scan_with_typed_names(session, catalog, make_meeting, "anonymised")
    _at_block(session, meeting, START_RESULTS)
    show_page(session, meeting, "vraag-1")

    with client.websocket_connect(f"/ws/d/{meeting.display_token}") as socket:
        pushed = socket.receive_text()

    assert 'class="remarks-shown"' in pushed and "Wij in Gemeente B doen dit samen met Gemeente A" in pushed
    assert _names_in(pushed) == []


def _municipality(id_: int, name: str, position: int, meeting_id: int = 1) -> Municipality:
    return Municipality(id=id_, meeting_id=meeting_id, name=name, position=position)


def test_policy_decides_labels_names_and_free_text_per_medium_and_mode() -> None:
    own = [_municipality(1, "Amstelveen", 0), _municipality(2, "Bussum", 1)]
    # The startbijeenkomst a follow-up takes its results from: Bussum again, and Castricum who did not come.
    linked = [_municipality(11, "Bussum", 0, 9), _municipality(12, "Castricum", 1, 9)]

    anonymised = privacy.decide(mode="anonymised", medium=privacy.SCREEN, municipalities=own, linked=linked)
    assert [anonymised.label(m) for m in own + linked] == ["Gemeente A", "Gemeente B", "Gemeente B", "Gemeente C"]
    assert anonymised.per_municipality and not anonymised.municipality_names and not anonymised.member_names
    assert anonymised.text("Castricum en bussum") == "Gemeente C en Gemeente B"

    regional = privacy.decide(mode="regional", medium=privacy.SCREEN, municipalities=own, linked=linked)
    assert not regional.per_municipality and regional.listed_label(own[0]) == ""
    assert regional.text("In Castricum") == "In [gemeente]"

    named_screen = privacy.decide(mode="named", medium=privacy.SCREEN, municipalities=own)
    named_document = privacy.decide(mode="named", medium=privacy.DOCUMENT, municipalities=own)
    assert named_screen.label(own[0]) == "Amstelveen" and named_screen.text("In Bussum") == "In Bussum"
    assert not named_screen.member_names and named_document.member_names
    with pytest.raises(Exception, match="privacystand"):
        privacy.decide(mode="secret", medium=privacy.SCREEN, municipalities=own)


def test_labels_of_a_follow_up_match_its_own_letters_even_when_the_start_listed_them_otherwise(
    session: Session, catalog: Catalog, make_meeting: Any
) -> None:
    start = make_meeting(("Castricum", "Bussum", "Amstelveen"))
    follow_up = make_meeting(agenda_key="follow-up", scan_source_id=start.id)

    policy = privacy_policy(session=session, meeting=follow_up, medium=privacy.DOCUMENT)
    by_name = {m.name: policy.label(m) for m in meetings.municipalities_of(session=session, meeting=start)}
    assert by_name == {"Amstelveen": "Gemeente A", "Bussum": "Gemeente B", "Castricum": "Gemeente C"}
