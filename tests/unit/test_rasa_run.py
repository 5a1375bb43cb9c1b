"""bot/rasa_run.py: the action-response check compiled once accepts and rejects what Rasa's
own check does, with the same message, and does not re-check the schema on every call; Rasa's
SQLite tracker store gets WAL and synchronous=NORMAL."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot import rasa_run

ORIGINAL = RemoteAction._validate_action_result

RESPONSES: list[tuple[str, dict[str, Any]]] = [
    ("empty", {}),
    ("no events", {"events": [], "responses": []}),
    (
        "a slot and a response",
        {
            "events": [{"event": "slot", "name": "start_date", "value": "2024-04-01"}],
            "responses": [{"text": "はい。", "buttons": [{"title": "次へ", "payload": "/next"}]}],
        },
    ),
    ("a form deactivated", {"events": [{"event": "active_loop", "name": None}]}),
    ("events not a list", {"events": {"event": "slot"}}),
    ("an unknown event", {"events": [{"event": "no_such_event"}]}),
    ("a response that is not an object", {"responses": ["text"]}),
    ("a slot event without a name", {"events": [{"event": "slot", "value": 1}]}),
    ("not an object", []),  # type: ignore[list-item]
]


def outcome(check: Any, result: Any) -> tuple[bool, str]:
    # Rasa's check only calls the (static) schema method on `self`: the class will do.
    try:
        return check(RemoteAction, result), ""
    except ValidationError as error:
        return False, error.message


@pytest.mark.parametrize(("case", "result"), RESPONSES, ids=[case for case, _ in RESPONSES])
def test_same_verdict_and_message_as_rasa(case: str, result: dict[str, Any]) -> None:
    assert outcome(rasa_run.validate_action_result, result) == outcome(ORIGINAL, result)


def test_the_table_has_both_verdicts() -> None:
    verdicts = {outcome(ORIGINAL, result)[0] for _, result in RESPONSES}
    assert verdicts == {True, False}


def test_the_schema_is_not_checked_on_every_call(monkeypatch: pytest.MonkeyPatch) -> None:
    outcome(rasa_run.validate_action_result, {})  # the validator is built here, once
    cls = validator_for(RemoteAction.action_response_format_spec())

    def refuse(*_args: Any) -> None:
        raise AssertionError("check_schema called again")

    monkeypatch.setattr(cls, "check_schema", refuse)
    with pytest.raises(AssertionError):
        outcome(ORIGINAL, {})  # Rasa's own check does call it
    for _ in range(3):
        assert outcome(rasa_run.validate_action_result, {"events": []}) == (True, "")


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """rasa_run.install() for one test: Rasa's class and SQLAlchemy's listeners restored after."""
    monkeypatch.setattr(RemoteAction, "_validate_action_result", ORIGINAL)
    rasa_run.install()
    rasa_run.install()  # twice, as a second call must not add a second listener
    yield
    event.remove(Engine, "connect", rasa_run.sqlite_pragmas)


def test_install_replaces_rasas_check(installed: None) -> None:
    assert RemoteAction._validate_action_result is rasa_run.validate_action_result


def pragmas(store: SQLTrackerStore) -> tuple[str, int]:
    with store.engine.connect() as connection:
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        sync = connection.exec_driver_sql("PRAGMA synchronous").scalar()
    return str(mode), int(sync)


def test_sqlite_defaults_without_install(tmp_path: Any) -> None:
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "before.db"))
    assert pragmas(store) == ("delete", 2)  # rollback journal, synchronous=FULL


def test_the_sqlite_tracker_store_in_wal_mode(tmp_path: Any, installed: None) -> None:
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "trackers.db"))
    assert pragmas(store) == ("wal", 1)  # 1 = NORMAL
    tracker = DialogueStateTracker.from_events("someone", [UserUttered("こんにちは")])
    asyncio.run(store.save(tracker))
    found = asyncio.run(store.retrieve("someone"))
    assert found is not None and found.latest_message.text == "こんにちは"
