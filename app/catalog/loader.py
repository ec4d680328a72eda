"""Data files: the programmes in `agendas/`, the question sets and the wheel's questions.

Everything is validated on load; a broken file raises `CatalogError` with a message naming the
file, the block or question, and the problem, so the app refuses to start with a clear reason.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from app.core.messages import dutch_message

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_AGENDA_DIR = Path(__file__).resolve().parents[2] / "agendas"

BlockKind = Literal["login", "plenary", "break", "breakout", "feedback", "closing"]
PLACEHOLDER = "[naam en functie invullen]"


class CatalogError(RuntimeError):
    """A data file is missing or invalid."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Breakout(_Strict):
    groups: Literal["per_municipality", "mixed_themes"]
    work: Literal["zelfscan", "themes", "plan_van_aanpak"]
    questions: tuple[int, int] | None = None


def _parse_hhmm(value: str) -> dt.time:
    try:
        return dt.datetime.strptime(value, "%H:%M").time()
    except (TypeError, ValueError):
        raise ValueError(f"tijd {value!r} is niet in de vorm UU:MM") from None


# A programme's clock time is local and has no offset; JSON Schema's "time" format requires one.
LocalTime = Annotated[
    dt.time, WithJsonSchema({"type": "string", "pattern": r"^\d{2}:\d{2}:\d{2}$", "description": "local time"})
]


class AgendaBlock(_Strict):
    start: LocalTime
    end: LocalTime
    kind: BlockKind
    title: str = Field(min_length=1)
    description: str = ""
    speaker: str = ""
    breakout: Breakout | None = None
    results: bool = False
    wheel: bool = False

    @field_validator("start", "end", mode="before")
    @classmethod
    def _time(cls, value: object) -> dt.time:
        if isinstance(value, dt.time):
            return value
        return _parse_hhmm(str(value))

    @model_validator(mode="after")
    def _consistent(self) -> AgendaBlock:
        if self.end <= self.start:
            raise ValueError(f"eindtijd {self.end:%H:%M} ligt niet na begintijd {self.start:%H:%M}")
        if (self.kind == "breakout") != (self.breakout is not None):
            raise ValueError("alleen een blok van soort 'breakout' heeft (en vereist) een 'breakout'-deel")
        return self

    @property
    def minutes(self) -> int:
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        return end - start


