"""Security headers on every response, and templates the strict Content-Security-Policy can serve."""

from __future__ import annotations

import re
from pathlib import Path

import plotly
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.headers import CONTENT_SECURITY_POLICY, SECURITY_HEADERS
from tests.support.workshop import Workshop

APP = Path(__file__).resolve().parents[2] / "app"
TEMPLATES = APP / "templates"


def assert_security_headers(response: object, where: str) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, f"{where}: {name} is {headers.get(name)!r}"


def test_the_policy_allows_only_the_apps_own_files() -> None:
    directives = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY
    assert "http" not in CONTENT_SECURITY_POLICY and "*" not in CONTENT_SECURITY_POLICY
    assert SECURITY_HEADERS["X-Frame-Options"] == "DENY"
    assert SECURITY_HEADERS["Referrer-Policy"] == "no-referrer"
    assert SECURITY_HEADERS["X-Content-Type-Options"] == "nosniff"


def test_pages_api_static_files_and_errors_carry_the_headers(client: TestClient, workshop: Workshop) -> None:
    responses = {
        "start page": client.get("/"),
        "join page": client.get(f"/j/{workshop.code}"),
        "facilitator page": client.get(f"/f/{workshop.meeting.facilitator_token}"),
        "JSON API": client.get(f"/api/j/{workshop.code}/municipalities"),
        "health": client.get("/healthz"),
        "static file": client.get("/static/app.js"),
        "plotly.js": client.get("/static/plotly/plotly.min.js"),
        "vendored file": client.get("/static/vendor/htmx-2.0.11.min.js"),
        "QR code": client.get(f"/qr/{workshop.code}.svg"),
        "OpenAPI": client.get("/openapi.json"),
        "404": client.get("/bestaat-niet"),
        "403": client.post("/api/meetings", json={}, headers={"Origin": "http://evil.example"}),
        "422": client.get("/meedoen", params={"code": "x"}),
    }
    for where, response in responses.items():
        assert_security_headers(response, where)


def test_a_server_error_carries_the_headers_too(app: FastAPI) -> None:
    @app.get("/stuk")
    def broken() -> None:
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/stuk")
    assert response.status_code == 500
    assert_security_headers(response, "500")


def test_the_facilitator_page_cannot_be_framed(client: TestClient, workshop: Workshop) -> None:
    response = client.get(f"/f/{workshop.meeting.facilitator_token}")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


def test_redoc_allows_one_inline_stylesheet_by_hash_and_nothing_else(client: TestClient) -> None:
    policy = client.get("/redoc").headers["content-security-policy"]
    style = next(part for part in policy.split(";") if part.strip().startswith("style-src"))
    assert re.fullmatch(r" ?style-src 'self'( 'sha256-[A-Za-z0-9+/=]+'){2}", style), style
    assert policy.replace(style, "") == CONTENT_SECURITY_POLICY.replace(
        next(p for p in CONTENT_SECURITY_POLICY.split(";") if p.strip().startswith("style-src")), ""
    )


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_api_docs_load_only_the_apps_own_files(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    sources = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert sources and all(source.startswith("/static/") for source in sources), sources
    assert "<script>" not in page.text and "fonts.googleapis" not in page.text
    for source in sources:
        assert client.get(source).status_code == 200, source


# ------------------------------------------------------------------ templates the policy can serve


def templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def test_no_template_has_an_inline_script_handler_or_style() -> None:
    for template in templates():
        text = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.DOTALL)  # comments
        name = template.relative_to(TEMPLATES)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), f"{name}: inline <script>"
        assert not re.search(r"\son[a-z]+\s*=", text), f"{name}: inline event handler"
        assert not re.search(r"\shx-on[:\-]", text), f"{name}: hx-on (evaluated code)"
        assert not re.search(r"\sstyle\s*=", text), f"{name}: style attribute"
        assert "<style" not in text, f"{name}: <style> element"
        assert "javascript:" not in text, f"{name}: javascript: URL"


def test_htmx_runs_without_eval_and_without_its_inline_styles() -> None:
    base = (TEMPLATES / "core" / "base.html").read_text(encoding="utf-8")
    assert '"allowEval":false' in base
    assert '"includeIndicatorStyles":false' in base


def test_every_inline_stylesheet_plotly_would_add_is_pre_empted_on_the_dashboard() -> None:
    bundle = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    guarded = re.findall(r'getElementById\("([0-9a-f]{64})"\)', bundle)
    dashboard = (TEMPLATES / "zelfscan" / "dashboard.html").read_text(encoding="utf-8")
    assert guarded, "plotly.js changed how it adds its stylesheets: check the dashboard in Chromium"
    for style_id in guarded:
        assert f'id="{style_id}"' in dashboard, (
            f"plotly.js would add <style id={style_id}>: add the id to dashboard.html"
        )
