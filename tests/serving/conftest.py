"""Fixtures for the serving tests: the API tests' databases (SQLite and PostgreSQL, per-test
rollback) and fake Rasa, plus a Rasa tracker store of our own. The live-stack fixtures are in
tests/serving/stack.py."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from api.config import Settings
from api.db import get_db
from api.main import create_app
from api.services.trackers import TrackerStore
from tests.api.conftest import PG_URL, FakeRasa, db, engine, fake_rasa  # noqa: F401

# Rasa's own DDL of its events table (rasa/core/tracker_store.py SQLEvent), so the API's queries
# are checked against the real columns.
RASA_EVENTS_DDL = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY {autoincrement},
    sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT,
    intent_name VARCHAR(255),
    action_name VARCHAR(255),
    data TEXT
)
"""


class RasaEvents:
    """Writes rows the way Rasa's SQLTrackerStore does."""

    def __init__(self, store: TrackerStore) -> None:
        self.store = store

    def create_table(self) -> None:
        postgres = self.store.engine.dialect.name == "postgresql"
        ddl = RASA_EVENTS_DDL.replace("INTEGER PRIMARY KEY {autoincrement}", "SERIAL PRIMARY KEY")
        with self.store.engine.begin() as conn:
            conn.execute(text(ddl if postgres else RASA_EVENTS_DDL.format(autoincrement="")))
            conn.execute(
                text("CREATE INDEX IF NOT EXISTS ix_events_sender_id ON events (sender_id)")
            )

    def add(self, sender: str, *, count: int = 3, at: float | None = None) -> None:
        stamp = time.time() if at is None else at
        with self.store.engine.begin() as conn:
            for i in range(count):
                conn.execute(
                    text(
                        "INSERT INTO events (sender_id, type_name, timestamp, data)"
                        " VALUES (:s, 'user', :t, '{}')"
                    ),
                    {"s": sender, "t": stamp + i * 0.001},
                )


@pytest.fixture(params=["sqlite", "postgresql"])
def trackers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TrackerStore]:
    """An empty Rasa tracker store (the `events` table is not there until a test creates it)."""
    if request.param == "sqlite":
        store = TrackerStore(f"sqlite:///{tmp_path / 'trackers.sqlite'}")
    else:
        if not PG_URL:
            pytest.skip("API_TEST_DATABASE_URL not set: PostgreSQL tests skipped locally")
        store = TrackerStore(PG_URL.replace("postgresql+psycopg://", "postgresql://"))
        with store.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS events"))
    yield store
    if request.param == "postgresql":
        with store.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS events"))
    store.close()


@pytest.fixture
def events(trackers: TrackerStore) -> RasaEvents:
    rasa_events = RasaEvents(trackers)
    rasa_events.create_table()
    return rasa_events


@pytest.fixture
def app(db: Session, fake_rasa: FakeRasa, trackers: TrackerStore) -> FastAPI:  # noqa: F811
    settings = Settings(
        API_DATABASE_URL="sqlite://", RASA_URL="http://rasa.test", RASA_TRACKER_STORE_URL=""
    )
    application = create_app(settings, rasa_transport=httpx.MockTransport(fake_rasa.handler))
    application.state.trackers = trackers

    def override() -> Iterator[Session]:
        yield db

    application.dependency_overrides[get_db] = override
    return application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://api.test") as c:
        yield c
