"""Health of the app (for a proxy or an orchestrator): does the database take writes, does the broker answer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from app.core.storage import probe_writes

router = APIRouter()
DATABASE_DOWN = "De database neemt geen wijzigingen aan / the database does not accept writes"
BROKER_DOWN = (
    "De berichtendienst (Redis) antwoordt niet: schermen op andere workers krijgen geen updates / "
    "the broker does not answer"
)


@router.get(
    "/healthz",
    responses={503: {"description": f"{DATABASE_DOWN}; {BROKER_DOWN}"}},
)
async def health(request: Request) -> JSONResponse:
    """200 when the database accepts writes (proved without keeping one) and the broker answers, else 503."""
    database = await run_in_threadpool(probe_writes, request.app.state.engine)
    broker = await request.app.state.hub.ping()
    problems = [f"{DATABASE_DOWN}: {database}"] if database is not None else []
    problems += [f"{BROKER_DOWN}: {broker}"] if broker is not None else []
    body: dict[str, Any] = {
        "status": "unavailable" if problems else "ok",
        "database_writable": database is None,
        "broker": "ok" if broker is None else "unavailable",
    }
    if problems:
        body["detail"] = " — ".join(problems)
    return JSONResponse(body, status_code=503 if problems else 200)
