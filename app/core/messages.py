"""Dutch wording of pydantic's validation errors, shared by the web layer and the data-file loader."""

from __future__ import annotations

from typing import Any

_PYDANTIC_DUTCH = {
    "missing": "ontbreekt",
    "string_too_long": "is te lang (maximaal {max_length} tekens)",
    "string_too_short": "is te kort of leeg",
    "too_short": "moet minstens {min_length} item(s) bevatten",
    "too_long": "mag hoogstens {max_length} items bevatten",
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "int_parsing_size": "is te groot",
    "float_parsing": "moet een getal zijn",
    "bool_parsing": "moet ja of nee zijn",
    "date_from_datetime_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_type": "moet een datum zijn (JJJJ-MM-DD)",
    "string_pattern_mismatch": "heeft niet de juiste vorm",
    "string_type": "moet tekst zijn",
    "string_unicode": "bevat een ongeldig teken (een losse surrogaat)",
    "list_type": "moet een lijst zijn",
    "dict_type": "moet een object zijn",
    "model_type": "moet een object zijn",
    "literal_error": "moet een van deze waarden zijn: {expected}",
    "extra_forbidden": "is geen bekend veld",
    "greater_than_equal": "moet minstens {ge} zijn",
    "greater_than": "moet groter zijn dan {gt}",
    "less_than_equal": "mag hoogstens {le} zijn",
    "less_than": "moet kleiner zijn dan {lt}",
    "json_invalid": "is geen geldige JSON",
}


def dutch_message(error: Any) -> str:
    """One pydantic error (a dict from `ValidationError.errors()`) in Dutch."""
    template = _PYDANTIC_DUTCH.get(error.get("type", ""))
    if template:
        try:
            return template.format(**(error.get("ctx") or {}))
        except (KeyError, IndexError):
            return template
    return str(error.get("msg", "is ongeldig")).removeprefix("Value error, ")
