"""Several LINE users at once, on real connections and threads (as tests/api/test_turns.py): no
lost turn, no reply twice, a redelivery racing its original answered once."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from conftest import FakeRasa, migrate
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient
from line_standin import ACCESS_TOKEN, CHANNEL_SECRET, LINE_BASE, FakeLine, body_of, event, sign
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from test_turns import live_url  # noqa: F401  (the fixture: a fresh SQLite file or PG schema)

from api.config import Settings
from api.db import make_engine
from api.main import create_app
from api.models import ChatMessage, LineUser, LineWebhookEvent
from api.services.line import channels
from api.services.line.vault import Vault
from api.services.offices import get_office

LINE_KEY = Fernet.generate_key().decode()


@dataclass
class LiveLine:
    client: TestClient
    engine: Engine
    rasa: FakeRasa
    line: FakeLine

    def post(self, *events: dict[str, object]) -> int:
        body = body_of(*events)
        headers = {"Content-Type": "application/json", "X-Line-Signature": sign(body)}
        return self.client.post("/line/demo/webhook", content=body, headers=headers).status_code


@pytest.fixture
def live(live_url: str) -> Iterator[LiveLine]:  # noqa: F811
    migrate(live_url)
    engine = make_engine(live_url)
    with Session(engine) as db:
        channels.connect(
            db=db,
            office=get_office(db=db, office_id="demo"),
            vault=Vault(LINE_KEY),
            channel_secret=CHANNEL_SECRET,
            access_token=ACCESS_TOKEN,
        )
    rasa, line = FakeRasa(), FakeLine()
    settings = Settings(
        API_DATABASE_URL=live_url,
        RASA_URL="http://rasa.test",
        RASA_TRACKER_STORE_URL="",
        LINE_SECRETS_KEY=LINE_KEY,
        LINE_API_BASE_URL=LINE_BASE,
    )
    app = create_app(
        settings,
        rasa_transport=httpx.MockTransport(rasa.handler),
        line_transport=httpx.MockTransport(line.handler),
    )
    with TestClient(app, base_url="http://api.test", raise_server_exceptions=False) as client:
        yield LiveLine(client=client, engine=engine, rasa=rasa, line=line)
    engine.dispose()


def test_eight_line_users_of_four_messages_at_once(live: LiveLine) -> None:
    def conversation(n: int) -> list[int]:
        user = f"U{n:032x}"
        statuses = [live.post(event("follow", event_id=f"F{n}", user=user))]
        for turn in range(4):
            text = f"u{n} t{turn}"
            statuses.append(
                live.post(event("message", event_id=f"M{n}-{turn}", user=user, text=text))
            )
        return statuses

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(conversation, range(8)))
    assert results == [[200] * 5] * 8
    assert len(live.rasa.received) == 32
    assert len(live.line.replies) == 40
    for n in range(8):
        for turn in range(4):
            [message] = live.line.reply_to(f"reply-M{n}-{turn}")
            assert message["text"] == f"echo: u{n} t{turn}"
    with Session(live.engine) as db:
        assert len(list(db.scalars(select(LineUser)))) == 8
        for line_user in db.scalars(select(LineUser)):
            rows = db.scalars(
                select(ChatMessage)
                .where(ChatMessage.session_id == line_user.session_id)
                .order_by(ChatMessage.id)
            )
            texts = [r.data["text"] for r in rows]
            assert len(texts) == 9  # the greeting, then 4 turns of 2
            n = int(texts[1].split()[0][1:])
            assert texts[1:] == [x for t in range(4) for x in (f"u{n} t{t}", f"echo: u{n} t{t}")]


def test_a_redelivery_racing_its_original_is_answered_once(live: LiveLine) -> None:
    same = event("message", event_id="01HRACE", text="こんにちは")
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda _: live.post(same), range(4)))
    assert statuses == [200] * 4
    assert len(live.line.replies) == 1 and len(live.rasa.received) == 1
    with Session(live.engine) as db:
        assert len(list(db.scalars(select(LineWebhookEvent)))) == 1
