"""Deleting a conversation (api/services/sessions.py, DELETE /api/v1/sessions/{id}, the CLI) and
the tracker retention purge (api/services/trackers.py): on SQLite and PostgreSQL, for the API's
database and for Rasa's tracker store."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models import (
    ChatMessage,
    ChatSession,
    HandoffRequest,
    UnansweredQuestion,
    UserResourceMap,
    UserResourceMapEntry,
)
from api.services.chat import sender_for
from api.services.trackers import TrackerStore, api_url, tracker_store
from tests.serving.conftest import RasaEvents

SALT = "teichaku-guide"
DAY = 86_400.0


def count(db: Session, model: Any, **where: Any) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return int(db.scalar(query) or 0)


def start_session(client: TestClient, events: RasaEvents) -> str:
    """A session with history, a resource map with a contact, an unanswered question, a callback
    request sharing the transcript, and Rasa events for its sender."""
    sid = str(
        client.post("/api/v1/chat", json={"office_id": "demo", "message": "こんにちは"}).json()[
            "session_id"
        ]
    )
    client.post("/api/v1/chat", json={"office_id": "demo", "message": "費用は", "session_id": sid})
    handoff = client.post(
        "/api/v1/handoff",
        json={
            "office_id": "demo",
            "consent": True,
            "name": "山田",
            "session_id": sid,
            "share_transcript": True,
        },
    )
    assert handoff.status_code == 201
    events.add(sender_for(session_id=sid, salt=SALT))
    return sid


def add_map_and_question(db: Session, sid: str) -> None:
    rmap = UserResourceMap(session_id=sid, goal="続けて働く", disability_types=["mental"])
    db.add(rmap)
    db.flush()
    db.add(UserResourceMapEntry(map_id=rmap.id, area="work", position=0, name_or_role="上司"))
    db.add(
        UnansweredQuestion(office_id="demo", session_id=sid, text="天気は？", reason="out_of_scope")
    )
    db.commit()


def test_delete_removes_the_conversation_everywhere(
    client: TestClient, db: Session, events: RasaEvents, trackers: TrackerStore
) -> None:
    sid = start_session(client, events)
    other = start_session(client, events)
    add_map_and_question(db, sid)
    add_map_and_question(db, other)
    sender = sender_for(session_id=sid, salt=SALT)
    assert trackers.count(sender) == 3

    response = client.delete(f"/api/v1/sessions/{sid}", params={"office_id": "demo"})
    assert response.status_code == 204, response.text
    assert count(db, ChatSession, id=sid) == 0
    assert count(db, ChatMessage, session_id=sid) == 0
    assert count(db, UserResourceMap, session_id=sid) == 0
    assert count(db, UnansweredQuestion, session_id=sid) == 0
    assert trackers.count(sender) == 0
    # The callback request stays for staff, without the link to the transcript.
    [handoff] = db.scalars(
        select(HandoffRequest)
        .where(HandoffRequest.name == "山田")
        .order_by(HandoffRequest.id)
        .limit(1)
    )
    assert handoff.session_id is None and handoff.share_transcript is False
    # The session id opens nothing any more.
    history = client.get(f"/api/v1/sessions/{sid}/messages", params={"office_id": "demo"})
    assert history.status_code == 404
    assert client.get(f"/api/v1/sessions/{sid}/resource-map").status_code == 404
    # The other conversation is untouched.
    assert count(db, ChatMessage, session_id=other) == 5
    assert count(db, UserResourceMapEntry) == 1
    assert trackers.count(sender_for(session_id=other, salt=SALT)) == 3
    # Deleting again: nothing left.
    again = client.delete(f"/api/v1/sessions/{sid}", params={"office_id": "demo"})
    assert again.status_code == 404 and again.json()["error"]["code"] == "session_not_found"


def test_a_retry_finishes_a_deletion_whose_tracker_part_failed(
    client: TestClient,
    db: Session,
    events: RasaEvents,
    trackers: TrackerStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sqlalchemy.exc import OperationalError

    sid = start_session(client, events)
    sender = sender_for(session_id=sid, salt=SALT)

    def unreachable(sender_id: str) -> int:
        raise OperationalError("DELETE", {}, Exception("connection refused"))

    with monkeypatch.context() as patch:
        patch.setattr(trackers, "delete", unreachable)
        failed = client.delete(f"/api/v1/sessions/{sid}", params={"office_id": "demo"})
    assert failed.status_code == 503 and failed.json()["error"]["code"] == "bot_unavailable"
    assert count(db, ChatSession, id=sid) == 0  # the API part is gone: nothing visible is left
    assert trackers.count(sender) == 3
    assert client.delete(f"/api/v1/sessions/{sid}", params={"office_id": "demo"}).status_code == 204
    assert trackers.count(sender) == 0


def test_delete_checks_the_office_and_the_origin(
    client: TestClient, events: RasaEvents, trackers: TrackerStore
) -> None:
    sid = start_session(client, events)
    url = f"/api/v1/sessions/{sid}"
    evil = client.delete(
        url, params={"office_id": "demo"}, headers={"Origin": "https://evil.example"}
    )
    assert evil.status_code == 403 and evil.json()["error"]["code"] == "origin_not_allowed"
    unknown = client.delete(url, params={"office_id": "nope"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "office_not_found"
    bad = client.delete("/api/v1/sessions/x", params={"office_id": "demo"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_session_id"
    missing = client.delete(url)
    assert missing.status_code == 422
    assert trackers.count(sender_for(session_id=sid, salt=SALT)) == 3  # nothing was deleted
    own = client.delete(url, params={"office_id": "demo"}, headers={"Origin": "http://api.test"})
    assert own.status_code == 204


def test_delete_preflight(client: TestClient) -> None:
    url = f"/api/v1/sessions/{'a' * 32}"
    ok = client.options(
        url, headers={"Origin": "http://api.test", "Access-Control-Request-Method": "DELETE"}
    )
    assert ok.status_code == 204 and ok.headers["access-control-allow-methods"] == "DELETE"
    evil = client.options(url, headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403


def test_delete_without_rasa_table(client: TestClient, db: Session, trackers: TrackerStore) -> None:
    """Rasa has never written to its store (no `events` table yet): the API part is deleted."""
    sid = client.post("/api/v1/chat", json={"office_id": "demo", "message": "こんにちは"}).json()[
        "session_id"
    ]
    assert client.delete(f"/api/v1/sessions/{sid}", params={"office_id": "demo"}).status_code == 204
    assert count(db, ChatSession, id=sid) == 0


def test_purge_deletes_only_idle_conversations(events: RasaEvents, trackers: TrackerStore) -> None:
    now = time.time()
    events.add("idle", at=now - 40 * DAY)
    events.add("active", at=now - 40 * DAY)
    events.add("active", count=1, at=now - 1 * DAY)  # came back yesterday
    events.add("fresh", at=now)
    assert trackers.purge(older_than=timedelta(days=30), now=now) == 1
    assert [trackers.count(s) for s in ("idle", "active", "fresh")] == [0, 4, 3]
    assert trackers.purge(older_than=timedelta(days=30), now=now) == 0
    assert trackers.purge(older_than=timedelta(hours=1), now=now) == 1  # "active" goes too


def test_purge_without_rasa_table(trackers: TrackerStore) -> None:
    assert trackers.purge(older_than=timedelta(days=1)) == 0
    assert trackers.delete("anyone") == 0


def test_api_url_and_empty_store() -> None:
    assert api_url("postgresql://u:p@h:5432/db") == "postgresql+psycopg://u:p@h:5432/db"
    assert api_url("postgresql+psycopg2://u@h/db") == "postgresql+psycopg://u@h/db"
    assert api_url("sqlite:////var/x.sqlite") == "sqlite:////var/x.sqlite"
    assert tracker_store("  ") is None


def test_cli_delete_session_and_purge(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The staff side: `python -m api.cli delete-session` and `purge-trackers` on real files."""
    from api import cli
    from api.config import get_settings
    from tests.api.conftest import migrate

    api_db = f"sqlite:///{tmp_path / 'api.sqlite'}"
    tracker_db = f"sqlite:///{tmp_path / 'trackers.sqlite'}"
    migrate(api_db)
    monkeypatch.setenv("API_DATABASE_URL", api_db)
    monkeypatch.setenv("RASA_TRACKER_STORE_URL", tracker_db)
    get_settings.cache_clear()
    try:
        from api.db import make_engine

        engine = make_engine(api_db)
        with Session(engine) as db:
            db.add(ChatSession(id="s" * 32, office_id="demo"))
            db.flush()
            db.add(ChatMessage(session_id="s" * 32, role="user", data={"text": "こんにちは"}))
            db.commit()
        store = TrackerStore(tracker_db)
        rasa_events = RasaEvents(store)
        rasa_events.create_table()
        sender = sender_for(session_id="s" * 32, salt=SALT)
        rasa_events.add(sender)
        rasa_events.add("old", at=time.time() - 90 * DAY)

        assert cli.main(["delete-session", "s" * 32]) == 0
        with Session(engine) as db:
            assert count(db, ChatSession) == 0 and count(db, ChatMessage) == 0
        assert store.count(sender) == 0
        assert cli.main(["delete-session", "s" * 32]) == 1
        assert "session_not_found" in capsys.readouterr().err

        assert cli.main(["purge-trackers", "60"]) == 0
        assert "purged 1 conversation" in capsys.readouterr().out
        assert store.count("old") == 0
        assert cli.main(["purge-trackers"]) == 0  # RASA_TRACKER_RETENTION_DAYS
        assert cli.main(["no-such-command"]) == 2
        assert cli.main(["delete-session"]) == 2
        store.close()
        engine.dispose()
    finally:
        get_settings.cache_clear()


def test_bot_unavailable_reaches_the_widget_with_the_contact(
    client: TestClient, fake_rasa: Any
) -> None:
    """While Rasa is down the API answers 503 `bot_unavailable` with the office's contact, which
    the widget shows (api/static/widget.js reads `error.contact`)."""
    fake_rasa.down = True
    response = client.post("/api/v1/chat", json={"office_id": "demo", "message": "費用は"})
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "bot_unavailable" and error["contact"]