class Agenda(_Strict):
    key: str
    title: str
    bijlage: int
    subtitle: str = ""
    blocks: tuple[AgendaBlock, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Agenda:
        for index, (before, after) in enumerate(zip(self.blocks, self.blocks[1:], strict=False), start=2):
            if after.start < before.end:
                raise ValueError(f"blok {index} begint vóór het einde van blok {index - 1}")
        return self


class PlanGroup(_Strict):
    """A group of standards with one table in the plan van aanpak (Bijlage 5)."""

    key: str = Field(min_length=1)
    title: str = Field(min_length=1)


class Standard(_Strict):
    number: int = Field(ge=1)
    title: str
    short: str = Field(default="", max_length=24)  # its name on a chart's axis; the title when empty
    group: str  # the key of its plan group
    text: str = ""  # the standard in full, as the plan van aanpak quotes it

    @property
    def axis(self) -> str:
        """Its name on a chart's axis: "4 Zicht op veiligheid"."""
        return f"{self.number} {self.short or self.title}"


class ChecklistItem(_Strict):
    sub: str
    text: str


class Question(_Strict):
    number: int = Field(ge=1)
    standard: int
    sub: str | None = None
    text: str = Field(min_length=1)
    checklist: tuple[ChecklistItem, ...] = ()

    @property
    def ref(self) -> str:
        """'Vraag 3 (3a)' or 'Vraag 1 (standaard 1)'."""
        code = f"{self.standard}{self.sub}" if self.sub else f"standaard {self.standard}"
        return f"Vraag {self.number} ({code})"


class QuestionBlock(_Strict):
    number: int
    title: str
    questions: tuple[int, int]


class QuestionSet(_Strict):
    key: str
    version: int
    title: str
    plan_groups: tuple[PlanGroup, ...] = Field(min_length=1)
    standards: tuple[Standard, ...]
    blocks: tuple[QuestionBlock, ...]
    questions: tuple[Question, ...]
    # Question number -> a short measure (the plan van aanpak's first Maatregel/verbeterpunt); optional.
    measures: dict[int, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> QuestionSet:
        keys = [g.key for g in self.plan_groups]
        for key in keys:
            if keys.count(key) > 1:
                raise ValueError(f"plangroep '{key}' staat twee keer in 'plan_groups'")
        for s in self.standards:
            if s.group not in keys:
                raise ValueError(
                    f"standaard {s.number}: groep '{s.group}' staat niet in 'plan_groups' (wel: {', '.join(keys)})"
                )
        for key in keys:
            if not any(s.group == key for s in self.standards):
                raise ValueError(f"plangroep '{key}' in 'plan_groups' heeft geen standaarden")
        numbers = [q.number for q in self.questions]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError("vragen moeten doorlopend genummerd zijn vanaf 1")
        known = {s.number for s in self.standards}
        for q in self.questions:
            if q.standard not in known:
                raise ValueError(f"vraag {q.number}: onbekende kwaliteitsstandaard {q.standard}")
        for number in self.measures:
            if not 1 <= number <= len(numbers):
                raise ValueError(f"'measures': vraag {number} bestaat niet")
        for block in self.blocks:
            first, last = block.questions
            if not 1 <= first <= last <= len(numbers):
                raise ValueError(f"blok {block.number}: vragen {first}-{last} bestaan niet")
        return self

    @property
    def label(self) -> str:
        return f"{self.key} v{self.version}"

    def question(self, number: int) -> Question:
        if not 1 <= number <= len(self.questions):
            raise KeyError(number)
        return self.questions[number - 1]

    def standard(self, number: int) -> Standard:
        for standard in self.standards:
            if standard.number == number:
                return standard
        raise KeyError(number)

    def plan_group(self, key: str) -> PlanGroup:
        for group in self.plan_groups:
            if group.key == key:
                return group
        raise KeyError(key)

    def standards_in(self, group: str) -> tuple[Standard, ...]:
        return tuple(s for s in self.standards if s.group == group)

    def questions_between(self, first: int, last: int) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if first <= q.number <= last)


class WheelSet(_Strict):
    questions: tuple[str, ...] = Field(min_length=1)


NOUNS = {"blocks": "blok", "questions": "vraag", "standards": "standaard", "plan_groups": "plangroep"}


def _describe(error: ValidationError, data: object) -> str:
    """Turn pydantic's error list into Dutch lines naming the block or question."""
    lines = []
    for item in error.errors():
        loc = list(item["loc"])
        where = []
        if len(loc) >= 2 and loc[0] in NOUNS and isinstance(loc[1], int):
            noun = NOUNS[str(loc[0])]
            where.append(f"{noun} {loc[1] + 1}")
            title = _lookup_title(data, loc[0], loc[1])
            if title:
                where[-1] += f" ({title})"
            loc = loc[2:]
        field = ".".join(str(part) for part in loc)
        if field:
            where.append(f"veld '{field}'")
        message = dutch_message(item)
        lines.append(f"{', '.join(where) or 'bestand'}: {message}")
    return "; ".join(lines)


def _lookup_title(data: object, section: object, index: int) -> str:
    if isinstance(data, dict):
        items = data.get(section)
        if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
            item = items[index]
            return str(item.get("title") or item.get("number") or item.get("key") or "")[:60]
    return ""


def _load(path: Path, model: type[_Strict]) -> _Strict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(f"{path}: kan het bestand niet lezen ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path}: geen geldige YAML ({exc})") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(f"{path}: {_describe(exc, data)}") from exc


def load_agendas(directory: Path = DEFAULT_AGENDA_DIR) -> dict[str, Agenda]:
    """Load every programme in `directory`, keyed by its `key`."""
    agendas: dict[str, Agenda] = {}
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise CatalogError(f"{directory}: geen programma's (*.yaml) gevonden")
    for path in files:
        agenda = _load(path, Agenda)
        assert isinstance(agenda, Agenda)
        if agenda.key in agendas:
            raise CatalogError(f"{path}: programma-sleutel {agenda.key!r} komt twee keer voor")
        agendas[agenda.key] = agenda
    return agendas


def load_question_sets(directory: Path = DATA_DIR / "questionsets") -> dict[str, QuestionSet]:
    sets: dict[str, QuestionSet] = {}
    for path in sorted(directory.glob("*.yaml")):
        qs = _load(path, QuestionSet)
        assert isinstance(qs, QuestionSet)
        sets[qs.key] = qs
    if not sets:
        raise CatalogError(f"{directory}: geen vragensets gevonden")
    return sets


def load_wheel(path: Path = DATA_DIR / "wheel.yaml") -> WheelSet:
    wheel = _load(path, WheelSet)
    assert isinstance(wheel, WheelSet)
    return wheel


DEFAULT_QUESTION_SET = "kwaliteitskader-2021"


class Catalog(BaseModel):
    """Everything loaded from data files, checked once at start."""

    model_config = ConfigDict(frozen=True)
    agendas: dict[str, Agenda]
    question_sets: dict[str, QuestionSet]
    wheel: WheelSet

    def agenda(self, key: str) -> Agenda:
        return self.agendas[key]

    def question_set(self, key: str) -> QuestionSet:
        return self.question_sets[key]


@lru_cache(maxsize=4)
def load_catalog(agenda_dir: Path = DEFAULT_AGENDA_DIR) -> Catalog:
    return Catalog(agendas=load_agendas(agenda_dir), question_sets=load_question_sets(), wheel=load_wheel())
