"""Partials of the follow-up work: one function per piece of screen (first render and live push)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlmodel import Session

from app.catalog.loader import Catalog, QuestionSet
from app.core.deps import question_set_of
from app.core.privacy import Policy
from app.core.versioning import EditConflict
from app.core.web import render_fragment
from app.followup import agreements, theme_groups, themes
from app.followup import dashboard as followup_dashboard
from app.followup import help as help_service
from app.followup import plan as plan_service
from app.meetings import service as meeting_service
from app.meetings.models import Meeting, MeetingBlock, Participant
from app.wheel import screens as wheel_screens
from app.wheel import service as wheel_service


def dashboard_extras_html(
    *,
    session: Session,
    meeting: Meeting,
    block: MeetingBlock | None,
    kind: str,
    policy: Policy,
    question_set: QuestionSet | None = None,
) -> str:
    """What the dashboard adds for the follow-up work: the wheel, the block's own part, agreements, themes.

    All of it may be projected and follows `policy`, help calls included (by letter in anonymised and
    regional mode; the facilitator's follow-up panel, which is not projected, names the rooms). The
    facilitator's copy also holds the controls of the block (app.followup.dashboard).
    """
    role = followup_dashboard.block_role(block, meeting_service.blocks_of(session=session, meeting=meeting))
    parts = []
    if kind == "facilitator":
        parts.append(
            followup_dashboard.facilitator_tools_html(
                session=session,
                meeting=meeting,
                role=role,
                question_set=question_set,
                policy=policy,
                help_html=help_calls_html(session=session, meeting=meeting, policy=policy),
            )
        )
    if block is not None and wheel_service.shows_on_dashboard(
        session=session, meeting=meeting, block_position=block.position, block_has_wheel=block.wheel
    ):
        spin_url = f"/f/{meeting.facilitator_token}/rad/draaien" if kind == "facilitator" else None
        parts.append(wheel_screens.wheel_html(session=session, meeting=meeting, spin_url=spin_url, text=policy.text))
    if role in ("outcomes", "feedback", "plan"):
        cards: list[object] = list(theme_cards(session=session, meeting=meeting, policy=policy))
        parts.append(
            followup_dashboard.projected_html(
                session=session, meeting=meeting, role=role, kind=kind, policy=policy, cards=cards
            )
        )
    recorded = agreements.agreements_of(session=session, meeting=meeting)
    if recorded or role == "closing":
        parts.append(render_fragment("followup/agreements.html", agreements=recorded, text=policy.text))
    if role == "themes" or (
        role != "feedback"
        and block is not None
        and block.kind == "feedback"
        and themes.themes_of(session=session, meeting=meeting)
    ):
        parts.append(themes_board_html(session=session, meeting=meeting, policy=policy))
    return "".join(parts)


def help_calls_html(*, session: Session, meeting: Meeting, policy: Policy | None = None) -> str:
    """Open help calls; on a screen that may be projected, `policy` decides how a room is called."""
    calls = help_service.open_help_calls(session=session, meeting=meeting)
    names = {
        m.id: policy.label(m) if policy else m.name
        for m in meeting_service.municipalities_of(session=session, meeting=meeting)
    }
    return render_fragment("followup/help_calls.html", meeting=meeting, calls=calls, names=names, now=time.time())


@dataclass(frozen=True)
class ThemeCard:
    """One theme group as it may be projected: labels and answers as the privacy policy allows."""

    theme_id: int
    title: str
    standards: str
    members: int
    municipalities: list[str]  # labels in the privacy mode; empty in regional mode
    one_municipality: bool
    answers: dict[str, str]  # field -> redacted text


def theme_cards(*, session: Session, meeting: Meeting, policy: Policy) -> list[ThemeCard]:
    """The theme board as projected: never member names, municipalities only as the policy labels them."""
    by_id = {m.id: m for m in meeting_service.municipalities_of(session=session, meeting=meeting)}
    cards = []
    for group in themes.theme_board(session=session, meeting=meeting):
        labels = sorted(
            {policy.listed_label(by_id[p.municipality_id]) for p, _ in group.members if p.municipality_id in by_id}
            - {""}
        )
        cards.append(
            ThemeCard(
                theme_id=group.theme.id or 0,
                title=policy.text(group.theme.title),
                standards=group.theme.standards,
                members=len(group.members),
                municipalities=labels,
                one_municipality=group.one_municipality,
                answers={name: policy.text(getattr(group.answer, name)) for name in themes.THEME_FIELDS},
            )
        )
    return cards


def themes_board_html(*, session: Session, meeting: Meeting, policy: Policy) -> str:
    return render_fragment(
        "followup/themes_board.html", board=theme_cards(session=session, meeting=meeting, policy=policy)
    )


def room_extras_html(*, session: Session, meeting: Meeting, municipality_id: int) -> str:
    """A room's help button and the facilitator's messages to this room (the same for every member)."""
    return render_fragment(
        "followup/room_extras.html",
        meeting=meeting,
        help_open=help_service.room_has_open_call(session=session, meeting=meeting, municipality_id=municipality_id),
        messages=help_service.messages_for(session=session, meeting=meeting, municipality_id=municipality_id),
    )


def facilitator_panel_html(*, session: Session, meeting: Meeting, catalog: Catalog) -> str:
    """The facilitator's follow-up page: agreements, proposed themes, the theme groups, help calls."""
    question_set = question_set_of(meeting, catalog)
    municipalities = meeting_service.municipalities_of(session=session, meeting=meeting)
    return render_fragment(
        "followup/facilitator_panel.html",
        meeting=meeting,
        municipalities=municipalities,
        rooms=[(m.id, m.name) for m in municipalities],
        text=str,
        agreements=agreements.agreements_of(session=session, meeting=meeting),
        proposals=themes.propose_themes(session=session, meeting=meeting, question_set=question_set),
        board=themes.theme_board(session=session, meeting=meeting),
        help_html=help_calls_html(session=session, meeting=meeting),
        groups_html=groups_panel_html(session=session, meeting=meeting),
    )


def theme_page_html(
    *,
    session: Session,
    meeting: Meeting,
    participant: Participant,
    conflict: EditConflict | themes.GroupChanged | None = None,
    notice: str = "",
) -> str:
    """A participant's theme group: the themes to pick from, or their group and its co-edited answer."""
    theme = themes.participant_theme(session=session, participant=participant)
    group = next(
        (g for g in themes.theme_board(session=session, meeting=meeting) if theme and g.theme.id == theme.id), None
    )
    return render_fragment(
        "followup/theme_group.html",
        meeting=meeting,
        themes=themes.themes_of(session=session, meeting=meeting),
        group=group,
        conflict=conflict,
        notice=notice,
    )


def plan_html(
    *,
    session: Session,
    meeting: Meeting,
    participant: Participant,
    catalog: Catalog,
    conflict: EditConflict | plan_service.RowRemoved | None = None,
    notice: str = "",
) -> str:
    """The plan van aanpak of the participant's municipality: its rows by plan group, and its texts."""
    question_set = question_set_of(meeting, catalog)
    rows = plan_service.plan_rows(session=session, meeting=meeting, municipality_id=participant.municipality_id)
    municipality = meeting_service.get_municipality(
        session=session, meeting=meeting, municipality_id=participant.municipality_id
    )
    groups = [(g.key, g.title, [r for r in rows if r.group == g.key]) for g in question_set.plan_groups]
    return render_fragment(
        "followup/plan.html",
        meeting=meeting,
        municipality=municipality,
        groups=groups,
        drafted=any(r.source_question is not None for r in rows),
        conflict=conflict,
        notice=notice,
        text_html=plan_text_html(session=session, meeting=meeting, municipality_id=participant.municipality_id),
    )


def plan_text_html(
    *,
    session: Session,
    meeting: Meeting,
    municipality_id: int,
    conflict: EditConflict | None = None,
    notice: str = "",
) -> str:
    """The plan's inleiding, context and samenvatting (Bijlage 5), co-edited like the rows."""
    return render_fragment(
        "followup/plan_text.html",
        meeting=meeting,
        text=plan_service.plan_text(session=session, meeting=meeting, municipality_id=municipality_id),
        conflict=conflict,
        notice=notice,
    )


def groups_panel_html(*, session: Session, meeting: Meeting) -> str:
    """The facilitator's theme groups: form them (mixed), see who is where, move a person."""
    return render_fragment(
        "followup/groups_panel.html", groups_panel=theme_groups.groups_panel(session=session, meeting=meeting)
    )


OWN_WORK = ("themes", "plan_van_aanpak")
"""Follow-up blocks in which each member's phone shows their own work (their theme group, their plan)."""


def room_work_html(
    *, session: Session, meeting: Meeting, block: MeetingBlock | None, participant: Participant, catalog: Catalog
) -> str:
    """What a participant's phone shows for a follow-up block ("" when the block has none of it).

    The theme block: their own theme group; the plan block: their municipality's plan; a block with
    the wheel: the wheel as on the projector (without its button). The phone follows the block by itself.
    """
    if block is None:
        return ""
    if block.work == "themes":
        return theme_page_html(session=session, meeting=meeting, participant=participant)
    if block.work == "plan_van_aanpak":
        return plan_html(session=session, meeting=meeting, participant=participant, catalog=catalog)
    return shared_work_html(session=session, meeting=meeting, block=block)


def shared_work_html(*, session: Session, meeting: Meeting, block: MeetingBlock) -> str:
    """The block's work that every phone of the meeting shows alike: the wheel as on the projector, or ""."""
    if block.work in OWN_WORK or not wheel_service.shows_on_dashboard(
        session=session, meeting=meeting, block_position=block.position, block_has_wheel=block.wheel
    ):
        return ""
    return wheel_screens.wheel_html(session=session, meeting=meeting)
