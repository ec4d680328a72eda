"""Partials of the Rad van Fortuin: the wheel and its editor (first render and live push)."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlmodel import Session

from app.core.web import render_fragment
from app.meetings.models import Meeting
from app.wheel import service as wheel_service


def _as_typed(value: str | None) -> str:
    return value or ""


def wheel_html(
    *,
    session: Session,
    meeting: Meeting,
    spin_url: str | None = None,
    text: Callable[[str | None], str] = _as_typed,
    now: float | None = None,
) -> str:
    """The wheel; `text` redacts the drawn question where it is projected (Policy.text).

    While a spin turns the question is not in the page at all; the push when it stops brings it.
    """
    view = wheel_service.wheel_view(session=session, meeting=meeting, now=now or time.time())
    return render_fragment("wheel/wheel.html", view=view, spin_url=spin_url, text=text)


def wheel_admin_html(*, session: Session, meeting: Meeting, base: str, now: float | None = None) -> str:
    """The gespreksleider's notes and questions; a question still being spun for is not listed yet."""
    view = wheel_service.wheel_view(session=session, meeting=meeting, now=now or time.time())
    return render_fragment("wheel/admin.html", view=view, base=base)
