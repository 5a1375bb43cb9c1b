"""API test fixtures: a migrated database per backend, per-test transaction rollback, fake Rasa.

Every test using `client` runs on SQLite and, when API_TEST_DATABASE_URL is set, on PostgreSQL.
Locally the PostgreSQL runs are skipped without it; in CI (CI=true) a missing URL is an error.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from alembic import command
from alembic.config import Config
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from api.config import Settings
from api.db import get_db, make_engine
from api.main import create_app
from api.services.offices import create_api_key

ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("API_TEST_DATABASE_URL")


def migrate(url: str) -> None:
    config = Config(str(ROOT / "api" / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["skip_logging"] = True
    command.upgrade(config, "head")


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'api.sqlite'}"
    else:
        if not PG_URL:
            if os.environ.get("CI") == "true":
                pytest.fail("API_TEST_DATABASE_URL must be set in CI (.ci/run starts PostgreSQL)")
            pytest.skip("API_TEST_DATABASE_URL not set: PostgreSQL tests skipped locally")
        url = PG_URL
        reset = make_engine(url)
        with reset.begin() as conn:  # start from an empty schema every run
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        reset.dispose()
    migrate(url)
    eng = make_engine(url)
    yield eng
    eng.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session inside an outer transaction that is rolled back after the test."""
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()


def rasa_output(response: str, *, recipient_id: str = "x") -> list[dict[str, Any]]:
    """What Rasa 3.6's REST channel sends for a domain.yml response (its first variant).

    As `rasa.core.channels.channel.CollectingOutputChannel`: the text (with its buttons) is one
    message (without buttons, one message per paragraph split at a blank line), and `custom`
    follows as a message of its own. tests/integration checks the real bot against this.
    """
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    variant = domain["responses"][response][0]
    out: list[dict[str, Any]] = []
    if variant.get("buttons"):
        out.append({"recipient_id": recipient_id, "text": variant["text"]})
        out[-1]["buttons"] = variant["buttons"]
    elif variant.get("text"):
        for part in variant["text"].strip().split("\n\n"):
            out.append({"recipient_id": recipient_id, "text": part})
    if variant.get("custom"):
        out.append({"recipient_id": recipient_id, "custom": variant["custom"]})
    return out


@dataclass
class FakeRasa:
    """Answers like Rasa's REST channel; `replies` maps a message to the list Rasa returns."""

    replies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    down: bool = False
    received: list[dict[str, Any]] = field(default_factory=list)

    def handler(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        if request.url.path == "/":
            return httpx.Response(200, text="Hello from Rasa: 3.6.21")
        body = json.loads(request.content)
        self.received.append(body)
        default = [{"recipient_id": body["sender"], "text": f"echo: {body['message']}"}]
        return httpx.Response(200, json=self.replies.get(body["message"], default))


@pytest.fixture
def fake_rasa() -> FakeRasa:
    return FakeRasa()


TEST_SETTINGS: dict[str, Any] = {
    "API_DATABASE_URL": "sqlite://",
    "RASA_URL": "http://rasa.test",
    "PUBLIC_BASE_URL": "http://api.test",
}
MakeApp = Callable[..., FastAPI]


@pytest.fixture
def make_app(db: Session, fake_rasa: FakeRasa) -> MakeApp:
    """An app on the test's database and fake Rasa, with settings changed by `overrides`."""

    def make(**overrides: Any) -> FastAPI:
        settings = Settings(**{**TEST_SETTINGS, **overrides})
        application = create_app(settings, rasa_transport=httpx.MockTransport(fake_rasa.handler))

        def override() -> Iterator[Session]:
            yield db

        application.dependency_overrides[get_db] = override
        return application

    return make


@pytest.fixture
def app(make_app: MakeApp) -> FastAPI:
    return make_app()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://api.test") as c:
        yield c


@pytest.fixture
def staff_key(db: Session) -> str:
    key = create_api_key(db=db, office_id="demo", label="test")
    db.commit()
    return key


Chat = Callable[..., httpx.Response]


@pytest.fixture
def chat(client: TestClient) -> Chat:
    def send(**body: Any) -> httpx.Response:
        body.setdefault("office_id", "demo")
        return client.post("/api/v1/chat", json=body)

    return send


def row_counts(db: Session) -> dict[str, int]:
    """The number of rows of every table of the API's database."""
    from api.db import Base

    return {
        name: int(db.execute(text(f"SELECT count(*) FROM {name}")).scalar_one())
        for name in sorted(Base.metadata.tables)
    }
