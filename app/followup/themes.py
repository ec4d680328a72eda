"""Theme groups of the follow-up: proposed themes, mixed groups and their co-edited answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.catalog.loader import QuestionSet
from app.core.db import begin_write
from app.core.errors import Conflict, Invalid, NotFound, required_line
from app.core.privacy import DOCUMENT
from app.core.versioning import write_versioned
from app.followup import theme_rules as theme_domain
from app.followup.models import (
    MAX_LINE,
    MAX_TEXT,
    Theme,
    ThemeAnswer,
    ThemeMember,
)
from app.meetings import service as meeting_service
from app.meetings.models import Meeting, Participant
from app.zelfscan import results as result_service

ATTEMPTS = 5


def propose_themes(
    *, session: Session, meeting: Meeting, question_set: QuestionSet, limit: int = 4
) -> list[tuple[theme_domain.ThemeProposal, str]]:
    """Proposed themes with their standard's title, from the linked scan's results."""
    policy = result_service.privacy_policy(session=session, meeting=meeting, medium=DOCUMENT, mode="named")
    results = result_service.meeting_results(session=session, meeting=meeting, question_set=question_set, policy=policy)
    proposals = theme_domain.propose(
        results.regional, [m.scores for m in results.municipalities if m.answered], limit=limit
    )
    return [(p, question_set.standard(p.standard).title) for p in proposals]


def _parse_standards(standards: str, question_set: QuestionSet) -> str:
    numbers: list[int] = []
    for part in standards.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise Invalid(f"'{part}' is geen standaardnummer.")
        try:
            question_set.standard(int(part))
        except KeyError:
            raise Invalid(f"Standaard {part} bestaat niet.") from None
        numbers.append(int(part))
    return ",".join(str(n) for n in sorted(set(numbers)))


def themes_of(*, session: Session, meeting: Meeting) -> list[Theme]:
    return list(
        session.exec(select(Theme).where(Theme.meeting_id == meeting.id).order_by(col(Theme.position), col(Theme.id)))
    )


def get_theme(*, session: Session, meeting: Meeting, theme_id: int) -> Theme:
    theme = session.get(Theme, theme_id, populate_existing=True)  # as stored now, not as first read
    if theme is None or theme.meeting_id != meeting.id:
        session.rollback()  # end a write transaction begun for this (releases SQLite's write lock)
        raise NotFound("Dit thema bestaat niet in deze bijeenkomst.")
    return theme


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


def add_theme(
    *, session: Session, meeting: Meeting, question_set: QuestionSet, title: str, standards: str = ""
) -> Theme:
    """Choose a theme; one with the title of a chosen theme (a double click on "Overnemen") is that theme."""
    title = required_line(title, what="De titel van een thema", limit=MAX_LINE)
    chosen = themes_of(session=session, meeting=meeting)
    same = next((t for t in chosen if _title_key(t.title) == _title_key(title)), None)
    if same is not None:
        return same
    theme = Theme(
        meeting_id=meeting.id or 0,
        title=title,
        standards=_parse_standards(standards, question_set),
        position=len(chosen),
    )
    session.add(theme)
    session.commit()
    return theme


def rename_theme(*, session: Session, meeting: Meeting, theme_id: int, title: str) -> Theme:
    theme = get_theme(session=session, meeting=meeting, theme_id=theme_id)
    theme.title = required_line(title, what="De titel van een thema", limit=MAX_LINE)
    session.add(theme)
    session.commit()
    return theme


def remove_theme(*, session: Session, meeting: Meeting, theme_id: int) -> None:
    """Drop a theme with its group and answers; a theme whose group already wrote answers is refused.

    The write lock is taken before anything is read: a first answer, a move or a formation at the same
    moment waits for it (and then finds the theme gone), or comes first (and the drop is judged on it).
    """
    begin_write(session)
    theme = get_theme(session=session, meeting=meeting, theme_id=theme_id)
    answer = session.exec(select(ThemeAnswer).where(ThemeAnswer.theme_id == theme.id)).first()
    if answer is not None and any(getattr(answer, name).strip() for name in THEME_FIELDS):
        raise Conflict(f"De groep van thema '{theme.title}' heeft al antwoorden gegeven; die gooien we niet weg.")
    for member in session.exec(select(ThemeMember).where(ThemeMember.theme_id == theme.id)):
        session.delete(member)
    if answer is not None:
        session.delete(answer)
    try:
        session.flush()
        session.delete(theme)
        session.commit()
    except IntegrityError as exc:  # a row written for this theme without waiting for the lock
        session.rollback()
        raise Conflict(f"Thema '{theme.title}' wordt net gebruikt. Probeer het zo nog eens.") from exc


def join_theme(*, session: Session, meeting: Meeting, participant: Participant, theme_id: int) -> ThemeMember:
    """Put a participant in a theme group (moving them when they were in another)."""
    if participant.meeting_id != meeting.id:
        raise NotFound("Deze deelnemer hoort niet bij deze bijeenkomst.")
    for _attempt in range(ATTEMPTS):
        get_theme(session=session, meeting=meeting, theme_id=theme_id)  # dropped at the same moment: 404
        member = session.exec(select(ThemeMember).where(ThemeMember.participant_id == participant.id)).first()
        if member is not None and member.theme_id == theme_id:
            return member  # a repeated tap
        member = member or ThemeMember(
            meeting_id=meeting.id or 0, theme_id=theme_id, participant_id=participant.id or 0
        )
        member.theme_id = theme_id
        session.add(member)
        try:
            session.commit()
        except IntegrityError:  # the person's other tap came first, or the theme was just dropped: look again
            session.rollback()
            continue
        return member
    raise Conflict("Je keuze wordt nu vaak tegelijk gewijzigd. Probeer het zo nog eens.")


def participants_of(*, session: Session, meeting: Meeting) -> list[Participant]:
    return list(
        session.exec(select(Participant).where(Participant.meeting_id == meeting.id).order_by(col(Participant.id)))
    )


def participant_theme(*, session: Session, participant: Participant) -> Theme | None:
    member = session.exec(select(ThemeMember).where(ThemeMember.participant_id == participant.id)).first()
    return session.get(Theme, member.theme_id) if member else None


class GroupChanged:
    """An answer typed for a group the participant was moved out of: shown again in the new group's form, unsaved."""

    message = "Je bent intussen in een andere themagroep geplaatst; je tekst staat hieronder. Er is niets opgeslagen."
    conflicts: tuple[()] = ()

    def __init__(self, attempted: Mapping[str, str]) -> None:
        self.attempted = dict(attempted)


