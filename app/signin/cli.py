"""`python -m app organisers add "Naam" [--beheerder] | list | remove <id>`: manage organiser accounts.

A new key is printed once and stored only as a hash. Removing an organiser hands their meetings to
the first administrator and ends their sessions at once.
"""

from __future__ import annotations

import argparse

from pydantic import ValidationError
from sqlmodel import Session

from app.core.dutch import counted
from app.core.errors import ServiceError
from app.signin import accounts
from app.signin.models import FIRST_ADMINISTRATOR


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app organisers", description="Organisatoren beheren")
    commands = parser.add_subparsers(dest="action", required=True)
    add = commands.add_parser("add", help="een organisator toevoegen; de sleutel wordt één keer getoond")
    add.add_argument("name", help="naam van de organisator, bijvoorbeeld 'Veilig Thuis Utrecht'")
    add.add_argument("--beheerder", action="store_true", help="mag ook organisatoren toevoegen en verwijderen")
    commands.add_parser("list", help="alle organisatoren")
    remove = commands.add_parser("remove", help="een organisator verwijderen (bijeenkomsten gaan naar de beheerder)")
    remove.add_argument("organiser_id", type=int)
    return parser


def run(session: Session, argv: list[str]) -> int:
    """Carry out one command against the database; returns the exit code."""
    args = parser().parse_args(argv)
    try:
        if args.action == "add":
            data = accounts.OrganiserCreate(name=args.name, administrator=args.beheerder)
            organiser, key = accounts.add_organiser(session=session, data=data)
            role = "beheerder" if organiser.administrator else "organisator"
            print(f"Organisator {organiser.id} toegevoegd: {organiser.name} ({role}).")
            print(f"Sleutel (wordt niet opgeslagen, alleen nu getoond): {key}")
        elif args.action == "list":
            for row in accounts.list_organisers(session=session):
                role = "beheerder" if row.administrator else "organisator"
                first = " (sleutel van deze installatie)" if row.id == FIRST_ADMINISTRATOR else ""
                print(
                    f"{row.id:>4}  {row.name}  [{role}{first}]  {counted(row.meetings, 'bijeenkomst', 'bijeenkomsten')}"
                )
        else:
            gone, moved = accounts.remove_organiser(
                session=session, organiser_id=args.organiser_id, heir_id=FIRST_ADMINISTRATOR
            )
            print(
                f"Organisator {gone.id} ({gone.name}) verwijderd; sessies beëindigd, "
                f"{counted(moved, 'bijeenkomst', 'bijeenkomsten')} naar de eerste beheerder."
            )
    except ServiceError as refusal:
        print(refusal.message)
        return 1
    except ValidationError:
        print("Geef een naam van 1 tot 80 tekens.")
        return 1
    return 0
