"""The real stack under faults and concurrency (functional: no timing asserts).

Each fixture starts `scripts/run.sh` (the supervisor, the action server, Rasa with the trained
model, the API) on free loopback ports in a temporary VAR_DIR, once per module:
- `sqlite_stack`: the `make run` layout (SQLite for the API and Rasa's trackers, one Rasa);
- `scaled_stack`: the `make run-scaled` layout (two Rasa replicas, Redis lock store, PostgreSQL
  for the API and the trackers; needs root for Debian's PostgreSQL, as CI has).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.services.chat import sender_for
from bench.load import SCRIPTS, Session, run_api_session
from tests.serving.stack import MODEL, Stack, get_json, post_json, wait_for

pytestmark = pytest.mark.skipif(
    not MODEL.exists(), reason=f"{MODEL} is missing: run `make train` (make test does it first)"
)
SALT = "teichaku-guide"
PG_TEST = {"PG_ROLE": "serve_test", "PG_API_DB": "serve_test_api", "PG_RASA_DB": "serve_test_rasa"}


def start(tmp: Path, replicas: int, env: dict[str, str]) -> Iterator[Stack]:
    stack = Stack(var_dir=tmp, replicas=replicas, env=env)
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="module")
def sqlite_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    yield from start(tmp_path_factory.mktemp("sqlite-stack"), 1, {})


@pytest.fixture(scope="module")
def scaled_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if os.geteuid() != 0 or not shutil.which("redis-server"):
        pytest.skip("the scaled stack needs root (Debian's PostgreSQL) and redis-server")
    for db in (PG_TEST["PG_API_DB"], PG_TEST["PG_RASA_DB"]):  # start from empty databases
        subprocess.run(
            ["runuser", "-u", "postgres", "--", "dropdb", "--if-exists", "--force", db],
            check=False,
            capture_output=True,
        )
    yield from start(tmp_path_factory.mktemp("scaled-stack"), 2, PG_TEST)


class Chat:
    """One visitor talking to the API."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.session_id: str | None = None

    def send(self, text: str, *, payload: bool = False) -> tuple[int, Any]:
        body: dict[str, Any] = {"office_id": "demo", ("payload" if payload else "message"): text}
        if self.session_id:
            body["session_id"] = self.session_id
        status, data = post_json(f"{self.stack.api}/api/v1/chat", body)
        if status == 200:
            self.session_id = data["session_id"]
        return status, data

    def says(self, text: str, *, payload: bool = False) -> str:
        status, data = self.send(text, payload=payload)
        assert status == 200, (status, data)
        return "\n".join(m["text"] for m in data["messages"])


def start_date_form(chat: Chat) -> None:
    chat.says("わたしの場合の日にちを知りたいです")
    assert "何日" in chat.says("2024年4月")  # the form now waits for the day


def start_resource_map(chat: Chat) -> None:
    chat.says("リソースマップを作りたい")
    chat.says('/rmap_choice{"choice":"consent_no"}', payload=True)
    chat.says('/rmap_choice{"choice":"goal_skip"}', payload=True)  # now in the first area


def tracker_events(stack: Stack, session_id: str) -> int:
    path = stack.var_dir / "rasa" / "trackers.sqlite"
    with sqlite3.connect(path) as conn:
        row = conn.execute(
            "SELECT count(*) FROM events WHERE sender_id = ?",
            (sender_for(session_id=session_id, salt=SALT),),
        ).fetchone()
    return int(row[0])


def test_rasa_restarted_mid_form_continues_the_form(sqlite_stack: Stack) -> None:
    dates, rmap = Chat(sqlite_stack), Chat(sqlite_stack)
    start_date_form(dates)
    start_resource_map(rmap)

    old = sqlite_stack.kill("rasa")
    status, data = dates.send("1日")  # Rasa is down: the office's contact, nothing half-stored
    assert status == 503 and data["error"]["code"] == "bot_unavailable"
    assert data["error"]["contact"]
    sqlite_stack.wait_restarted("rasa", old, sqlite_stack.rasa_urls[0] + "/")

    answer = dates.says("1日")
    assert "働き始めた日：2024年4月1日" in answer and "2024年10月1日" in answer
    assert "上司" in rmap.says('/rmap_choice{"choice":"suggest:上司"}', payload=True)
    assert (
        "exited" in sqlite_stack.log("supervise")
        or "restarting" in (sqlite_stack.var_dir / "run.sh.log").read_text()
    )


