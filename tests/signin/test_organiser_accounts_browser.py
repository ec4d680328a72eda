"""In Chromium: the administrator adds an organiser on /organisator/beheer, the organiser signs in with the
key shown once and sees only their own meetings; removed, their open page is signed out at the next click."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.support.browser import LAPTOP


def sign_in_as(page: Page, url: str, key: str) -> None:
    page.goto(f"{url}/organisator")
    page.get_by_label("Organisatorsleutel").fill(key)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Nieuwe bijeenkomst")).to_be_visible()


def create_meeting(page: Page, region: str) -> None:
    form = page.locator("#new-meeting")
    form.get_by_label("Naam regio").fill(region)
    form.get_by_label("Gemeenten (één per regel)").fill("Utrecht\nZeist")
    form.get_by_role("button", name="Bijeenkomst aanmaken").click()
    expect(page).to_have_url(re.compile(r"/organisator/bijeenkomsten/\d+$"))


def test_administrator_adds_an_organiser_who_sees_only_their_own_meetings_until_removed(
    live_server: Any, person: Any
) -> None:
    url = live_server.url
    admin = person(LAPTOP).page
    sign_in_as(admin, url, live_server.app.state.organiser_secret.current())
    create_meeting(admin, "Regio van de beheerder")

    admin.goto(f"{url}/organisator")
    admin.get_by_role("link", name="Organisatoren beheren").click()
    admin.get_by_label("Naam (bijvoorbeeld de regio of de persoon)").fill("Veilig Thuis Utrecht")
    admin.get_by_role("button", name="Toevoegen").click()
    key = admin.locator("#created-key").inner_text()
    expect(admin.locator("#organisers")).to_contain_text("Veilig Thuis Utrecht")

    organiser = person(LAPTOP).page
    sign_in_as(organiser, url, key)
    expect(organiser.locator("#signed-in-as")).to_have_text("Ingelogd als Veilig Thuis Utrecht")
    expect(organiser.get_by_text("Nog geen bijeenkomsten.")).to_be_visible()  # not the administrator's
    create_meeting(organiser, "Regio Utrecht")

    admin.goto(f"{url}/organisator/beheer")
    admin.get_by_role("button", name="Veilig Thuis Utrecht verwijderen").click()
    expect(admin.get_by_role("status")).to_contain_text("Veilig Thuis Utrecht is verwijderd en uitgelogd")
    expect(admin.locator("#organisers")).not_to_contain_text("Veilig Thuis Utrecht")

    organiser.reload()  # their own meeting's page, a moment ago
    expect(organiser.get_by_role("alert")).to_have_text(
        "Alleen de organisator heeft toegang. Log in met de organisatorsleutel."
    )
    organiser.goto(f"{url}/organisator")
    expect(organiser.get_by_label("Organisatorsleutel")).to_be_visible()  # signed out at once
    admin.goto(f"{url}/organisator")
    expect(admin.get_by_role("link", name="Regio Utrecht")).to_be_visible()  # handed to the administrator
