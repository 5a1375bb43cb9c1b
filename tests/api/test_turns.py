"""Chat turns as short transactions: nothing held open while Rasa thinks, nothing the user sent is
lost, database errors as JSON 503, turns in order under concurrency.

The first tests use the per-test rollback `client`. The concurrency tests need real connections
and real threads: `live` is the app on its own engine, on a migrated SQLite file (the default
journal mode, no WAL) or on a PostgreSQL schema of its own, both dropped afterwards.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from conftest import PG_URL, Chat, FakeRasa, migrate
from fastapi.testclient import TestClient
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import ORMExecuteState, Session

from api.config import Settings
from api.db import make_engine
from api.errors import ErrorCode
from api.main import create_app
from api.models import ChatMessage
from api.services import transactions

WAIT = 20  # seconds; only reached when something is broken


def error_code(response: httpx.Response) -> str:
    return str(response.json()["error"]["code"])


def history(client: TestClient, sid: str) -> list[tuple[str, str]]:
    response = client.get(f"/api/v1/sessions/{sid}/messages", params={"office_id": "demo"})
    assert response.status_code == 200, response.text
    return [(m["role"], m["text"]) for m in response.json()["messages"]]


def locked() -> OperationalError:
    return OperationalError("COMMIT", {}, sqlite3.OperationalError("database is locked"))


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transactions, "FIRST_DELAY", 0.0)


# --- Rasa down, database errors (per-test rollback) -----------------------------------------


def test_rasa_down_keeps_the_users_message_of_a_new_session(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.down = True
    response = chat(message="こんにちは")
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "bot_unavailable" and "000-0000-0000" in error["contact"]
    sid = error["session_id"]
    assert history(client, sid) == [("user", "こんにちは")]
    fake_rasa.down = False
    assert chat(message="もう一度", session_id=sid).status_code == 200
    assert history(client, sid) == [
        ("user", "こんにちは"),
        ("user", "もう一度"),
        ("bot", "echo: もう一度"),
    ]


def test_rasa_down_keeps_the_users_message_of_an_existing_session(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa
) -> None:
    sid = chat(message="はじめ").json()["session_id"]
    fake_rasa.down = True
    response = chat(message="つづき", session_id=sid)
    assert response.status_code == 503 and response.json()["error"]["session_id"] == sid
    assert history(client, sid) == [("user", "はじめ"), ("bot", "echo: はじめ"), ("user", "つづき")]


@pytest.mark.parametrize(
    "error",
    [locked, lambda: PoolTimeoutError("QueuePool limit reached")],
    ids=["locked", "pool-timeout"],
)
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v1/chat", {"office_id": "demo", "message": "こんにちは"}),
        ("GET", "/api/v1/offices/demo/widget-config", None),
        ("GET", "/health", None),
    ],
)
def test_a_database_error_is_a_json_503(
    client: TestClient,
    db: Session,
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    error: Any,
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise error()

    monkeypatch.setattr(db, "get", broken)
    monkeypatch.setattr(db, "execute", broken)
    response = client.request(method, path, json=body)
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/json"
    assert error_code(response) == "database_unavailable"
    assert response.json()["error"]["message"] == ErrorCode.DATABASE_UNAVAILABLE.message


@dataclass
class FlakyCommits:
    """Makes the session's commits raise `database is locked` while they would store a chat
    message of `role`, `times` times per role (the test's session is dropped afterwards)."""

    db: Session
    times: dict[str, int]
    failed: list[str] = field(default_factory=list)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real = self.db.commit
        flushed: list[str] = []

        def record(session: Session, _context: Any) -> None:
            flushed.extend(o.role for o in session.new if isinstance(o, ChatMessage))

        def record_insert(state: ORMExecuteState) -> None:
            # A turn's messages are stored with INSERT ... RETURNING, not the unit of work.
            statement = state.statement
            if not (state.is_insert and statement.entity_description["entity"] is ChatMessage):  # type: ignore[attr-defined]
                return
            rows = state.parameters
            if isinstance(rows, list):
                flushed.extend(row["role"] for row in rows)
            else:
                flushed.append(statement.compile().params["role"])

        def commit() -> None:
            self.db.flush()
            roles, flushed[:] = list(flushed), []
            for role in roles:
                if self.times.get(role, 0) > 0:
                    self.times[role] -= 1
                    self.failed.append(role)
                    raise locked()
            real()

        event.listen(self.db, "after_flush", record)
        event.listen(self.db, "do_orm_execute", record_insert)
        monkeypatch.setattr(self.db, "commit", commit)


@pytest.mark.usefixtures("no_backoff")
def test_a_busy_database_is_retried_and_the_turn_is_stored_once(
    chat: Chat,
    client: TestClient,
    db: Session,
    fake_rasa: FakeRasa,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    flaky = FlakyCommits(db, {"user": 2, "bot": 2})
    flaky.install(monkeypatch)
    response = chat(message="こんにちは")
    assert response.status_code == 200
    assert flaky.failed == ["user", "user", "bot", "bot"]
    assert [r["message"] for r in fake_rasa.received] == ["こんにちは"]  # Rasa asked once
    assert history(client, response.json()["session_id"]) == [
        ("user", "こんにちは"),
        ("bot", "echo: こんにちは"),
    ]


@pytest.mark.usefixtures("no_backoff")
def test_replies_that_cannot_be_stored_give_503_and_keep_the_users_message(
    chat: Chat,
    client: TestClient,
    db: Session,
    fake_rasa: FakeRasa,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sid = chat(message="はじめ").json()["session_id"]
    fake_rasa.replies["マップ"] = [
        {"recipient_id": "x", "text": "保存します。"},
        {"recipient_id": "x", "custom": {"unanswered": "fallback"}},
    ]
    flaky = FlakyCommits(db, {"bot": transactions.ATTEMPTS})
    flaky.install(monkeypatch)
    response = chat(message="マップ", session_id=sid)
    assert response.status_code == 503 and error_code(response) == "database_unavailable"
    assert flaky.failed == ["bot"] * transactions.ATTEMPTS
    assert len(fake_rasa.received) == 2  # Rasa was asked once for this turn, never again
    monkeypatch.undo()
    # Nothing of the failed step is left (no reply, no unanswered mark): never half a step.
    assert history(client, sid) == [("user", "はじめ"), ("bot", "echo: はじめ"), ("user", "マップ")]
    assert db.scalar(text("SELECT count(*) FROM unanswered_questions")) == 0


def test_the_payload_check_is_a_full_match(chat: Chat, fake_rasa: FakeRasa) -> None:
    assert chat(payload="/faq_cost").status_code == 200
    response = chat(payload="/faq_cost\n")
    assert response.status_code == 422 and error_code(response) == "invalid_payload"
    assert [r["message"] for r in fake_rasa.received] == ["/faq_cost"]


def test_history_reads_rows_written_before_ruby_html_was_dropped(
    chat: Chat, client: TestClient, db: Session
) -> None:
    sid = chat(message="はじめ").json()["session_id"]
    old = {"role": "bot", "type": "text", "text": "古い", "ruby_html": "古い", "ruby": []}
    db.execute(
        text(
            "INSERT INTO chat_messages (session_id, role, data, created_at) VALUES (:s, 'bot', :d, :t)"
        ),
        {"s": sid, "d": json.dumps(old), "t": "2026-01-01 00:00:00"},
    )
    db.commit()
    assert history(client, sid)[-1] == ("bot", "古い")


# --- concurrency: real connections, real threads ---------------------------------------------


@dataclass
class GatedRasa:
    """A fake Rasa that can hold a message until the test releases it (thread-safe)."""

    gates: dict[str, threading.Event] = field(default_factory=dict)
    arrived: dict[str, threading.Event] = field(default_factory=dict)
    received: list[str] = field(default_factory=list)

    def hold(self, message: str) -> None:
        self.gates[message] = threading.Event()
        self.arrived[message] = threading.Event()

    def handler(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        message = body["message"]
        self.received.append(message)
        if message in self.gates:
            self.arrived[message].set()
            assert self.gates[message].wait(WAIT), "never released"
        return httpx.Response(
            200, json=[{"recipient_id": body["sender"], "text": f"re: {message}"}]
        )


@dataclass
class Live:
    client: TestClient
    rasa: GatedRasa

    def post(self, message: str, sid: str | None = None) -> httpx.Response:
        body = {"office_id": "demo", "message": message}
        if sid is not None:
            body["session_id"] = sid
        return self.client.post("/api/v1/chat", json=body)


@pytest.fixture(params=["sqlite", "postgresql"])
def live_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('live') / 'api.sqlite'}"
        return
    if not PG_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("API_TEST_DATABASE_URL must be set in CI")
        pytest.skip("API_TEST_DATABASE_URL not set: PostgreSQL tests skipped locally")
    schema = f"live_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path={schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def live(live_url: str) -> Iterator[Live]:
    migrate(live_url)
    rasa = GatedRasa()
    settings = Settings(API_DATABASE_URL=live_url, RASA_URL="http://rasa.test")
    app = create_app(settings, rasa_transport=httpx.MockTransport(rasa.handler))
    with TestClient(app, base_url="http://api.test", raise_server_exceptions=False) as client:
        yield Live(client=client, rasa=rasa)


def test_a_turn_waiting_for_rasa_does_not_block_another_session(live: Live) -> None:
    live.rasa.hold("slow")
    with ThreadPoolExecutor(max_workers=1) as pool:
        slow = pool.submit(live.post, "slow")
        assert live.rasa.arrived["slow"].wait(WAIT)
        # The slow turn is inside Rasa now; its user message is already committed.
        quick = live.post("quick")
        assert quick.status_code == 200, quick.text
        assert not slow.done()
        live.rasa.gates["slow"].set()
        assert slow.result(WAIT).status_code == 200
    sid = slow.result().json()["session_id"]
    assert history(live.client, sid) == [("user", "slow"), ("bot", "re: slow")]


def test_two_racing_turns_of_one_session_each_stay_together(live: Live) -> None:
    sid = live.post("start").json()["session_id"]
    live.rasa.hold("first")
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(live.post, "first", sid)
        assert live.rasa.arrived["first"].wait(WAIT)
        second = live.post("second", sid)  # stored and answered while "first" waits
        assert second.status_code == 200, second.text
        live.rasa.gates["first"].set()
        assert first.result(WAIT).status_code == 200
    assert history(live.client, sid) == [
        ("user", "start"),
        ("bot", "re: start"),
        ("user", "first"),
        ("bot", "re: first"),
        ("user", "second"),
        ("bot", "re: second"),
    ]


def test_16_sessions_of_5_turns_at_once(live: Live) -> None:
    def conversation(n: int) -> tuple[str, list[tuple[str, str]], list[int]]:
        sid = None
        statuses = []
        expected = []
        for turn in range(5):
            message = f"s{n} t{turn}"
            response = live.post(message, sid)
            statuses.append(response.status_code)
            if response.status_code == 200:
                sid = response.json()["session_id"]
            expected += [("user", message), ("bot", f"re: {message}")]
        assert sid is not None
        return sid, expected, statuses

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(conversation, range(16)))
    for sid, expected, statuses in results:
        assert statuses == [200] * 5
        assert history(live.client, sid) == expected
    assert len(live.rasa.received) == 80
