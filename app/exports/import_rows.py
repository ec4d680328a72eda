"""What an import reads, whatever the file: parsed answers, and every problem with its sheet (or
file), row and column; a file with problems is refused whole (ImportRefused, Dutch messages)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.catalog.loader import QuestionSet
from app.core.errors import Invalid
from app.exports.xlsx_tools import cell_text
from app.meetings.models import MAX_TEXT, Municipality
from app.zelfscan.scoring import NIET_OP_ORDE, OP_ORDE, OPEN

MAX_PROBLEMS = 25
SHOWN_PROBLEMS = 10
STATUS_WORDS = {
    "op orde": OP_ORDE,
    "niet op orde": NIET_OP_ORDE,
    "open": OPEN,
    "nog open": OPEN,
    "": OPEN,
}


class ImportRefused(Invalid):
    """The file was refused whole; `problems` lists every problem found (sheet, row, column)."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:SHOWN_PROBLEMS]
        more = f" (en nog {len(problems) - len(shown)})" if len(problems) > len(shown) else ""
        noun = "probleem" if len(problems) == 1 else "problemen"
        super().__init__(
            f"Het bestand is niet ingelezen; er is niets veranderd. {len(problems)} {noun}{more}: " + " · ".join(shown)
        )
        self.problems = problems


@dataclass(frozen=True)
class ImportedAnswer:
    municipality: Municipality
    question: int
    fields: dict[str, object]  # status, toelichting, nuancering, checklist (only those in the file)


@dataclass
class Reader:
    """Collects parsed rows and problems while reading a file."""

    question_set: QuestionSet
    municipalities: dict[str, Municipality]
    items: list[ImportedAnswer] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    seen: dict[tuple[int, int], str] = field(default_factory=dict)

    def problem(self, where: str, message: str) -> None:
        """Record one problem; stop reading when there are too many to be useful."""
        self.problems.append(f"{where}: {message}")
        if len(self.problems) >= MAX_PROBLEMS:
            raise ImportRefused(self.problems)

    def municipality(self, name: object, where: str) -> Municipality | None:
        text = " ".join(as_text(name).split())
        if not text:
            self.problem(where, "de naam van de gemeente ontbreekt")
            return None
        found = self.municipalities.get(name_key(text))
        if found is None:
            known = ", ".join(sorted(m.name for m in self.municipalities.values()))
            self.problem(
                where,
                f"gemeente '{text}' hoort niet bij deze bijeenkomst (wel: {known}); voeg haar eerst toe of corrigeer "
                "de naam",
            )
        return found

    def question(self, value: object, where: str) -> int | None:
        count = len(self.question_set.questions)
        text = as_text(value).strip()
        match = re.fullmatch(r"(?:vraag\s*)?(\d+)(?:\.0)?", text, re.IGNORECASE)
        if match is None or not 1 <= int(match.group(1)) <= count:
            self.problem(
                where, f"'{text}' is geen vraagnummer (1 t/m {count})" if text else "het vraagnummer ontbreekt"
            )
            return None
        return int(match.group(1))

    def status(self, value: object, where: str) -> str | None:
        text = " ".join(as_text(value).replace("_", " ").casefold().split())
        if text not in STATUS_WORDS:
            self.problem(
                where,
                f"'{as_text(value).strip()}' is geen geldig antwoord; gebruik 'op orde', 'niet op orde' of 'open'",
            )
            return None
        return STATUS_WORDS[text]

    def free_text(self, value: object, where: str) -> str | None:
        text = cell_text(as_text(value)).strip()
        if len(text) > MAX_TEXT:
            self.problem(where, f"de tekst is te lang ({len(text)} tekens, maximaal {MAX_TEXT})")
            return None
        return text

    def checklist(self, value: object, question: int, where: str) -> list[str] | None:
        text = as_text(value).strip()
        allowed = {item.sub for item in self.question_set.question(question).checklist}
        if not allowed:
            if text:
                self.problem(where, f"vraag {question} heeft geen checklist")
            return None
        parts = sorted({p.strip().lower().rstrip(".") for p in re.split(r"[,;\s]+", text) if p.strip()})
        unknown = [p for p in parts if p not in allowed]
        if unknown:
            self.problem(
                where,
                f"onbekend onderdeel van de checklist: {', '.join(unknown)} (kies uit {', '.join(sorted(allowed))})",
            )
            return None
        return parts

    def add(
        self, municipality: Municipality | None, question: int | None, fields: dict[str, object], where: str
    ) -> None:
        if municipality is None or question is None or any(v is None for v in fields.values()):
            return
        key = (municipality.id or 0, question)
        if key in self.seen:
            first = self.seen[key]
            self.problem(
                where,
                f"vraag {question} van {municipality.name} staat twee keer in het bestand (ook in "
                f"{first[:1].lower()}{first[1:]})",
            )
            return
        self.seen[key] = where.split(", kolom")[0]
        self.items.append(ImportedAnswer(municipality, question, fields))


def name_key(name: str) -> str:
    """A municipality's name as the workbook shows it, for matching (cleaned, single spaces, any case)."""
    return " ".join(cell_text(name).split()).casefold()


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
