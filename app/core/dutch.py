"""Dutch notation for everything people read: dates, numbers and counted words.

"5 december 2026", "38,5" (a decimal comma, a point between thousands) and "1 deelnemer" /
"3 deelnemers". Screens use them as template filters (app.core.web), documents call them directly.
"""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def dutch_date(day: dt.date, *, weekday: bool = True) -> str:
    """E.g. 'dinsdag 1 december 2026'."""
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def dutch_number(value: float | int | None, decimals: int = 1) -> str:
    """E.g. 38.5 -> "38,5", 40.0 -> "40", 12000 -> "12.000"; None -> "–". At most `decimals` decimals."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}" if decimals else f"{round(value):,}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def counted(count: int, one: str, many: str) -> str:
    """E.g. '1 deelnemer', '3 deelnemers', '0 deelnemers'."""
    return f"{count} {one if count == 1 else many}"
