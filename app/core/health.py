"""Health of the app (for a proxy or a container orchestrator): is it up, and does the database take writes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from app.core.storage import probe_writes

router = APIRouter()


@router.get(
    "/healthz",
    responses={503: {"description": "De database neemt geen wijzigingen aan / the database does not accept writes"}},
)
async def health(request: Request) -> JSONResponse:
    """200 when the database accepts writes (proved without keeping one), else 503 with the reason."""
    problem = await run_in_threadpool(probe_writes, request.app.state.engine)
    body: dict[str, Any] = {"status": "ok" if problem is None else "unavailable", "database_writable": problem is None}
    if problem is not None:
        body["detail"] = f"De database neemt geen wijzigingen aan / the database does not accept writes: {problem}"
    return JSONResponse(body, status_code=200 if problem is None else 503)
