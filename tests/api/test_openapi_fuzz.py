"""A property-based run of the OpenAPI schema with schemathesis: generated requests (valid and
invalid) against the in-process app with the fake Rasa, on SQLite and PostgreSQL; never a 5xx,
and every error is the API's JSON error with a stable code.

Staff routes get a valid key (generated keys would only be 401s and would trip the failed-key
limit), and the rate limits are raised so that the run explores the routes rather than 429s.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
import schemathesis
from conftest import TEST_SETTINGS, MakeApp
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from sqlalchemy.orm import Session

from api.config import Settings
from api.errors import ErrorCode
from api.main import create_app
from api.services.offices import create_api_key

EXAMPLES = 15  # per operation and database: about 30 s for the whole run
LIMIT = "1000000/minute"
CODES = {code.value for code in ErrorCode}


@pytest.fixture
def fuzz_app(make_app: MakeApp) -> FastAPI:
    limits = [
        f"RATE_LIMIT_{action}_PER_{per}"
        for action in ("CHAT", "HANDOFF", "DELETE")
        for per in ("SESSION", "ADDRESS")
    ]
    # schemathesis' in-process host is testserver.
    return make_app(PUBLIC_BASE_URL="http://testserver", **dict.fromkeys(limits, LIMIT))


@pytest.fixture
def fuzz_client(fuzz_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(fuzz_app, base_url="http://testserver") as client:
        yield client


def send(client: TestClient, case: Any) -> httpx.Response:
    """The generated request, sent with our test client (one per operation; schemathesis' own
    ASGI client starts a thread per request and makes the run twice as long)."""
    request = case.as_transport_kwargs(base_url="http://testserver")
    request.pop("cookies", None)
    data = request.pop("data", None)
    if data is not None:
        request["content"] = data if isinstance(data, str | bytes) else urlencode(data)
    return client.request(**request)


@pytest.fixture
def fuzz_key(db: Session) -> str:
    return create_api_key(db=db, office_id="demo", label="fuzz")


# The schema of the app as served (every app has the same routes); each test calls its own app,
# on the test's database. (schemathesis.pytest.from_fixture needs pytest < 9.)
schema = schemathesis.openapi.from_dict(create_app(Settings(**TEST_SETTINGS)).openapi())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,  # no example database on disk: every run is the same size
)
def test_no_server_errors(case: Any, fuzz_client: TestClient, fuzz_key: str) -> None:
    if case.path.startswith("/api/v1/staff"):
        case.headers = {
            k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"
        }
        case.headers["X-API-Key"] = fuzz_key
    response = send(fuzz_client, case)
    assert response.status_code < 500, (response.status_code, response.text[:300])
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["code"] in CODES and error["message"].endswith("。")
