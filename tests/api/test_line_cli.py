"""The LINE admin commands (api/cli.py) on real files: line-key, line-connect, line-disconnect,
and purge dropping old webhook event ids."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from cryptography.fernet import Fernet
from line_standin import ACCESS_TOKEN, CHANNEL_SECRET
from sqlalchemy import select
from sqlalchemy.orm import Session
from test_retention import files  # noqa: F401  (the fixture: migrated SQLite files, env set)

from api import cli
from api.config import get_settings
from api.models import LineChannel, LineWebhookEvent, utcnow
from api.services.line.vault import Vault


def test_line_key_prints_a_fernet_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["line-key"]) == 0
    Fernet(capsys.readouterr().out.strip().encode())  # raises if it is not a key


def test_connect_and_disconnect_from_the_command_line(
    files: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("LINE_SECRETS_KEY", raising=False)
    get_settings.cache_clear()
    assert cli.main(["line-connect", "demo"]) == 1  # no LINE_SECRETS_KEY yet
    assert "LINE_SECRETS_KEY" in capsys.readouterr().err
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("LINE_SECRETS_KEY", key)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://chat.example.jp")
    monkeypatch.setenv("LINE_CHANNEL_SECRET", CHANNEL_SECRET)
    monkeypatch.setenv("LINE_ACCESS_TOKEN", ACCESS_TOKEN)
    get_settings.cache_clear()
    assert cli.main(["line-connect", "nowhere"]) == 1
    assert cli.main(["line-connect", "demo", "--ask-disability"]) == 0
    out = capsys.readouterr().out
    assert "https://chat.example.jp/line/demo/webhook" in out
    assert CHANNEL_SECRET not in out and ACCESS_TOKEN not in out
    with Session(files) as db:
        channel = db.get(LineChannel, "demo")
        assert channel is not None and channel.ask_disability is True
        assert Vault(key).open(channel.channel_secret_encrypted) == CHANNEL_SECRET
        db.add(LineWebhookEvent(office_id="demo", webhook_event_id="old", event_type="follow"))
        db.add(LineWebhookEvent(office_id="demo", webhook_event_id="new", event_type="follow"))
        db.commit()
        old = db.scalar(select(LineWebhookEvent).where(LineWebhookEvent.webhook_event_id == "old"))
        assert old is not None
        old.received_at = utcnow() - timedelta(days=8)
        db.commit()

    assert cli.main(["purge"]) == 0
    assert "seen LINE events 1" in capsys.readouterr().out
    with Session(files) as db:
        assert list(db.scalars(select(LineWebhookEvent.webhook_event_id))) == ["new"]

    assert cli.main(["line-disconnect", "demo"]) == 0
    assert cli.main(["line-disconnect", "demo"]) == 1
    with Session(files) as db:
        assert db.get(LineChannel, "demo") is None
        assert list(db.scalars(select(LineWebhookEvent))) == []
