"""Forming the mixed theme groups on the server (app.followup.grouping) and the facilitator's view of them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.core.errors import Conflict, Invalid
from app.followup import grouping, themes
from app.followup.models import ThemeMember
from app.meetings import service as meeting_service
from app.meetings.models import Meeting, Participant

ATTEMPTS = 5


def form_theme_groups(*, session: Session, meeting: Meeting, rng: grouping.RandomSource) -> int:
    """Put everyone without a theme group into a mixed group; the number placed (0 when all have one).

    People already in a group stay (a facilitator's move is kept); latecomers join the smallest
    groups. Forming twice at once places everyone once: a person has one membership (a unique
    constraint), and the formation that loses the race looks again and finds nobody left to place.
    """
    for _attempt in range(ATTEMPTS):
        theme_list = themes.themes_of(session=session, meeting=meeting)
        if not theme_list:
            raise Invalid("Kies eerst de thema's: zonder thema's kunnen er geen groepen gemaakt worden.")
        index = {t.id: i for i, t in enumerate(theme_list)}
        people = themes.participants_of(session=session, meeting=meeting)
        members = session.exec(select(ThemeMember).where(ThemeMember.meeting_id == meeting.id)).all()
        placed = {m.participant_id: index[m.theme_id] for m in members if m.theme_id in index}
        if all(p.id in placed for p in people):
            return 0
        groups = grouping.form_groups(
            [grouping.Person(p.id or 0, p.municipality_id, p.role) for p in people], len(theme_list), rng, placed
        )
        new = [
            ThemeMember(meeting_id=meeting.id or 0, theme_id=theme_list[i].id or 0, participant_id=person.id)
            for i, group in enumerate(groups)
            for person in group
            if person.id not in placed
        ]
        session.add_all(new)
        try:
            session.commit()
        except IntegrityError:  # another formation or a move placed someone, or a theme was dropped: look again
            session.rollback()
            continue
        return len(new)
    raise Conflict("De groepen worden nu tegelijk ingedeeld. Probeer het zo nog eens.")


@dataclass(frozen=True)
class PanelGroup:
    theme_id: int
    title: str
    members: list[tuple[Participant, str]]  # participant, municipality name
    one_municipality: bool


def groups_panel(*, session: Session, meeting: Meeting) -> dict[str, object]:
    """The context of followup/groups_panel.html: the groups, who is not placed yet, and the link base."""
    board = themes.theme_board(session=session, meeting=meeting)
    names = {m.id: m.name for m in meeting_service.municipalities_of(session=session, meeting=meeting)}
    in_group = {p.id for g in board for p, _ in g.members}
    return {
        "meeting": meeting,
        "base": f"/f/{meeting.facilitator_token}",
        "show_people": True,  # names, municipalities and moves; off where the page may be projected
        "text": None,  # where the page may be projected: how free text (a theme's title) may be shown
        "groups": [PanelGroup(g.theme.id or 0, g.theme.title, g.members, g.one_municipality) for g in board],
        "unplaced": [
            (p, names.get(p.municipality_id, ""))
            for p in themes.participants_of(session=session, meeting=meeting)
            if p.id not in in_group
        ],
    }
