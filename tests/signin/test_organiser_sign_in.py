"""The organiser signs in with the secret in a form, gets a session cookie that is not the secret, signs out."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.core.config import Settings
from app.main import create_app
from app.signin import service as signin
from app.signin.models import OrganiserSession
from app.signin.secret import OrganiserSecret
from tests.conftest import SECRET, sign_in
from tests.support.pages import as_pages_do

NEW_MEETING = {"region": "Regio Amstelland", "date": "2026-12-01", "municipalities": ["Amstelveen"]}


def organiser_page(client: TestClient) -> str:
    """What /organisator shows this browser: 'index' when signed in, else 'login'."""
    text = client.get("/organisator").text
    return "index" if "Nieuwe bijeenkomst" in text else "login"


def test_the_secret_in_a_link_does_not_sign_in_and_the_form_asks_for_it(client: TestClient) -> None:
    response = client.get(f"/organisator?sleutel={SECRET}", follow_redirects=False)

    assert response.status_code == 303 and response.headers["location"] == "/organisator?oude_link=1"
    assert "zs_organiser" not in response.headers.get("set-cookie", "")  # (the form-token cookie may come)
    page = client.get(response.headers["location"])
    assert 'action="/organisator/inloggen"' in page.text and "Typ de sleutel hier" in page.text
    assert SECRET not in page.text
    assert organiser_page(client) == "login"


def test_sign_in_sets_a_session_cookie_that_is_not_the_secret(client: TestClient, app: FastAPI) -> None:
    response = client.post("/organisator/inloggen", data={"sleutel": SECRET}, follow_redirects=False)

    assert response.status_code == 303 and response.headers["location"] == "/organisator"
    assert SECRET not in response.headers["location"]
    cookie = response.headers["set-cookie"]
    value = client.cookies["zs_organiser"]
    assert value != SECRET and SECRET not in cookie and len(value) >= 40
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Max-Age=43200" in cookie
    assert organiser_page(client) == "index"
    with Session(app.state.engine) as session:
        stored = session.exec(select(OrganiserSession)).one()
    assert value not in stored.token_hash and stored.expires_at - stored.created_at == 12 * 3600


def test_an_old_cookie_holding_the_secret_itself_opens_nothing(client: TestClient) -> None:
    client.cookies.set("zs_organiser", SECRET)

    assert organiser_page(client) == "login"
    assert client.get("/api/meetings/1").status_code == 403


def test_a_wrong_secret_is_refused_in_dutch_without_a_cookie(client: TestClient) -> None:
    response = client.post("/organisator/inloggen", data={"sleutel": "niet-de-sleutel"}, follow_redirects=False)

    assert response.status_code == 403 and "Deze sleutel klopt niet." in response.text
    assert "zs_organiser" not in response.headers.get("set-cookie", "")  # (the form-token cookie may come)


def test_sign_out_ends_the_session_on_the_server(client: TestClient, app: FastAPI) -> None:
    sign_in(client)
    cookie = client.cookies["zs_organiser"]
    assert 'action="/organisator/uitloggen"' in client.get("/organisator").text

    response = client.post("/organisator/uitloggen", follow_redirects=False)

    assert response.status_code == 303 and response.headers["location"] == "/organisator"
    assert 'zs_organiser=""' in response.headers["set-cookie"] and "Max-Age=0" in response.headers["set-cookie"]
    client.cookies.clear()
    client.cookies.set("zs_organiser", cookie)  # the same cookie, replayed (copied before signing out)
    assert organiser_page(client) == "login"
    assert client.post("/api/meetings", json=NEW_MEETING).status_code == 403
    with Session(app.state.engine) as session:
        assert session.exec(select(OrganiserSession)).all() == []


def test_a_session_ends_after_its_hours(app: FastAPI) -> None:
    secret: OrganiserSecret = app.state.organiser_secret
    with Session(app.state.engine) as session:
        token = signin.sign_in(
            session=session,
            secret=secret,
            attempts=app.state.sign_in_attempts,
            client="10.0.0.1",
            supplied=SECRET,
            hours=12,
            now=1_000.0,
        )
        assert signin.find_session(session=session, secret=secret, token=token, now=1_000.0 + 12 * 3600 - 1)
        assert signin.find_session(session=session, secret=secret, token=token, now=1_000.0 + 12 * 3600) is None


def test_scripts_keep_the_bearer_secret(client: TestClient, organiser_headers: dict[str, str]) -> None:
    assert client.post("/api/meetings", json=NEW_MEETING, headers=organiser_headers).status_code == 201


def test_a_new_secret_in_the_file_ends_sessions_even_without_the_command(file_settings: Settings) -> None:
    app = create_app(file_settings)
    old = app.state.organiser_secret.current()
    with as_pages_do(TestClient(app)) as client:
        sign_in(client, old)
        file_settings.organiser_secret_file.write_text("een-heel-andere-sleutel", encoding="utf-8")

        assert organiser_page(client) == "login"
        assert client.get("/api/meetings/1", headers={"Authorization": f"Bearer {old}"}).status_code == 403
        sign_in(client, "een-heel-andere-sleutel")
        assert organiser_page(client) == "index"
