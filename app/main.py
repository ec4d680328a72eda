"""The application: settings, database, catalog and hub wired together; routers included."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

import plotly
from fastapi import Depends, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from app.catalog import api as catalog_api
from app.catalog.loader import load_catalog
from app.clock import api as clock_api
from app.clock import routes as clock_routes
from app.core import apidocs, attempts, csrf, health, storage, web
from app.core.config import Settings, get_settings
from app.core.crash import UnexpectedErrors
from app.core.db import make_engine
from app.core.errors import ServiceError
from app.core.headers import SecurityHeadersMiddleware
from app.core.limits import BODY_LIMIT, BodyLimit
from app.core.origin import SameOriginMiddleware
from app.exports import routes as export_routes
from app.followup import plan_routes as followup_plan_routes
from app.followup import routes as followup_routes
from app.live import sockets
from app.live.frames import Frames
from app.live.hub import Backend, Hub
from app.meetings import api as meetings_api
from app.meetings import join, organiser, removal
from app.meetings import rehearsal as simulator
from app.meetings.rehearsal_jobs import JobRunner
from app.signin import admin as signin_admin
from app.signin.secret import OrganiserSecret
from app.wheel import routes as wheel_routes
from app.zelfscan import api as zelfscan_api
from app.zelfscan import dashboard
from app.zelfscan import routes as zelfscan_routes

ROUTERS = (
    health,
    apidocs,
    catalog_api,
    join,
    meetings_api,
    organiser,
    signin_admin,
    clock_routes,
    clock_api,
    dashboard,
    zelfscan_routes,
    zelfscan_api,
    sockets,
    followup_plan_routes,
    wheel_routes,
    followup_routes,
    export_routes,
)

STATIC_DIR = Path(__file__).resolve().parent / "static"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data"


class ZelfscanApp(FastAPI):
    """FastAPI with the security headers outside everything, so that even a 500 carries them."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeadersMiddleware(super().build_middleware_stack())


def hub_backend(settings: Settings) -> Backend | None:
    """Redis pub/sub when a broker is set (several workers), else the in-memory default."""
    if not settings.broker_url:
        return None
    from app.live.broker import RedisBackend

    return RedisBackend(settings.broker_url, prefix=settings.broker_prefix)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    catalog = load_catalog(settings.agenda_dir)  # a broken data file stops the start here
    storage.check_data_dirs(settings)  # an unwritable or full data directory stops the start here

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await app.state.hub.start()
        # Personal data past its retention goes before anyone is served, and then once a day.
        days, names = settings.retention_days, settings.anonymise_names_days
        await run_in_threadpool(
            removal.run_retention, app.state.engine, retention_days=days, anonymise_names_days=names
        )
        loop = removal.retention_loop(app.state.engine, retention_days=days, anonymise_names_days=names)
        # This start's own tasks (a second start of the same app, a nested test client, has its own loop).
        mine = {asyncio.create_task(loop), asyncio.create_task(app.state.rehearsal_jobs.serve())}  # proefdraaien
        app.state.background |= mine
        try:
            yield
        finally:
            for task in mine:
                task.cancel()
            await asyncio.gather(*mine, return_exceptions=True)
            app.state.background -= mine
            await app.state.hub.stop()

    app = ZelfscanApp(
        title="Zelfscan Live",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # app.core.apidocs serves /docs and /redoc from the app's own files
        redoc_url=None,
        dependencies=[Depends(csrf.require_token)],
    )
    app.state.settings = settings
    app.state.catalog = catalog
    app.state.engine = make_engine(settings.resolved_database_url())
    # Migrates to the code's schema, refuses a newer database, and one that does not take writes.
    storage.prepare_writable_database(app.state.engine)
    app.state.organiser_secret = OrganiserSecret(fixed=settings.organiser_secret, path=settings.organiser_secret_file)
    app.state.sign_in_attempts = attempts.TokenBuckets(attempts.ORGANISER_SECRET)
    app.state.join_code_attempts = attempts.TokenBuckets(attempts.JOIN_CODES)
    app.state.hub = Hub(backend=hub_backend(settings), queue_size=settings.queue_size)
    app.state.background = set()
    app.state.rehearsal_jobs = JobRunner(app.state.engine, partial(simulator.run_job, app))
    app.state.live_frames = Frames()  # app.live.frames: one read per meeting or room and event, shared by sockets
    app.state.live_rooms = {}  # app.live.audiences: one render per audience and change, sent to all its sockets

    app.mount("/static/plotly", StaticFiles(directory=PLOTLY_JS), name="plotly")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # Request bodies are counted while they arrive: over the limit is a Dutch 413 before anything is parsed.
    app.add_middleware(BodyLimit, default=BODY_LIMIT, larger=export_routes.BODY_LIMITS)
    # Outermost last: the proxy's scheme (only when trusted), the Origin check, then the form token (so a
    # refused request never gets a token cookie), then the body limit.
    app.add_middleware(csrf.CsrfCookieMiddleware)
    app.add_middleware(SameOriginMiddleware, public_url=settings.public_url)
    if settings.trust_proxy:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.forwarded_allow_ips)
    app.add_exception_handler(ServiceError, web.service_error_handler)
    app.add_exception_handler(RequestValidationError, web.validation_error_handler)
    app.add_exception_handler(ValidationError, web.validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, web.http_error_handler)
    app.add_exception_handler(DBAPIError, web.database_error_handler)  # a full or read-only disk: 503
    for module in ROUTERS:
        app.include_router(module.router, responses=web.ERROR_RESPONSES)
    app.add_middleware(UnexpectedErrors)  # added last: the outermost of ours, just inside Starlette's own
    return app
