"""Redaction of free text: municipality names where they are used as names, and the organiser's hidden terms."""

from __future__ import annotations

import pytest

from app.core.privacy import decide
from app.core.redaction import HIDDEN, check_terms, parse_terms
from app.meetings.models import Municipality

NAMES = ["Best", "Buren", "Ede", "Oss", "Putten", "Vaals", "Wijchen", "Bergen op Zoom", "Bergen", "Houten"]


def redact(mode: str, text: str, hidden: tuple[str, ...] = ()) -> str:
    municipalities = [Municipality(id=i + 1, meeting_id=1, name=n, position=i) for i, n in enumerate(NAMES)]
    return decide(mode=mode, medium="document", municipalities=municipalities, hidden_terms=hidden).redact(text)


@pytest.mark.parametrize(
    "text",
    [
        "we doen ons best om dit bij te houden",
        "Signalen van buren en school",
        "Het gaat best goed, maar het kan beter.",
        "We putten uit ervaring van de buren.",
        "Hij zag er vaals uit na de nachtdienst.",
        "De houten trap bij het wijkcentrum.",
        "Bestuurlijk draagvlak en Burenhulp zijn er.",
    ],
)
def test_ordinary_words_stay(text: str) -> None:
    assert redact("anonymised", text) == text
    assert redact("regional", text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gemeente Best heeft een wachtlijst.", "Gemeente A heeft een wachtlijst."),
        ("In de gemeente Buren loopt het goed.", "In de Gemeente B loopt het goed."),
        ("In Best loopt dit al, net als in Oss.", "In Gemeente A loopt dit al, net als in Gemeente D."),
        ("Best heeft een eigen team.", "Gemeente A heeft een eigen team."),  # sentence start: hidden
        ("Samen met Putten en Vaals.", "Samen met Gemeente E en Gemeente F."),
        ("samenwerking met ede en wijchen", "samenwerking met Gemeente C en Gemeente G"),  # not ordinary words
        ("BEST en OSS", "Gemeente A en Gemeente D"),
        ("Bergen op Zoom, niet Bergen.", "Gemeente H, niet Gemeente I."),
        ("Team Houten-Noord", "Team Gemeente J-Noord"),
    ],
)
def test_names_used_as_names_are_replaced(text: str, expected: str) -> None:
    assert redact("anonymised", text) == expected


def test_regional_mode_uses_the_placeholder_and_named_mode_changes_nothing() -> None:
    assert redact("regional", "Gemeente Best en Oss doen ons best.") == "[gemeente] en [gemeente] doen ons best."
    assert redact("named", "Gemeente Best, wethouder Jansen", ("Jansen",)) == "Gemeente Best, wethouder Jansen"


def test_hidden_terms_are_replaced_in_any_case() -> None:
    text = "Wethouder Jan de Vries wil het, zegt JAN DE VRIES; de Dorpsstraat ook. Vriesland blijft."
    assert redact("anonymised", text, ("Jan de Vries", "dorpsstraat", "Vries")) == (
        f"Wethouder {HIDDEN} wil het, zegt {HIDDEN}; de {HIDDEN} ook. Vriesland blijft."
    )
    assert redact("regional", "Buren: wethouder Jansen", ("Jansen",)) == f"[gemeente]: wethouder {HIDDEN}"


def test_hidden_terms_are_parsed_and_checked_in_dutch() -> None:
    assert parse_terms("Jansen\n Dorpsstraat 12 , jansen;De Linde") == ["Jansen", "Dorpsstraat 12", "De Linde"]
    assert check_terms("Jansen, Dorpsstraat") == "Jansen\nDorpsstraat"
    for bad, message in (
        ("x", "te kort"),
        ("a" * 81, "te lang"),
        ("\n".join(f"woord{i}" for i in range(41)), "hoogstens 40"),
        ("--", "geen letters"),
    ):
        with pytest.raises(ValueError, match=message):
            check_terms(bad)


@pytest.mark.parametrize(
    ("names", "text", "expected"),
    [
        (["Bergen op Zoom"], "In Bergen op  Zoom en in Bergen-op-Zoom", "In Gemeente A en in Gemeente A"),
        (["Bergen op Zoom"], "samen met Bergen op\nZoom", "samen met Gemeente A"),
        (["'s-Hertogenbosch"], "In s-Hertogenbosch en 's Hertogenbosch", "In Gemeente A en Gemeente A"),
        (
            ["Súdwest-Fryslân"],
            "De Sudwest-Fryslan aanpak, ook in Súdwest Fryslân",
            "De Gemeente A aanpak, ook in Gemeente A",
        ),
        (["Bussum"], "De Bussumse aanpak van een Bussumer", "De Gemeente A aanpak van een Gemeente A"),
        (["Amstelveen"], "Amstelveners en de Amstelveense wijkteams", "Gemeente A en de Gemeente A wijkteams"),
        (["Ede"], "Edese jongeren en een Edenaar", "Gemeente A jongeren en een Gemeente A"),
        (
            ["Best", "Ede"],
            "Beste mensen, het Best team en Edes plan",
            "Beste mensen, het Gemeente A team en Gemeente B plan",
        ),
    ],
)
def test_names_written_differently_or_in_a_derived_form_are_replaced(
    names: list[str], text: str, expected: str
) -> None:
    municipalities = [Municipality(id=i + 1, meeting_id=1, name=n, position=i) for i, n in enumerate(names)]
    assert decide(mode="anonymised", medium="document", municipalities=municipalities).redact(text) == expected


def test_hidden_terms_are_found_across_spaces_hyphens_and_accents() -> None:
    text = "Wethouder Jan  de-Vries en de Dorpsstraat; café De Linde en cafe De Linde"
    assert redact("anonymised", text, ("Jan de Vries", "Café De Linde")) == (
        f"Wethouder {HIDDEN} en de Dorpsstraat; {HIDDEN} en {HIDDEN}"
    )
