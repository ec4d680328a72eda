"""/docs (Swagger UI) and /redoc (Redoc) from the app's own files, so they work offline and under the CSP.

FastAPI's built-in pages load their scripts, styles and fonts from public CDNs and start Swagger UI
with an inline script; these pages use the pinned copies in app/static/vendor (see its README) and
start it from app/static/docs/.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.core.headers import content_security_policy
from app.core.web import render

router = APIRouter(include_in_schema=False)

SWAGGER_UI = "/static/vendor/swagger-ui-5.35.0"
REDOC = "/static/vendor/redoc-2.5.4"
# Redoc adds one stylesheet of its own as an inline <style> as it loads (perfect-scrollbar's, unused
# with nativeScrollbars): the /redoc page allows exactly that text, by its hash, and nothing else.
REDOC_POLICY = content_security_policy(style_hashes=("sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc=",))


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    return render(request, "core/api_docs.html", openapi_url=request.app.openapi_url, assets=SWAGGER_UI)


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    response = render(request, "core/api_redoc.html", openapi_url=request.app.openapi_url, assets=REDOC)
    response.headers["Content-Security-Policy"] = REDOC_POLICY
    return response
