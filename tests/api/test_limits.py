"""Field limits are defined once (api/limits.py): the schemas refuse what the columns could not
hold, so nothing is cut or refused later by the database."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Chat
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import String

from api import models, schemas


def max_length(schema: type[BaseModel], field: str) -> int | None:
    for item in schema.model_fields[field].metadata:
        if hasattr(item, "max_length"):
            return int(item.max_length)
    return None


def column_length(model: type[models.Base], column: str) -> int | None:
    kind = model.__table__.columns[column].type
    return kind.length if isinstance(kind, String) else None  # None: Text, unlimited


@pytest.mark.parametrize(
    ("schema", "model", "fields"),
    [
        (schemas.HandoffRequestIn, models.HandoffRequest, ["name", "contact", "preferred_time"]),
        (schemas.OfficeSettings, models.Office, ["display_name"]),
    ],
)
def test_schema_and_column_share_their_limit(
    schema: type[BaseModel], model: type[models.Base], fields: list[str]
) -> None:
    for field in fields:
        assert max_length(schema, field) == column_length(model, field), field


def test_ids_fit_their_columns() -> None:
    assert max_length(schemas.ChatRequest, "office_id") == column_length(models.Office, "id")
    assert schemas.SESSION_ID_PATTERN.endswith(f",{column_length(models.ChatSession, 'id')}}}$")


def test_unlimited_columns_have_a_schema_limit() -> None:
    assert column_length(models.HandoffRequest, "message") is None
    assert max_length(schemas.HandoffRequestIn, "message") is not None
    assert column_length(models.Office, "contact_text") is None
    assert max_length(schemas.OfficeSettings, "contact_text") is not None


@pytest.mark.parametrize(
    ("field", "limit"),
    [("name", 100), ("contact", 200), ("preferred_time", 100), ("message", 1000)],
)
def test_a_handoff_field_over_its_limit_is_refused_not_cut(
    client: TestClient, chat: Chat, field: str, limit: int
) -> None:
    sid = chat(message="こんにちは").json()["session_id"]
    body: dict[str, Any] = {"office_id": "demo", "session_id": sid, "consent": True}
    too_long = client.post("/api/v1/handoff", json={**body, field: "あ" * (limit + 1)})
    assert too_long.status_code == 422
    assert too_long.json()["error"]["code"] == "invalid_request"
    at_limit = client.post("/api/v1/handoff", json={**body, field: "あ" * limit})
    assert at_limit.status_code == 201
