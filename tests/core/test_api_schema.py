"""schemathesis against the app's own OpenAPI: no server errors, and every answer as the schema declares it.

Each operation gets generated requests (valid and invalid) with real links: the organiser's Bearer
key, the meeting's id, join code and facilitator, gespreksleider and display tokens, and a
participant's cookie, so the requests reach the handlers instead of stopping at a 403 or 404.
Seeded and bounded, so it runs the same way every time and well within a minute.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlmodel import Session

from app.catalog.loader import load_catalog
from app.core.config import Settings
from app.core.deps import participant_cookie
from app.main import create_app
from app.meetings import participants
from app.meetings import service as meetings
from app.meetings.schemas import JoinRequest, MeetingCreate
from app.signin.models import FIRST_ADMINISTRATOR

SECRET = "schemathesis-organiser-secret"
SEED = 20261201
MAX_EXAMPLES = 20  # per operation: about 20 s for the whole run on two cores
DOCUMENT_EXAMPLES = 2  # a verslag with its charts takes a second to render; its only input is `privacy`
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@dataclass
class Links:
    """What a real meeting hands out: used in place of the generated tokens, codes and ids."""

    app: FastAPI
    meeting_id: int
    code: str
    tokens: dict[str, str]  # path prefix -> the token of that link
    cookie: tuple[str, str]

    def fill(self, case: Any) -> None:
        path = case.operation.path
        params = case.path_parameters
        if params is not None:
            if "meeting_id" in params:
                params["meeting_id"] = self.meeting_id
            if "code" in params:
                params["code"] = self.code
            if "token" in params:
                prefix = re.match(r"^/(?:api/)?(\w)/", path)
                params["token"] = self.tokens[prefix.group(1) if prefix else "f"]
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {SECRET}"}
        case.cookies = {**(case.cookies or {}), self.cookie[0]: self.cookie[1]}


@pytest.fixture(scope="module")
def links(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Links]:
    data_dir: Path = tmp_path_factory.mktemp("schemathesis")
    app = create_app(Settings(data_dir=data_dir, organiser_secret=SECRET))
    catalog = load_catalog()
    with Session(app.state.engine, expire_on_commit=False) as session:
        meeting = meetings.create_meeting(
            session=session,
            catalog=catalog,
            data=MeetingCreate(
                region="Regio Testland", date=dt.date(2026, 12, 1), municipalities=["Amstelveen", "Bussum"]
            ),
            organiser_id=FIRST_ADMINISTRATOR,
        )
        municipality = meetings.municipalities_of(session=session, meeting=meeting)[0]
        person = participants.join(
            session=session, meeting=meeting, data=JoinRequest(municipality_id=municipality.id or 0, name="Anna")
        )
    yield Links(
        app=app,
        meeting_id=meeting.id or 0,
        code=meeting.join_code,
        tokens={"f": meeting.facilitator_token, "g": meeting.gespreksleider_token, "d": meeting.display_token},
        cookie=(participant_cookie(meeting), person.token),
    )
    shutdown_lifespans()
    app.state.engine.dispose()


def operations(links: Links) -> list[Any]:
    config = SchemathesisConfig.from_dict({"seed": SEED})
    loaded = schemathesis.openapi.from_asgi("/openapi.json", links.app, config=config)
    found = [result.ok() for result in loaded.get_all_operations()]
    # Deleting the meeting goes last, so it cannot take the other operations' links away.
    return sorted(found, key=lambda operation: operation.path.endswith("/{meeting_id}/verwijderen"))


def test_every_operation_answers_as_its_schema_declares(links: Links) -> None:
    failures: list[str] = []
    for operation in operations(links):
        cases = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )

        @seed(SEED)
        @settings(
            max_examples=DOCUMENT_EXAMPLES if "/export/" in operation.path else MAX_EXAMPLES,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases)
        def answers_as_declared(case: Any) -> None:
            links.fill(case)
            case.call_and_validate(checks=CHECKS)

        try:
            answers_as_declared()
        except (Exception, FailureGroup) as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)


def test_the_openapi_declares_the_real_refusals_and_file_types(links: Links) -> None:
    spec = links.app.openapi()
    error = spec["components"]["schemas"]["ErrorBody"]
    answer = spec["paths"]["/api/j/{code}/questions/{number}/answer"]["post"]["responses"]
    workbook = spec["paths"]["/api/meetings/{meeting_id}/export/results.xlsx"]["get"]["responses"]["200"]["content"]
    minutes = spec["paths"]["/api/meetings/{meeting_id}/export/minutes.docx"]["get"]["responses"]["200"]["content"]

    assert error["properties"]["errors"] == {"items": {"type": "string"}, "type": "array", "title": "Errors"}
    assert set(error["required"]) == {"detail", "errors"}
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for status in ("403", "404", "413", "422"):
        assert answer[status]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    assert answer["409"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/AnswerConflictBody"}
    assert list(workbook) == ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
    assert list(minutes) == ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"]
