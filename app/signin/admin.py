"""Managing organiser accounts: the administrator's page (/organisator/beheer) and JSON API (/api/organisers).

Only administrators get here (`AdministratorDep`). A new key is shown once, on the answer to the
form or the API call, never in a link; removing an organiser hands their meetings to the
administrator who removes them and ends the organiser's sessions at once.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from app.core.deps import AdministratorDep, SessionDep
from app.core.dutch import counted
from app.core.inputs import Id
from app.core.web import REDIRECT, render
from app.signin import accounts
from app.signin.models import FIRST_ADMINISTRATOR, Organiser

router = APIRouter()
PAGE = "/organisator/beheer"


def _page(
    request: Request, session: SessionDep, administrator: Organiser, *, status_code: int = 200, **context: object
) -> HTMLResponse:
    context = {"created": None, "created_key": "", "error": "", "message": "", **context}
    return render(
        request,
        "signin/organisers.html",
        status_code=status_code,
        administrator=administrator,
        organisers=accounts.list_organisers(session=session),
        first_administrator=FIRST_ADMINISTRATOR,
        **context,
    )


@router.get(PAGE, response_class=HTMLResponse)
def organisers_page(
    request: Request, session: SessionDep, administrator: AdministratorDep, melding: str = ""
) -> HTMLResponse:
    return _page(request, session, administrator, message=melding[:200])


@router.post(f"{PAGE}/organisatoren", response_class=HTMLResponse)
def add_organiser(
    request: Request,
    session: SessionDep,
    administrator: AdministratorDep,
    naam: Annotated[str, Form(max_length=200)] = "",
    beheerder: Annotated[str, Form(max_length=10)] = "",
) -> HTMLResponse:
    """Add an account and show its key on this answer only (a redirect would need it in a link)."""
    try:
        data = accounts.OrganiserCreate(name=naam, administrator=beheerder == "ja")
    except ValidationError:
        return _page(request, session, administrator, status_code=422, error="Geef een naam van 1 tot 80 tekens.")
    organiser, key = accounts.add_organiser(session=session, data=data)
    return _page(request, session, administrator, created=organiser, created_key=key)


@router.post(
    f"{PAGE}/organisatoren/{{organiser_id}}/verwijderen",
    response_class=HTMLResponse,
    response_model=None,
    responses=REDIRECT,
)
def remove_organiser(organiser_id: Id, session: SessionDep, administrator: AdministratorDep) -> Response:
    gone, moved = accounts.remove_organiser(session=session, organiser_id=organiser_id, heir_id=administrator.id or 0)
    moved_text = f"{counted(moved, 'bijeenkomst staat', 'bijeenkomsten staan')} nu op jouw naam"
    message = f"{gone.name} is verwijderd en uitgelogd; {moved_text}."
    return RedirectResponse(f"{PAGE}?melding={quote(message)}", status_code=303)


@router.get("/api/organisers", tags=["api"])
def list_organisers(session: SessionDep, _: AdministratorDep) -> list[accounts.OrganiserPublic]:
    return accounts.list_organisers(session=session)


@router.post("/api/organisers", status_code=201, tags=["api"])
def create_organiser(
    data: accounts.OrganiserCreate, session: SessionDep, _: AdministratorDep
) -> accounts.OrganiserCreated:
    """Add an organiser; `key` is in this answer only (stored as a hash), hand it over in person."""
    organiser, key = accounts.add_organiser(session=session, data=data)
    return accounts.public(organiser=organiser, key=key)


@router.delete("/api/organisers/{organiser_id}", status_code=204, tags=["api"])
def delete_organiser(organiser_id: Id, session: SessionDep, administrator: AdministratorDep) -> Response:
    """Remove an organiser: their meetings go to the calling administrator, their sessions end now."""
    accounts.remove_organiser(session=session, organiser_id=organiser_id, heir_id=administrator.id or 0)
    return Response(status_code=204)
