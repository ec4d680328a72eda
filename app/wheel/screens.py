"""Partials of the Rad van Fortuin: the wheel and its editor (first render and live push)."""

from __future__ import annotations

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
) -> str:
    """The wheel; `text` redacts the drawn question where it is projected (Policy.text)."""
    view = wheel_service.wheel_view(session=session, meeting=meeting)
    return render_fragment("wheel/wheel.html", view=view, spin_url=spin_url, text=text)


def wheel_admin_html(*, session: Session, meeting: Meeting, base: str) -> str:
    view = wheel_service.wheel_view(session=session, meeting=meeting)
    return render_fragment("wheel/admin.html", view=view, base=base)