THEME_FIELDS = {
    "knelpunten": "de knelpunten",
    "kansen": "de kansen",
    "quick_win": "de quick win",
    "scope": "regionaal of lokaal",
    "kosten": "de kosten",
    "kosten_toelichting": "de toelichting op de kosten",
}


def theme_answer(*, session: Session, theme: Theme) -> ThemeAnswer:
    answer = session.exec(select(ThemeAnswer).where(ThemeAnswer.theme_id == theme.id)).first()
    return answer or ThemeAnswer(meeting_id=theme.meeting_id, theme_id=theme.id or 0)


def update_theme_answer(
    *, session: Session, theme: Theme, base_version: int, changes: Mapping[str, str], now: float
) -> ThemeAnswer:
    """Change fields of a theme group's answers; EditConflict when one changed since `base_version`."""
    unknown = set(changes) - set(THEME_FIELDS)
    if unknown:
        raise Invalid(f"Onbekend veld: {', '.join(sorted(unknown))}.")
    cleaned = {k: v.strip() for k, v in changes.items()}
    if cleaned.get("scope", "") not in ("", "regionaal", "lokaal"):
        raise Invalid("Kies regionaal of lokaal.")
    if cleaned.get("kosten", "") not in ("", "ja", "nee"):
        raise Invalid("Kies bij kosten ja of nee.")
    for k, v in cleaned.items():
        if len(v) > MAX_TEXT:
            raise Invalid(f"{THEME_FIELDS[k].capitalize()} is hoogstens {MAX_TEXT} tekens.")
    theme_id, title = theme.id, theme.title
    gone = Conflict(f"Thema '{title}' is intussen verwijderd; je antwoord is niet opgeslagen.")
    if session.get(Theme, theme_id, populate_existing=True) is None:  # dropped since the page asked
        raise gone
    try:
        written = write_versioned(
            session=session,
            model=ThemeAnswer,
            key={"theme_id": theme_id},
            create={"meeting_id": theme.meeting_id},
            changes=cleaned,
            base_version=base_version,
            labels=THEME_FIELDS,
            now=now,
        )
    except IntegrityError as exc:  # the theme was dropped while this first answer was written
        session.rollback()
        raise gone from exc
    session.commit()
    return written.row


@dataclass
class ThemeGroup:
    theme: Theme
    answer: ThemeAnswer
    members: list[tuple[Participant, str]]  # participant, municipality name
    municipalities: set[str] = field(default_factory=set)

    @property
    def one_municipality(self) -> bool:
        """A theme group should be mixed: warn when all its members come from one municipality."""
        return len(self.members) > 1 and len(self.municipalities) == 1


def theme_board(*, session: Session, meeting: Meeting) -> list[ThemeGroup]:
    names = {m.id: m.name for m in meeting_service.municipalities_of(session=session, meeting=meeting)}
    members = list(session.exec(select(ThemeMember).where(ThemeMember.meeting_id == meeting.id)))
    people = {p.id: p for p in session.exec(select(Participant).where(Participant.meeting_id == meeting.id))}
    board = []
    for theme in themes_of(session=session, meeting=meeting):
        group = ThemeGroup(theme, theme_answer(session=session, theme=theme), [])
        for m in members:
            if m.theme_id == theme.id and m.participant_id in people:
                person = people[m.participant_id]
                group.members.append((person, names.get(person.municipality_id, "")))
                group.municipalities.add(names.get(person.municipality_id, ""))
        board.append(group)
    return board
