"""Hostile values at the door: every integer is bounded and every text is clean, or a Dutch 422 (never a 500)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.meetings.models import Meeting
from app.zelfscan.models import RoomAnswer
from tests.support.phones import Phone

BIG = 2**63  # one past SQLite's largest integer: used to give 500s
JSON = {"Accept": "application/json"}
SECRET = "test-organiser-secret"


@dataclass
class Door:
    """A meeting with every kind of link, and a participant's phone in Amstelveen."""

    client: TestClient
    meeting: Meeting
    phone: Phone

    def send(self, who: str, method: str, path: str, **kwargs: Any) -> Any:
        m = self.meeting
        path = path.format(
            id=m.id,
            code=m.join_code,
            f=m.facilitator_token,
            g=m.gespreksleider_token,
            big=BIG,
            muni=self.phone.municipality_id,
        )
        headers = {**JSON, **kwargs.pop("headers", {})}
        if "json" in kwargs:  # escaped as JSON escapes (\\ud800), as a hostile client sends them
            kwargs["content"] = json.dumps(kwargs.pop("json")).encode()
            headers["Content-Type"] = "application/json"
        if who == "organiser":
            headers["Authorization"] = f"Bearer {SECRET}"
        if who == "phone":
            return self.phone.post(path, headers=headers, **kwargs) if method == "POST" else self.phone.get(path)
        self.client.cookies.clear()
        return self.client.request(method, path, headers=headers, **kwargs)


@pytest.fixture
def door(client: TestClient, workshop: Any) -> Door:
    return Door(client, workshop.meeting, workshop.join("Amstelveen"))


INTEGER_CASES = [
    # path parameters
    ("organiser", "GET", "/api/meetings/{big}", {}),
    ("organiser", "GET", "/api/meetings/{big}/results", {}),
    ("organiser", "POST", "/api/meetings/{big}/municipalities", {"json": {"name": "Huizen"}}),
    ("organiser", "GET", "/organisator/bijeenkomsten/{big}", {}),
    ("organiser", "GET", "/api/meetings/{id}/export/plan/{big}.docx", {}),
    ("organiser", "POST", "/api/meetings/{id}/wheel/questions/{big}/remove", {}),
    ("phone", "POST", "/api/j/{code}/questions/{big}/answer", {"json": {"base_version": 0, "status": "op_orde"}}),
    ("phone", "POST", "/api/j/{code}/questions/{big}/view", {"json": {"status": "op_orde"}}),
    ("phone", "POST", "/j/{code}/vraag/{big}/antwoord", {"data": {"base_version": 0, "status": "op_orde"}}),
    ("phone", "POST", "/j/{code}/vraag/{big}/mening", {"data": {"status": "op_orde"}}),
    ("phone", "POST", "/j/{code}/plan/regels/{big}", {"data": {"base_version": 0, "wie": "x"}}),
    ("anyone", "POST", "/g/{g}/rad/vragen/{big}", {"data": {"text": "Vraag"}}),
    ("anyone", "POST", "/g/{g}/rad/vragen/{big}/verwijderen", {}),
    ("anyone", "POST", "/f/{f}/hulp/{big}/afgehandeld", {}),
    ("anyone", "POST", "/f/{f}/afspraken/{big}/verwijderen", {}),
    ("anyone", "POST", "/f/{f}/themas/{big}", {"data": {"title": "Thema"}}),
    # form fields
    ("anyone", "POST", "/j/{code}", {"data": {"municipality_id": BIG}}),
    ("anyone", "POST", "/f/{f}/themas/1/leden", {"data": {"participant_id": BIG}}),
    ("anyone", "POST", "/f/{f}/berichten", {"data": {"text": "Nog 5 minuten", "municipality_id": BIG}}),
    ("phone", "POST", "/j/{code}/vraag/3/antwoord", {"data": {"base_version": BIG, "status": "op_orde"}}),
    ("phone", "POST", "/j/{code}/thema/antwoord", {"data": {"base_version": BIG, "kansen": "x"}}),
    ("organiser", "POST", "/organisator/bijeenkomsten/{id}/gegevens", {"data": {f"speaker_{BIG}": "Anna"}}),
    # JSON fields
    ("anyone", "POST", "/api/j/{code}/join", {"json": {"municipality_id": BIG}}),
    ("phone", "POST", "/api/j/{code}/questions/3/answer", {"json": {"base_version": BIG, "status": "op_orde"}}),
    (
        "organiser",
        "POST",
        "/api/meetings",
        {"json": {"region": "R", "date": "2026-12-01", "municipalities": ["A"], "scan_source_id": BIG}},
    ),
    (
        "organiser",
        "POST",
        "/api/meetings",
        {"json": {"region": "R", "date": "2026-12-01", "municipalities": ["A"], "speakers": {str(BIG): "Anna"}}},
    ),
]


@pytest.mark.parametrize(("who", "method", "path", "kwargs"), INTEGER_CASES)
def test_an_integer_past_the_id_range_is_a_dutch_422(
    door: Door, who: str, method: str, path: str, kwargs: dict[str, Any]
) -> None:
    response = door.send(who, method, path, **kwargs)

    assert response.status_code == 422, response.text
    assert response.json()["detail"] == "De invoer klopt niet."
    assert any("mag hoogstens 2147483647 zijn" in line for line in response.json()["errors"]), response.json()


