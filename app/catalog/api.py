"""JSON API of the catalog: the programmes and question sets."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.catalog.loader import Agenda, QuestionSet
from app.core.deps import (
    CatalogDep,
)
from app.core.errors import NotFound

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/agendas")
def list_agendas(catalog: CatalogDep) -> dict[str, Agenda]:
    return catalog.agendas


@router.get("/question-sets")
def list_question_sets(catalog: CatalogDep) -> list[dict[str, Any]]:
    return [
        {"key": q.key, "version": q.version, "title": q.title, "questions": len(q.questions)}
        for q in catalog.question_sets.values()
    ]


@router.get("/question-sets/{key}")
def get_question_set(key: str, catalog: CatalogDep) -> QuestionSet:
    if key not in catalog.question_sets:
        raise NotFound(f"Vragenset '{key}' bestaat niet.")
    return catalog.question_set(key)
