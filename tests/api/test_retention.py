"""Retention per office (api/services/retention.py) and the admin commands (api/cli.py): purge,
create-office, list-keys, revoke-key, rotate-key."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import migrate
from fastapi.testclient import TestClient
from rasa_replies import count
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from api import cli
from api.config import get_settings
from api.db import make_engine
from api.models import (
    ApiKey,
    ChatMessage,
    ChatSession,
    HandoffRequest,
    Office,
    StaffAuditEntry,
    UnansweredQuestion,
    UserResourceMap,
    UserResourceMapEntry,
)
from api.services import audit, retention
from api.services.chat import sender_for
from api.services.trackers import TrackerStore

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
SALT = "teichaku-guide"


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


class Trackers(TrackerStore):
    """Rasa's tracker store on a file, with rows written as Rasa's SQLTrackerStore does."""

    def add(self, session_id: str) -> str:
        sender = sender_for(session_id=session_id, salt=SALT)
        with self.engine.begin() as conn:
            conn.execute(
                text(
                    "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, sender_id"
                    " VARCHAR(255) NOT NULL, type_name VARCHAR(255), timestamp FLOAT, data TEXT)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO events (sender_id, type_name, timestamp) VALUES (:s, 'user', :t)"
                ),
                {"s": sender, "t": time.time()},
            )
        return sender


def add_session(db: Session, sid: str, *, office: str = "demo", seen: float) -> None:
    db.add(ChatSession(id=sid, office_id=office, created_at=ago(seen), last_seen_at=ago(seen)))
    db.flush()


def add_map(db: Session, sid: str, *, updated: float) -> None:
    rmap = UserResourceMap(
        session_id=sid, goal="働き続ける", disability_types=["mental"], updated_at=ago(updated)
    )
    db.add(rmap)
    db.flush()
    db.add(UserResourceMapEntry(map_id=rmap.id, area="workplace", position=0, name_or_role="上司"))


@pytest.fixture
def trackers(tmp_path: Path) -> Any:
    store = Trackers(f"sqlite:///{tmp_path / 'trackers.sqlite'}")
    yield store
    store.close()


def test_purge_keeps_each_office_to_its_retention_period(db: Session, trackers: Trackers) -> None:
    old, live, other = "o" * 32, "l" * 32, "x" * 32
    db.add(Office(id="other", display_name="別", allowed_origins=[], retention_days=365))
    db.flush()
    add_session(db, old, seen=100)
    db.add(
        ChatMessage(session_id=old, role="user", data={"text": "障害のこと"}, created_at=ago(100))
    )
    add_map(db, old, updated=100)
    db.add(
        UnansweredQuestion(
            office_id="demo", session_id=old, text="a", reason="fallback", created_at=ago(100)
        )
    )
    callback = HandoffRequest(
        office_id="demo", session_id=old, share_transcript=True, created_at=ago(10)
    )
    db.add(callback)
    add_session(db, live, seen=1)
    db.add(ChatMessage(session_id=live, role="user", data={"text": "昔"}, created_at=ago(100)))
    db.add(ChatMessage(session_id=live, role="user", data={"text": "いま"}, created_at=ago(1)))
    add_map(db, live, updated=95)
    db.add(
        UnansweredQuestion(
            office_id="demo", session_id=live, text="b", reason="fallback", created_at=ago(91)
        )
    )
    db.add(HandoffRequest(office_id="demo", name="古い依頼", created_at=ago(91)))
    add_session(db, other, office="other", seen=100)
    db.commit()
    old_sender, live_sender = trackers.add(old), trackers.add(live)

    reports = retention.purge(db=db, trackers=trackers, now=NOW, salt=SALT)

    assert str(reports["demo"]) == (
        "sessions 1, messages 2, maps 2, unanswered 2, handoffs 1, trackers 1"
    )
    assert db.scalars(select(ChatSession.id).order_by(ChatSession.id)).all() == [live, other]
    assert [m.data["text"] for m in db.scalars(select(ChatMessage))] == ["いま"]
    assert count(db, UserResourceMap) == 0 and count(db, UserResourceMapEntry) == 0
    assert count(db, UnansweredQuestion) == 0
    [kept] = db.scalars(select(HandoffRequest)).all()  # the recent request stays, unlinked
    assert kept.id == callback.id and kept.session_id is None and not kept.share_transcript
    assert trackers.count(old_sender) == 0 and trackers.count(live_sender) == 1
    assert str(reports["other"]).startswith("sessions 0")
    # Nothing is left to purge.
    again = retention.purge(db=db, trackers=trackers, now=NOW, salt=SALT)
    assert all(str(r) == str(retention.PurgeReport()) for r in again.values())


def test_a_session_that_comes_back_is_kept(db: Session) -> None:
    """The cutoff is checked again when the batch is deleted (the session may have come back
    while Rasa's trackers were deleted)."""
    sid = "c" * 32
    add_session(db, sid, seen=100)
    db.commit()
    session = db.get(ChatSession, sid)
    assert session is not None
    session.last_seen_at = NOW
    db.commit()
    assert retention._delete_sessions(db, [sid], ago(90)).sessions == 0
    assert db.get(ChatSession, sid) is not None


def test_an_unreachable_tracker_store_keeps_the_sessions(db: Session) -> None:
    add_session(db, "t" * 32, seen=100)
    db.commit()
    unreachable = TrackerStore("postgresql://rasa:x@127.0.0.1:1/rasa")  # nothing listens on 1
    with pytest.raises(retention.TrackerPurgeFailed):
        retention.purge(db=db, trackers=unreachable, now=NOW, salt=SALT)
    unreachable.close()
    assert db.get(ChatSession, "t" * 32) is not None  # purged on the next run


def test_retention_is_a_staff_setting(client: TestClient, staff_key: str) -> None:
    headers = {"X-API-Key": staff_key}
    settings = client.get("/api/v1/staff/settings", headers=headers).json()
    assert settings["retention_days"] == 90
    body = {k: v for k, v in settings.items() if k != "id"}
    assert (
        client.put(
            "/api/v1/staff/settings", headers=headers, json={**body, "retention_days": 30}
        ).json()["retention_days"]
        == 30
    )
    del body["retention_days"]  # omitted: kept as it is (the older staff page sends none)
    assert (
        client.put("/api/v1/staff/settings", headers=headers, json=body).json()["retention_days"]
        == 30
    )
    for bad in (0, 3651, "30", 1.5):
        response = client.put(
            "/api/v1/staff/settings", headers=headers, json={**body, "retention_days": bad}
        )
        assert response.status_code == 422, bad


def test_audit_entries_are_purged_after_their_period(db: Session, staff_key: str) -> None:
    key = db.scalars(select(ApiKey)).first()
    assert key is not None
    db.add(
        StaffAuditEntry(
            office_id="demo",
            api_key_id=key.id,
            api_key_label="a",
            action="handoffs.list",
            detail={},
            created_at=ago(400),
        )
    )
    audit.record(db=db, key=key, action="handoffs.list", detail={"ids": [1]})
    assert audit.purge(db=db, before=ago(365)) == 1
    assert count(db, StaffAuditEntry) == 1


# --- the admin commands on real files -----------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    api_db = f"sqlite:///{tmp_path / 'api.sqlite'}"
    migrate(api_db)
    monkeypatch.setenv("API_DATABASE_URL", api_db)
    monkeypatch.setenv("RASA_TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'trackers.sqlite'}")
    get_settings.cache_clear()
    engine = make_engine(api_db)
    yield engine
    engine.dispose()
    get_settings.cache_clear()


def test_cli_offices_and_keys(files: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        cli.main(
            [
                "create-office",
                "midori",
                "みどり",
                "--origin",
                "https://Example.jp/",
                "--contact",
                "電話 000-0000-0000",
            ]
        )
        == 0
    )
    assert "created office midori" in capsys.readouterr().out
    assert cli.main(["create-office", "midori", "again"]) == 1  # exists
    assert cli.main(["create-office", "Bad Id", "x"]) == 1
    assert cli.main(["create-office", "x2", "x", "--origin", "javascript:x"]) == 1
    assert cli.main(["create-office", "x3", "名前\u202e"]) == 1
    capsys.readouterr()
    assert cli.main(["create-key", "midori", "受付", "の", "PC"]) == 0
    key = capsys.readouterr().out.strip()
    assert key.startswith("stf_")
    assert cli.main(["create-key", "nope"]) == 1
    assert cli.main(["list-keys", "midori"]) == 0
    listing = capsys.readouterr().out
    assert "受付 の PC" in listing and key not in listing
    key_id = int(listing.splitlines()[1].split("\t")[0])
    with Session(files) as db:
        office = db.get(Office, "midori")
        assert office is not None and office.allowed_origins == ["https://example.jp"]
        assert office.retention_days == 90

    app_settings = {"API_DATABASE_URL": str(files.url), "PUBLIC_BASE_URL": "http://api.test"}
    from api.config import Settings
    from api.main import create_app

    app = create_app(Settings(**app_settings))

    def status(k: str) -> int:
        with TestClient(app, base_url="http://api.test") as c:
            return c.get("/api/v1/staff/settings", headers={"X-API-Key": k}).status_code

    assert status(key) == 200
    assert cli.main(["rotate-key", str(key_id)]) == 0
    new_key = capsys.readouterr().out.strip()
    assert status(key) == 401 and status(new_key) == 200
    assert cli.main(["rotate-key", str(key_id)]) == 1  # revoked already
    assert cli.main(["list-keys"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()[1:]]
    assert [(r[1], r[2], r[4] != "-") for r in rows if r[1] == "midori"] == [
        ("midori", "受付 の PC", True),
        ("midori", "受付 の PC", False),
    ]
    new_id = int(rows[-1][0]) if rows[-1][1] == "midori" else int(rows[-2][0])
    assert cli.main(["revoke-key", str(new_id)]) == 0
    assert status(new_key) == 401
    assert cli.main(["revoke-key", str(new_id)]) == 1
    assert cli.main(["revoke-key", "999"]) == 1
    assert cli.main(["revoke-key", "x"]) == 2
    app.state.engine.dispose()


def test_cli_purge(files: Any, capsys: pytest.CaptureFixture[str]) -> None:
    with Session(files) as db:
        db.add(
            ChatSession(
                id="p" * 32,
                office_id="demo",
                last_seen_at=datetime.now(timezone.utc) - timedelta(days=200),
            )
        )
        db.commit()
    assert cli.main(["purge"]) == 0
    out = capsys.readouterr().out
    assert "office demo: sessions 1," in out and "audit log entries 0" in out
    with Session(files) as db:
        assert count(db, ChatSession) == 0
