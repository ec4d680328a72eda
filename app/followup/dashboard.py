"""The follow-up bijeenkomst on the dashboard: what the dagvoorzitter controls and the projector shows, per block.

The dagvoorzitter runs the whole morning from the dashboard: each block of the follow-up has its part
(the themes to choose in "belangrijkste uitkomsten", one theme group at a time in the plenaire
terugkoppeling, the plans' progress, the agreements in the closing block), and messages and help calls
are there in every block. Everything projected follows the privacy policy.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from app.catalog.loader import QuestionSet
from app.core.privacy import Policy
from app.core.web import render_fragment
from app.followup import agreements, theme_groups, themes
from app.followup.models import PlanRow, PlanText
from app.meetings import service as meeting_service
from app.meetings.models import Meeting, MeetingBlock

PLAN_TEXT_FIELDS = ("inleiding", "context", "samenvatting")
ROW_WORKED_OUT = ("verbeteractie", "wie", "planning")  # a row is worked out when these are filled in


def block_role(block: MeetingBlock | None, blocks: list[MeetingBlock]) -> str:
    """What a block of the programme is for on the dashboard (pure).

    outcomes: the results and the themes to choose; themes: the theme groups at work; feedback: the
    plenaire terugkoppeling of the themes; plan: the plan van aanpak (its introduction and its breakout);
    closing: agreements and action items; "" for anything else.
    """
    if block is None:
        return ""
    if block.work == "themes":
        return "themes"
    if block.work == "plan_van_aanpak":
        return "plan"
    if block.kind == "closing":
        return "closing"
    later = [b for b in blocks if b.position > block.position and b.kind != "break"]
    if block.kind == "feedback" and any(b.work == "themes" for b in blocks if b.position < block.position):
        return "feedback"
    if block.results and any(b.work == "themes" for b in later):
        return "outcomes"
    if block.kind == "plenary" and later and later[0].work == "plan_van_aanpak":
        return "plan"
    return ""


def shown_position(position: int, count: int) -> int:
    """The theme group shown: `position` kept within the groups there are (pure)."""
    return min(max(position, 0), max(count - 1, 0))


def show_feedback_group(*, session: Session, meeting: Meeting, position: int) -> Meeting:
    """Show the theme group at `position` (0-based) on the projector during the plenaire terugkoppeling."""
    count = len(themes.themes_of(session=session, meeting=meeting))
    meeting.feedback_position = shown_position(position, count)
    session.add(meeting)
    session.commit()
    return meeting


@dataclass(frozen=True)
class PlanProgress:
    """How far one municipality's plan van aanpak is, as it may be projected."""

    label: str
    rows: int
    worked_out: int  # rows with an improvement, who and when filled in
    texts: int  # of inleiding, context, samenvatting


def plan_progress(*, session: Session, meeting: Meeting, policy: Policy) -> list[PlanProgress]:
    """Each municipality's plan: rows drafted, rows worked out, texts written (labels as the policy allows)."""
    rows = list(session.exec(select(PlanRow).where(PlanRow.meeting_id == meeting.id)))
    texts = {t.municipality_id: t for t in session.exec(select(PlanText).where(PlanText.meeting_id == meeting.id))}
    progress = []
    for municipality in meeting_service.municipalities_of(session=session, meeting=meeting):
        own = [r for r in rows if r.municipality_id == municipality.id]
        text = texts.get(municipality.id or 0)
        progress.append(
            PlanProgress(
                label=policy.listed_label(municipality),
                rows=len(own),
                worked_out=sum(1 for r in own if all(getattr(r, f).strip() for f in ROW_WORKED_OUT)),
                texts=sum(1 for f in PLAN_TEXT_FIELDS if text is not None and getattr(text, f).strip()),
            )
        )
    return progress


def projected_html(
    *, session: Session, meeting: Meeting, role: str, kind: str, policy: Policy, cards: list[object]
) -> str:
    """The block's part of the projected dashboard (the facilitator's copy shows the same)."""
    if role == "outcomes":
        return render_fragment("followup/themes_chosen.html", themes=cards)
    if role == "feedback":
        position = shown_position(meeting.feedback_position, len(cards))
        return render_fragment(
            "followup/feedback_group.html",
            meeting=meeting,
            card=cards[position] if cards else None,
            position=position,
            count=len(cards),
            kind=kind,
        )
    if role == "plan":
        return render_fragment(
            "followup/plan_progress.html",
            progress=plan_progress(session=session, meeting=meeting, policy=policy),
            per_municipality=policy.per_municipality,
        )
    return ""


def facilitator_tools_html(
    *,
    session: Session,
    meeting: Meeting,
    role: str,
    question_set: QuestionSet | None,
    policy: Policy,
    help_html: str,
) -> str:
    """The dagvoorzitter's controls for the block: messages and help calls always, the block's own work besides.

    The facilitator's dashboard may be projected: rooms and agreements show as `policy` allows.
    """
    context: dict[str, object] = {
        "meeting": meeting,
        "role": role,
        "help_html": help_html,
        # Regional mode lists no room side by side, not even by letter: one room is messaged from /vervolg.
        "rooms": [
            (m.id, policy.listed_label(m))
            for m in meeting_service.municipalities_of(session=session, meeting=meeting)
            if policy.listed_label(m)
        ],
        "text": policy.text,
    }
    if role == "outcomes":
        context["proposals"] = (
            themes.propose_themes(session=session, meeting=meeting, question_set=question_set) if question_set else []
        )
        chosen = themes.themes_of(session=session, meeting=meeting)
        context["chosen"] = chosen
        context["taken"] = {int(n) for t in chosen for n in t.standards.split(",") if n.strip().isdigit()}
    if role == "themes":
        # The dashboard may be projected: members' names (and their municipalities) only as the policy allows;
        # otherwise the groups are counted here and arranged by name on /vervolg, which is not projected.
        panel = theme_groups.groups_panel(session=session, meeting=meeting, text=policy.text)
        panel["show_people"] = policy.member_names and policy.municipality_names
        context["groups_panel"] = panel
    if role == "closing":
        context["agreements"] = agreements.agreements_of(session=session, meeting=meeting)
    return render_fragment("followup/dashboard_tools.html", **context)
