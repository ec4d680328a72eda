"""Organiser accounts: an administrator adds and removes organisers (page, API, command line); keys are
stored only as a hash and shown once; a removed organiser is out at once; the instance key is the first
administrator."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.__main__ import main
from app.core.attempts import ORGANISER_SECRET as ORGANISER_SECRET_BUDGET
from app.core.attempts import TokenBuckets
from app.core.config import Settings
from app.main import create_app
from app.meetings.models import Meeting
from app.signin import accounts
from app.signin.models import FIRST_ADMINISTRATOR, Organiser, OrganiserSession
from tests.conftest import SECRET, sign_in
from tests.core.test_migrations import write_database_before_migrations
from tests.support.organisers import add_organiser, bearer
from tests.support.pages import as_pages_do

ADMIN = bearer(SECRET)


def stored_values(session: Session) -> str:
    """Every value of every organiser row, as one text (to look for a key in it)."""
    return " ".join(str(value) for row in session.exec(select(Organiser)) for value in row.model_dump().values())


def key_on(page: str) -> str:
    found = re.search(r'<code id="created-key">([^<]+)</code>', page)
    assert found, page
    return found.group(1)


def test_the_instance_key_is_the_first_administrator(client: TestClient) -> None:
    sign_in(client, SECRET)

    index = client.get("/organisator").text
    assert "Ingelogd als Beheerder (beheerder)" in index and 'href="/organisator/beheer"' in index
    listed = client.get("/api/organisers", headers=ADMIN).json()
    assert listed == [{"id": FIRST_ADMINISTRATOR, "name": "Beheerder", "administrator": True, "meetings": 0}]


def test_administrator_adds_an_organiser_on_the_page_and_sees_the_key_once(
    client: TestClient, session: Session
) -> None:
    sign_in(client, SECRET)

    added = client.post("/organisator/beheer/organisatoren", data={"naam": "Veilig Thuis Utrecht"})

    assert added.status_code == 200
    key = key_on(added.text)
    assert "Veilig Thuis Utrecht" in client.get("/organisator/beheer").text
    assert key not in client.get("/organisator/beheer").text  # shown on the answer to the form only
    assert key not in stored_values(session) and key.split(".", 1)[1] not in stored_values(session)
    row = session.exec(select(Organiser).where(Organiser.name == "Veilig Thuis Utrecht")).one()
    assert row.key_hash == accounts.hash_key(key, row.key_salt) and not row.administrator
    with as_pages_do(TestClient(client.app)) as browser:  # type: ignore[arg-type]
        sign_in(browser, key)
        index = browser.get("/organisator").text
        assert "Ingelogd als Veilig Thuis Utrecht" in index and "/organisator/beheer" not in index


def test_an_empty_name_is_refused_in_dutch(client: TestClient) -> None:
    sign_in(client, SECRET)

    refused = client.post("/organisator/beheer/organisatoren", data={"naam": "   "})
    assert refused.status_code == 422 and "Geef een naam van 1 tot 80 tekens." in refused.text
    api = client.post("/api/organisers", json={"name": ""}, headers=ADMIN)
    assert api.status_code == 422


def test_the_api_adds_lists_and_removes_organisers(client: TestClient) -> None:
    created = client.post("/api/organisers", json={"name": "Veilig Thuis Groningen"}, headers=ADMIN)

    assert created.status_code == 201
    body = created.json()
    assert body["name"] == "Veilig Thuis Groningen" and body["administrator"] is False and "." in body["key"]
    assert client.get("/api/meetings/999", headers=bearer(body["key"])).status_code == 404  # the key works
    names = [o["name"] for o in client.get("/api/organisers", headers=ADMIN).json()]
    assert names == ["Beheerder", "Veilig Thuis Groningen"]
    assert "key" not in client.get("/api/organisers", headers=ADMIN).json()[1]

    assert client.delete(f"/api/organisers/{body['id']}", headers=ADMIN).status_code == 204
    assert [o["name"] for o in client.get("/api/organisers", headers=ADMIN).json()] == ["Beheerder"]
    assert client.delete(f"/api/organisers/{body['id']}", headers=ADMIN).status_code == 404


def test_an_organiser_who_is_no_administrator_cannot_manage_accounts(client: TestClient, session: Session) -> None:
    organiser, key = add_organiser(session, "Veilig Thuis Utrecht")

    assert client.get("/api/organisers", headers=bearer(key)).status_code == 403
    assert client.post("/api/organisers", json={"name": "Nog een"}, headers=bearer(key)).status_code == 403
    assert client.delete(f"/api/organisers/{FIRST_ADMINISTRATOR}", headers=bearer(key)).status_code == 403
    sign_in(client, key)
    page = client.get("/organisator/beheer")
    assert page.status_code == 403 and "Alleen een beheerder" in page.text
    removed = client.post(f"/organisator/beheer/organisatoren/{organiser.id}/verwijderen")
    assert removed.status_code == 403
    assert [o.name for o in session.exec(select(Organiser))] == ["Beheerder", "Veilig Thuis Utrecht"]


def test_a_removed_organiser_is_out_at_once_and_their_meetings_go_to_the_administrator(
    app: FastAPI, client: TestClient, session: Session, make_meeting: Any
) -> None:
    organiser, key = add_organiser(session, "Veilig Thuis Utrecht")
    meeting = make_meeting(region="Regio Utrecht", organiser_id=organiser.id)
    with as_pages_do(TestClient(app)) as browser:
        sign_in(browser, key)
        assert "Regio Utrecht" in browser.get("/organisator").text
        assert browser.get(f"/api/meetings/{meeting.id}", headers=bearer(key)).status_code == 200

        sign_in(client, SECRET)
        removed = client.post(f"/organisator/beheer/organisatoren/{organiser.id}/verwijderen", follow_redirects=True)

        assert "Veilig Thuis Utrecht is verwijderd en uitgelogd; 1 bijeenkomst staat nu op jouw naam." in (removed.text)
        assert "Nieuwe bijeenkomst" not in browser.get("/organisator").text  # the open session has ended
        assert browser.get(f"/organisator/bijeenkomsten/{meeting.id}").status_code == 403
        assert browser.get(f"/api/meetings/{meeting.id}", headers=bearer(key)).status_code == 403
        assert browser.post("/organisator/inloggen", data={"sleutel": key}).status_code == 403
    assert "Regio Utrecht" in client.get("/organisator").text  # the administrator has the meeting now
    assert session.exec(select(OrganiserSession).where(OrganiserSession.organiser_id == organiser.id)).all() == []


def test_the_first_administrator_and_oneself_cannot_be_removed(client: TestClient, session: Session) -> None:
    second, key = add_organiser(session, "Tweede beheerder", administrator=True)

    first = client.delete(f"/api/organisers/{FIRST_ADMINISTRATOR}", headers=bearer(key))
    assert first.status_code == 409 and "eerste beheerder" in first.json()["detail"]
    itself = client.delete(f"/api/organisers/{second.id}", headers=bearer(key))
    assert itself.status_code == 409 and "jezelf" in itself.json()["detail"]
    assert client.delete(f"/api/organisers/{second.id}", headers=ADMIN).status_code == 204


def test_the_command_line_prints_a_key_once_and_stores_only_its_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ZELFSCAN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ZELFSCAN_ORGANISER_SECRET", SECRET)
    monkeypatch.setattr("app.__main__.get_settings", Settings)  # not the cached settings of another test

    with pytest.raises(SystemExit) as done:
        main(["organisers", "add", "Veilig Thuis Utrecht"])
    assert done.value.code == 0
    printed = capsys.readouterr().out
    key = re.search(r"Sleutel \(wordt niet opgeslagen, alleen nu getoond\): (\S+)", printed)
    assert key and "Organisator 2 toegevoegd: Veilig Thuis Utrecht (organisator)." in printed

    with pytest.raises(SystemExit):
        main(["organisers", "list"])
    listed = capsys.readouterr().out
    assert "Veilig Thuis Utrecht" in listed and key.group(1) not in listed
    app = create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET))
    with Session(app.state.engine) as session:
        assert key.group(1) not in stored_values(session)
    with TestClient(app) as client:
        assert client.get("/api/meetings/1", headers=bearer(key.group(1))).status_code == 404  # signed in

        with pytest.raises(SystemExit) as removed:
            main(["organisers", "remove", "2"])
        assert removed.value.code == 0
        assert "Organisator 2 (Veilig Thuis Utrecht) verwijderd" in capsys.readouterr().out
        assert client.get("/api/meetings/1", headers=bearer(key.group(1))).status_code == 403
    with pytest.raises(SystemExit) as refused:
        main(["organisers", "remove", "1"])
    assert refused.value.code == 1 and "eerste beheerder" in capsys.readouterr().out


@pytest.mark.sqlite_only  # an old SQLite file upgraded; PostgreSQL runs the same migrations in test_national
def test_meetings_from_before_accounts_belong_to_the_first_administrator(tmp_path: Path) -> None:
    write_database_before_migrations(tmp_path / "zelfscan.db")  # two meetings, made with the single key

    app = create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET))

    with TestClient(app) as client, Session(app.state.engine) as session:
        _, key = add_organiser(session, "Veilig Thuis Utrecht")
        for meeting_id in (1, 2):
            assert client.get(f"/api/meetings/{meeting_id}", headers=ADMIN).status_code == 200
            assert client.get(f"/api/meetings/{meeting_id}", headers=bearer(key)).status_code == 404
        assert {m.organiser_id for m in session.exec(select(Meeting))} == {FIRST_ADMINISTRATOR}
        assert session.exec(select(Organiser).where(Organiser.name == "Veilig Thuis Utrecht")).one().id == 2


def test_wrong_personal_keys_are_counted_like_the_instance_key(
    app: FastAPI, client: TestClient, session: Session
) -> None:
    app.state.sign_in_attempts = TokenBuckets(ORGANISER_SECRET_BUDGET, clock=lambda: 1_000.0)  # time stands still
    _, key = add_organiser(session, "Veilig Thuis Utrecht")
    key_id = key.split(".", 1)[0]

    for _ in range(ORGANISER_SECRET_BUDGET.burst):  # the right key id, a wrong secret
        assert client.get("/api/meetings/1", headers=bearer(f"{key_id}.geraden")).status_code == 403

    spent = client.get("/api/meetings/1", headers=bearer(key))
    assert spent.status_code == 429 and "Retry-After" in spent.headers  # even the right key learns nothing now
    form = client.post("/organisator/inloggen", data={"sleutel": key}, follow_redirects=False)
    assert form.status_code == 429
