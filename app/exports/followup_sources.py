"""The follow-up feature's data (wheel, theme groups, agreements, drafted plans) as export sources.

Registered once, at import of app.exports.service (registration is idempotent, so every app
instance and every create_app call in the tests shares the same two sources). The sources return
raw text; the exports redact municipality names in the privacy mode of the download (the verslag
sections and build_plan apply the scan's Redactor), so nothing here depends on the mode.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from app.exports import followup as export_followup
from app.exports import plan as export_plan
from app.followup.models import Agreement, PlanRow, PlanText, Theme, ThemeAnswer
from app.meetings.models import Meeting
from app.wheel.models import WheelNote, WheelQuestion, WheelSpin

THEME_QUESTIONS = (
    ("knelpunten", "Knelpunten"),
    ("kansen", "Kansen"),
    ("quick_win", "Quick win"),
)
SCOPE_LABELS = {"regionaal": "Regionaal", "lokaal": "Lokaal"}
KOSTEN_LABELS = {"ja": "Ja", "nee": "Nee"}


def _wheel(session: Session, meeting: Meeting) -> list[export_followup.WheelNote]:
    """The drawn questions, in the order they were first drawn, with the gespreksleider's notes."""
    questions = {q.id: q for q in session.exec(select(WheelQuestion).where(WheelQuestion.meeting_id == meeting.id))}
    notes = {n.question_id: n.text for n in session.exec(select(WheelNote).where(WheelNote.meeting_id == meeting.id))}
    drawn: list[export_followup.WheelNote] = []
    seen: set[int] = set()
    for spin in session.exec(select(WheelSpin).where(WheelSpin.meeting_id == meeting.id).order_by(col(WheelSpin.id))):
        question = questions.get(spin.question_id)
        if question is None or spin.question_id in seen:
            continue
        seen.add(spin.question_id)
        drawn.append(export_followup.WheelNote(question=question.text, notes=notes.get(spin.question_id, "")))
    return drawn


def _theme_answers(answer: ThemeAnswer) -> tuple[tuple[str, str], ...]:
    pairs = [(label, getattr(answer, name).strip()) for name, label in THEME_QUESTIONS]
    if answer.scope:
        pairs.append(("Regionaal of lokaal", SCOPE_LABELS.get(answer.scope, answer.scope)))
    kosten = KOSTEN_LABELS.get(answer.kosten, answer.kosten)
    toelichting = answer.kosten_toelichting.strip()
    if kosten or toelichting:
        pairs.append(("Kosten", f"{kosten}: {toelichting}" if kosten and toelichting else kosten or toelichting))
    return tuple((q, a) for q, a in pairs if a)


def _themes(session: Session, meeting: Meeting) -> list[export_followup.ThemeAnswer]:
    """Each theme group's answers (groups without any skipped).

    Members are not listed: their municipality would name it.
    """
    answers = {a.theme_id: a for a in session.exec(select(ThemeAnswer).where(ThemeAnswer.meeting_id == meeting.id))}
    result = []
    for theme in session.exec(
        select(Theme).where(Theme.meeting_id == meeting.id).order_by(col(Theme.position), col(Theme.id))
    ):
        answer = answers.get(theme.id or 0)
        pairs = _theme_answers(answer) if answer is not None else ()
        if not pairs:
            continue  # a group that recorded nothing adds nothing to the verslag
        group = f"standaard {theme.standards.replace(',', ', ')}" if theme.standards else ""
        result.append(export_followup.ThemeAnswer(theme=theme.title, group=group, answers=pairs))
    return result


def followup_for_minutes(session: Session, meeting: Meeting) -> export_followup.FollowUp | None:
    """Wheel notes, theme answers, agreements and action items of `meeting` (None when there are none)."""
    found = export_followup.FollowUp(wheel=_wheel(session, meeting), themes=_themes(session, meeting))
    for item in session.exec(select(Agreement).where(Agreement.meeting_id == meeting.id).order_by(col(Agreement.id))):
        entry = export_followup.ActionItem(text=item.what, who=item.who, when=item.when)
        (found.actions if item.kind == "action" else found.agreements).append(entry)
    if not (found.wheel or found.themes or found.agreements or found.actions):
        return None
    return found


def _maatregel(row: PlanRow) -> str:
    extra = [
        f"Prioriteit: {row.prioriteit.strip()}" if row.prioriteit.strip() else "",
        "Regionaal op te pakken" if row.scope == "regionaal" else "",
    ]
    return "\n".join([row.maatregel, *(e for e in extra if e)])


def _export_row(row: PlanRow) -> export_plan.PlanRow:
    return export_plan.PlanRow(
        group=row.group,
        maatregel=_maatregel(row),
        huidige_stand=row.huidige_stand,
        verbeteractie=row.verbeteractie,
        beoogd_resultaat=row.beoogd_resultaat,
        wie=row.wie,
        planning=row.planning,
        kosten=row.kosten,
        question=row.source_question,
        municipality_id=row.municipality_id,
        regional=row.scope == "regionaal",
    )


def drafted_plan_rows(
    session: Session, meeting: Meeting, municipality_id: int | None
) -> list[export_plan.PlanRow] | None:
    """A municipality's drafted rows; for the region (None) every municipality's rows marked regionaal."""
    query = select(PlanRow).where(PlanRow.meeting_id == meeting.id)
    if municipality_id is None:
        query = query.where(PlanRow.scope == "regionaal")
    else:
        query = query.where(PlanRow.municipality_id == municipality_id)
    order = (col(PlanRow.municipality_id), col(PlanRow.position), col(PlanRow.id))
    rows = [_export_row(row) for row in session.exec(query.order_by(*order))]
    return rows or None


def plan_texts(session: Session, meeting: Meeting, municipality_id: int) -> export_plan.PlanTexts | None:
    """A municipality's inleiding, context and samenvatting as written in the follow-up (None: none yet)."""
    found = session.exec(
        select(PlanText).where(PlanText.meeting_id == meeting.id, PlanText.municipality_id == municipality_id)
    ).first()
    if found is None:
        return None
    return export_plan.PlanTexts(found.inleiding.strip(), found.context.strip(), found.samenvatting.strip())


def register() -> None:
    """Plug the follow-up data into the verslag and the plan van aanpak (safe to call repeatedly)."""
    export_followup.register_followup_source(followup_for_minutes)
    export_plan.register_plan_rows_source(drafted_plan_rows)
    export_plan.register_plan_texts_source(plan_texts)


register()
