"""Partials of the Rad van Fortuin: the wheel and its editor (first render and live push)."""

from __future__ import annotations

from sqlmodel import Session

from app.core.web import render_fragment
from app.meetings.models import Meeting
from app.wheel import service as wheel_service


def wheel_html(*, session: Session, meeting: Meeting, spin_url: str | None = None) -> str:
    view = wheel_service.wheel_view(session=session, meeting=meeting)
    return render_fragment("wheel/wheel.html", view=view, spin_url=spin_url)


def wheel_admin_html(*, session: Session, meeting: Meeting, base: str) -> str:
    view = wheel_service.wheel_view(session=session, meeting=meeting)
    return render_fragment("wheel/admin.html", view=view, base=base)
