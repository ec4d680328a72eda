"""The first draft of a municipality's plan van aanpak, pure: one row per question it has niet op orde.

The one builder behind both the live plan (its first rows) and the documents (a plan nobody drafted
in the app yet), so both word the first rows alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from app.catalog.loader import Question, QuestionSet
from app.zelfscan.scoring import NIET_OP_ORDE

NO_EXPLANATION = "Niet op orde (geen toelichting gegeven)."


class ScanAnswer(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def toelichting(self) -> str: ...
    @property
    def nuancering(self) -> str: ...


@dataclass(frozen=True)
class DraftRow:
    group: str  # the plan group's key
    maatregel: str
    huidige_stand: str
    standard: int
    question: int


def maatregel(question: Question, question_set: QuestionSet) -> str:
    """The first wording of a measure: the question's short measure (else its standard's title) and its code."""
    short = question_set.measures.get(question.number) or question_set.standard(question.standard).title
    code = f"{question.standard}{question.sub}" if question.sub else str(question.standard)
    return f"{short} ({code}, vraag {question.number})"


def earlier_maatregel(question: Question) -> str:
    """How drafts worded a measure before it was short: the whole question (shown short in documents)."""
    return f"{question.ref}: {question.text}"


def first_draft(
    *, question_set: QuestionSet, answers: Mapping[int, ScanAnswer], redact: Callable[[str], str] = str
) -> list[DraftRow]:
    """A row per question answered niet op orde, in question order; the explanation is the current state."""
    rows = []
    for question in question_set.questions:
        answer = answers.get(question.number)
        if answer is None or answer.status != NIET_OP_ORDE:
            continue
        toelichting = redact(answer.toelichting).strip()
        nuancering = redact(answer.nuancering).strip()
        state = "\n".join(t for t in (toelichting, f"Nuancering: {nuancering}" if nuancering else "") if t)
        rows.append(
            DraftRow(
                group=question_set.standard(question.standard).group,
                maatregel=maatregel(question, question_set),
                huidige_stand=state or NO_EXPLANATION,
                standard=question.standard,
                question=question.number,
            )
        )
    return rows