def test_a_number_too_long_to_parse_is_a_dutch_422_too(door: Door) -> None:
    response = door.send(
        "organiser", "POST", "/organisator/bijeenkomsten/{id}/gegevens", data={"speaker_" + "9" * 5000: "x"}
    )

    assert response.status_code == 422, response.text
    assert response.json()["detail"] == "De invoer klopt niet."


@pytest.mark.parametrize(
    ("who", "path", "kwargs", "field"),
    [
        ("organiser", "/api/meetings/{id}/municipalities", {"json": {"name": "Huizen\ud800"}}, "name"),
        (
            "organiser",
            "/api/meetings",
            {"json": {"region": "R\ud83d", "date": "2026-12-01", "municipalities": ["A"]}},
            "region",
        ),
        ("anyone", "/api/j/{code}/join", {"json": {"municipality_id": 1, "name": "Anna\udc00"}}, "name"),
        (
            "phone",
            "/api/j/{code}/questions/3/answer",
            {"json": {"base_version": 0, "toelichting": "\udfff"}},
            "toelichting",
        ),
    ],
)
def test_a_lone_surrogate_in_json_is_a_dutch_422(
    door: Door, who: str, path: str, kwargs: dict[str, Any], field: str
) -> None:
    response = door.send(who, "POST", path, **kwargs)

    assert response.status_code == 422, response.text
    assert f"{field}: bevat een ongeldig teken (een losse surrogaat)" in response.json()["errors"]


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
@pytest.mark.parametrize(
    ("who", "path", "kwargs", "field"),
    [
        ("organiser", "/api/meetings/{id}/municipalities", {"json": {"name": "Hui{c}zen"}}, "name"),
        (
            "phone",
            "/api/j/{code}/questions/3/answer",
            {"json": {"base_version": 0, "toelichting": "a{c}b"}},
            "toelichting",
        ),
        ("phone", "/j/{code}/vraag/3/antwoord", {"data": {"base_version": 0, "nuancering": "a{c}b"}}, "nuancering"),
        ("anyone", "/j/{code}", {"data": {"municipality_id": "{muni}", "name": "An{c}na"}}, "name"),
        ("anyone", "/g/{g}/rad/vragen", {"data": {"text": "Wie{c}?"}}, "text"),
        ("anyone", "/f/{f}/afspraken", {"data": {"what": "Afspraak{c}"}}, "what"),
        ("phone", "/j/{code}/thema/antwoord", {"data": {"base_version": 0, "kansen": "a{c}"}}, "kansen"),
        ("phone", "/j/{code}/plan/regels", {"data": {"group": "4-5-7-8", "maatregel": "a{c}"}}, "maatregel"),
    ],
)
def test_a_control_character_is_a_dutch_422_in_json_and_forms(
    door: Door, who: str, path: str, kwargs: dict[str, Any], field: str, character: str
) -> None:
    body_kind, body = next(iter(kwargs.items()))
    filled = {
        k: v.format(c=character, muni=door.phone.municipality_id) if isinstance(v, str) else v for k, v in body.items()
    }

    response = door.send(who, "POST", path, **{body_kind: filled})

    assert response.status_code == 422, response.text
    expected = (
        f"{field}: bevat een onzichtbaar stuurteken (U+{ord(character):04X}); haal het weg en probeer het opnieuw"
    )
    assert expected in response.json()["errors"]


def test_newlines_and_tabs_are_kept_and_carriage_returns_become_newlines(door: Door, session: Session) -> None:
    api = door.send(
        "phone", "POST", "/api/j/{code}/questions/3/answer", json={"base_version": 0, "toelichting": "a\r\nb\rc\td"}
    )
    form = door.send("phone", "POST", "/j/{code}/vraag/3/antwoord", data={"base_version": 1, "nuancering": "1\r\n2"})

    assert api.status_code == 200 and form.status_code == 200, form.text
    answer = session.exec(select(RoomAnswer).where(RoomAnswer.question == 3)).one()
    assert (answer.toelichting, answer.nuancering) == ("a\nb\nc\td", "1\n2")


def test_a_4000_character_text_with_windows_newlines_fits(door: Door) -> None:
    """A browser sends a textarea's newlines as CRLF; the limit counts them once, as the page does."""
    text = ("x" * 99 + "\r\n") * 40  # 4,000 characters as typed, 4,040 as sent

    response = door.send("phone", "POST", "/j/{code}/vraag/3/antwoord", data={"base_version": 0, "toelichting": text})

    assert response.status_code == 200, response.text


def test_a_lone_surrogate_in_a_field_name_is_a_dutch_422(door: Door) -> None:
    meeting = {"region": "R", "date": "2026-12-01", "municipalities": ["A"], "x\ud800": 1}

    response = door.send("organiser", "POST", "/api/meetings", json=meeting)

    assert response.status_code == 422
    assert any("bevat een ongeldig teken (een losse surrogaat)" in line for line in response.json()["errors"])