def test_action_server_killed_then_recovers(sqlite_stack: Stack) -> None:
    chat = Chat(sqlite_stack)
    chat.says("費用はいくらですか")
    old = sqlite_stack.kill("actions")
    # A turn that needs a custom action while the action server is down: a structured error
    # or a message from the bot, never a plain 500.
    status, data = chat.send("2024年4月1日に就職しました。いつから使えますか？")
    if status == 200:
        assert isinstance(data["messages"], list)
    else:
        assert status == 503 and data["error"]["code"] == "bot_unavailable"
    sqlite_stack.wait_restarted("actions", old, sqlite_stack.actions + "/health")
    answer = chat.says("2024年4月1日に就職しました。いつから使えますか？")
    assert "2024年10月1日" in answer


def test_deleting_a_session_removes_its_tracker(sqlite_stack: Stack) -> None:
    chat = Chat(sqlite_stack)
    start_date_form(chat)
    assert chat.session_id is not None
    assert tracker_events(sqlite_stack, chat.session_id) > 0
    url = f"{sqlite_stack.api}/api/v1/sessions/{chat.session_id}?office_id=demo"
    with urllib.request.urlopen(urllib.request.Request(url, method="DELETE"), timeout=30) as r:
        assert r.status == 204
    assert tracker_events(sqlite_stack, chat.session_id) == 0
    status, _ = get_json(
        f"{sqlite_stack.api}/api/v1/sessions/{chat.session_id}/messages?office_id=demo"
    )
    assert status == 404
    # The bot starts afresh for that sender: the date is asked for again.
    chat.session_id = None
    assert "働き始めた日を教えてください" in chat.says("わたしの場合の日にちを知りたいです")


def concurrent_sessions(stack: Stack, sessions: int = 16, turns: int = 5) -> list[Session]:
    runs = [Session(i, SCRIPTS[i % len(SCRIPTS)][:turns]) for i in range(sessions)]
    threads = [threading.Thread(target=run_api_session, args=(s, stack.api)) for s in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return runs


def assert_all_answered_and_stored(runs: list[Session]) -> None:
    statuses = [(s.index, t.status, t.error) for s in runs for t in s.turns]
    assert all(status == 200 for _, status, _ in statuses), [x for x in statuses if x[1] != 200]
    assert all(len(s.turns) == len(s.sent) for s in runs)
    problems = [(s.index, s.history_problem) for s in runs if not s.history_ok]
    assert not problems  # every history complete and in order


def test_16_concurrent_sessions_on_sqlite(sqlite_stack: Stack) -> None:
    assert_all_answered_and_stored(concurrent_sessions(sqlite_stack))


def test_16_concurrent_sessions_on_postgresql(scaled_stack: Stack) -> None:
    assert_all_answered_and_stored(concurrent_sessions(scaled_stack))


def test_a_replica_killed_mid_conversation(scaled_stack: Stack) -> None:
    chat = Chat(scaled_stack)
    start_date_form(chat)
    old = scaled_stack.kill("rasa1")
    # Every turn is answered by the other replica, which has the same conversation.
    assert "1割" in chat.says("費用はいくらですか")
    assert "働き始めた日：2024年4月1日" in chat.says("1日")
    assert "1/11" in chat.says("申し込みの手順を1つずつ教えて")
    assert "2/11" in chat.says("次へ")
    # The supervisor brings the killed replica back; turns alternate between the two replicas
    # again and the walkthrough goes on step by step on both.
    scaled_stack.wait_restarted("rasa1", old, scaled_stack.rasa_urls[0] + "/")
    wait_for(scaled_stack.rasa_urls[0] + "/")
    assert "3/11" in chat.says("次へ")
    assert "4/11" in chat.says("次へ")
