"""The LINE channel (issue 12): signed webhooks, one reply per event, the stand-in LINE API.

Every test posts a signed webhook body to the app and reads what the local LINE stand-in
(tests/api/line_standin.py) received. The work after the 200 runs on the test's database
(FastAPI's TestClient runs background tasks before `post` returns).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from typing import Any

import httpx
import pytest
from conftest import TEST_SETTINGS, FakeRasa, rasa_output, row_counts
from cryptography.fernet import Fernet
from fastapi import FastAPI
from fastapi.testclient import TestClient
from line_standin import (
    ACCESS_TOKEN,
    CHANNEL_SECRET,
    LINE_BASE,
    FakeLine,
    body_of,
    event,
    sign,
)
from rasa_replies import count
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.config import Settings
from api.db import get_db
from api.main import create_app
from api.models import ChatMessage, ChatSession, LineChannel, LineUser, LineWebhookEvent
from api.routes.line import background_db
from api.routes.sessions import get_trackers
from api.services.line import channels, texts
from api.services.line.vault import Vault
from api.services.offices import get_office
from bot import protocol

LINE_KEY = Fernet.generate_key().decode()
WEBHOOK = "/line/demo/webhook"
USER = "U0123456789abcdef0123456789abcdef"


@pytest.fixture
def fake_line() -> FakeLine:
    return FakeLine()


def line_app(db: Session, fake_rasa: FakeRasa, fake_line: FakeLine, **overrides: Any) -> FastAPI:
    settings = Settings(
        **{
            **TEST_SETTINGS,
            "LINE_SECRETS_KEY": LINE_KEY,
            "LINE_API_BASE_URL": LINE_BASE,
            **overrides,
        }
    )
    application = create_app(
        settings,
        rasa_transport=httpx.MockTransport(fake_rasa.handler),
        line_transport=httpx.MockTransport(fake_line.handler),
    )

    def same_db() -> Iterator[Session]:
        yield db

    application.dependency_overrides[get_db] = same_db
    application.dependency_overrides[background_db] = lambda: lambda: nullcontext(db)
    application.dependency_overrides[get_trackers] = lambda: None
    return application


@pytest.fixture
def line(db: Session, fake_rasa: FakeRasa, fake_line: FakeLine) -> Iterator[TestClient]:
    with TestClient(line_app(db, fake_rasa, fake_line), base_url="http://api.test") as c:
        yield c


@pytest.fixture
def connected(db: Session) -> None:
    office = get_office(db=db, office_id="demo")
    channels.connect(
        db=db,
        office=office,
        vault=Vault(LINE_KEY),
        channel_secret=CHANNEL_SECRET,
        access_token=ACCESS_TOKEN,
    )


def post(
    client: TestClient, *events: dict[str, Any], path: str = WEBHOOK, signature: str | None = None
) -> httpx.Response:
    body = body_of(*events)
    headers = {"Content-Type": "application/json; charset=utf-8"}
    headers["X-Line-Signature"] = sign(body) if signature is None else signature
    return client.post(path, content=body, headers=headers)


def session_of(db: Session, user: str = USER) -> str:
    sessions = list(db.scalars(select(LineUser.session_id)))
    assert len(sessions) == 1, sessions
    return sessions[0]


def history(db: Session, session_id: str) -> list[tuple[str, str]]:
    rows = db.scalars(
        select(ChatMessage).where(ChatMessage.session_id == session_id).order_by(ChatMessage.id)
    )
    return [(r.role, r.data["text"]) for r in rows]


# --- text, postback, follow, unfollow ----------------------------------------------------------


@pytest.mark.usefixtures("connected")
def test_a_text_message_is_a_chat_turn_answered_with_the_reply_token(
    line: TestClient, db: Session, fake_rasa: FakeRasa, fake_line: FakeLine
) -> None:
    fake_rasa.replies["費用はいくらですか"] = rasa_output("utter_faq_cost")
    response = post(line, event("message", event_id="E1", text="費用はいくらですか"))
    assert response.status_code == 200, response.text

    [sent] = fake_rasa.received
    assert USER not in sent["sender"] and sent["sender"].startswith("web-")
    assert sent["metadata"] == {"channel": "line", "ask_disability": False}
    messages = fake_line.reply_to("reply-E1")
    assert fake_line.tokens == [f"Bearer {ACCESS_TOKEN}"]
    assert 1 <= len(messages) <= 5 and all(m["type"] == "text" for m in messages)
    assert "".join(m["text"] for m in messages).count("利用") >= 1
    sid = session_of(db)
    assert history(db, sid)[0] == ("user", "費用はいくらですか")
    assert [role for role, _ in history(db, sid)][1:] == ["bot"] * (len(history(db, sid)) - 1)


@pytest.mark.usefixtures("connected")
def test_buttons_become_quick_replies_whose_postback_is_the_payload(
    line: TestClient, db: Session, fake_rasa: FakeRasa, fake_line: FakeLine
) -> None:
    buttons = [
        {"title": f"とても長いボタンの題名です番号{i}（くわしく）", "payload": f"/b{i}"}
        for i in range(15)
    ]
    fake_rasa.replies["メニュー"] = [
        {"recipient_id": "x", "text": "選んでください。", "buttons": buttons}
    ]
    post(line, event("message", event_id="E1", text="メニュー"))
    [message] = fake_line.reply_to("reply-E1")
    items = message["quickReply"]["items"]
    assert len(items) == 13
    assert [i["action"]["data"] for i in items] == [f"/b{i}" for i in range(13)]
    assert all(len(i["action"]["label"]) <= 20 for i in items)
    assert (
        items[0]["action"]["label"] == "とても長いボタンの題名です番号0"
    )  # the bracket goes first
    assert items[0]["action"]["displayText"] == buttons[0]["title"]

    # Pressing one: the postback data goes to Rasa as the payload; the history shows the title.
    post(line, event("postback", event_id="E2", postback="/b3"))
    assert fake_rasa.received[-1]["message"] == "/b3"
    assert history(db, session_of(db))[2] == ("user", buttons[3]["title"])
    assert fake_line.reply_to("reply-E2")[0]["text"] == "echo: /b3"


@pytest.mark.usefixtures("connected")
def test_an_unknown_postback_gets_a_kind_reply_and_reaches_nobody(
    line: TestClient, db: Session, fake_rasa: FakeRasa, fake_line: FakeLine
) -> None:
    post(line, event("postback", event_id="E1", postback="action=buy&item=1"))
    assert fake_line.reply_to("reply-E1")[0]["text"] == texts.BAD_BUTTON_TEXT
    assert fake_rasa.received == [] and count(db, ChatMessage) == 0


@pytest.mark.usefixtures("connected")
def test_follow_greets_says_what_is_kept_and_offers_easy_japanese(
    line: TestClient, db: Session, fake_rasa: FakeRasa, fake_line: FakeLine
) -> None:
    post(line, event("follow", event_id="E1"))
    [message] = fake_line.reply_to("reply-E1")
    assert "チャットボット" in message["text"] and "90日" in message["text"]
    assert "ブロックすると、会話の記録を消します。" in message["text"]
    [item] = message["quickReply"]["items"]
    assert item["action"]["data"] == texts.EASY_ON
    assert fake_rasa.received == []
    assert history(db, session_of(db)) == [("bot", message["text"])]


@pytest.mark.usefixtures("connected")
def test_easy_japanese_is_a_per_user_setting(
    line: TestClient, db: Session, fake_rasa: FakeRasa, fake_line: FakeLine
) -> None:
    fake_rasa.replies["費用"] = [
        {"recipient_id": "x", "text": "利用者負担は、前の年の所得で決まります。"},
        {
            "recipient_id": "x",
            "custom": {protocol.EASY_JA: "おかねは、しゅうにゅうで きまります。"},
        },
    ]
    post(line, event("postback", event_id="E1", postback=texts.EASY_ON))
    assert fake_line.reply_to("reply-E1")[0]["text"] == texts.EASY_ON_TEXT
    post(line, event("message", event_id="E2", text="費用"))
    assert fake_line.reply_to("reply-E2")[0]["text"] == "おかねは、しゅうにゅうで きまります。"
    # Another LINE user still gets the ordinary text.
    post(line, event("message", event_id="E3", text="費用", user="Uother"))
    assert fake_line.reply_to("reply-E3")[0]["text"] == "利用者負担は、前の年の所得で決まります。"
    # Typed, back to ordinary Japanese.
    post(line, event("message", event_id="E4", text="ふつうの日本語"))
    post(line, event("message", event_id="E5", text="費用"))
    assert fake_line.reply_to("reply-E5")[0]["text"] == "利用者負担は、前の年の所得で決まります。"


@pytest.mark.usefixtures("connected")
def test_unfollow_deletes_the_conversation(
    line: TestClient, db: Session, fake_line: FakeLine
) -> None:
    post(line, event("message", event_id="E1", text="こんにちは"))
    sid = session_of(db)
    assert count(db, ChatMessage) == 2
    assert post(line, event("unfollow", event_id="E2")).status_code == 200
    assert db.get(ChatSession, sid) is None
    assert count(db, LineUser) == 0 and count(db, ChatMessage) == 0
    assert len(fake_line.replies) == 1  # nothing is sent to someone who blocked the account
    # Coming back starts afresh.
    post(line, event("follow", event_id="E3"))
    assert session_of(db) != sid


@pytest.mark.usefixtures("connected")
def test_stickers_and_group_events_are_handled_kindly(
    line: TestClient, db: Session, fake_rasa: FakeRasa, fake_line: FakeLine
) -> None:
    post(line, event("message", event_id="E1", message_type="sticker"))
    assert fake_line.reply_to("reply-E1")[0]["text"] == texts.NOT_TEXT_TEXT
    group = event("message", event_id="E2", text="こんにちは")
    group["source"] = {"type": "group", "groupId": "G1", "userId": USER}
    assert post(line, group).status_code == 200
    assert fake_rasa.received == [] and len(fake_line.replies) == 1


# --- refused webhooks: nothing stored -----------------------------------------------------------


@pytest.mark.usefixtures("connected")
@pytest.mark.parametrize("signature", ["", "AAAA", sign(b"another body"), sign(b"x", "wrong")])
def test_a_bad_or_missing_signature_is_401_and_stores_nothing(
    line: TestClient, db: Session, fake_rasa: FakeRasa, fake_line: FakeLine, signature: str
) -> None:
    before = row_counts(db)
    response = post(line, event("message", event_id="E1", text="費用"), signature=signature)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_signature"
    assert row_counts(db) == before
    assert fake_rasa.received == [] and fake_line.replies == []


@pytest.mark.usefixtures("connected")
def test_no_signature_header_is_401(line: TestClient, db: Session) -> None:
    body = body_of(event("follow", event_id="E1"))
    response = line.post(WEBHOOK, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 401 and count(db, LineWebhookEvent) == 0


@pytest.mark.usefixtures("connected")
def test_a_replayed_event_gets_one_reply(
    line: TestClient, db: Session, fake_rasa: FakeRasa, fake_line: FakeLine
) -> None:
    first = event("message", event_id="01HREPLAY", text="こんにちは")
    assert post(line, first).status_code == 200
    again = {**first, "deliveryContext": {"isRedelivery": True}}
    assert post(line, again).status_code == 200
    assert post(line, first, first).status_code == 200  # the same event twice in one body
    assert len(fake_line.replies) == 1 and len(fake_rasa.received) == 1
    assert count(db, LineWebhookEvent) == 1 and count(db, ChatMessage) == 2


def test_an_unknown_office_or_one_without_line_is_404(
    line: TestClient, db: Session, fake_line: FakeLine
) -> None:
    response = post(line, event("follow", event_id="E1"), path="/line/nowhere/webhook")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "office_not_found"
    response = post(line, event("follow", event_id="E1"))  # demo, not connected
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "line_not_connected"
    assert count(db, LineWebhookEvent) == 0 and fake_line.replies == []


@pytest.mark.usefixtures("connected")
def test_without_the_secrets_key_no_office_has_line(
    db: Session, fake_rasa: FakeRasa, fake_line: FakeLine
) -> None:
    app = line_app(db, fake_rasa, fake_line, LINE_SECRETS_KEY="")
    with TestClient(app, base_url="http://api.test") as client:
        response = post(client, event("follow", event_id="E1"))
    assert response.status_code == 404 and count(db, LineWebhookEvent) == 0


@pytest.mark.usefixtures("connected")
def test_the_console_verify_call_without_events_is_200(line: TestClient) -> None:
    assert post(line).status_code == 200


# --- bad messages: a kind reply, nothing broken ---------------------------------------------------


@pytest.mark.usefixtures("connected")
@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("あ" * 5000, texts.TOO_LONG_TEXT.format(max_chars=1000)),
        ("費用\x00は", texts.BAD_CHARACTERS_TEXT),
        ("費用\x1b[31m", texts.BAD_CHARACTERS_TEXT),
        ("費用\u202eは", texts.BAD_CHARACTERS_TEXT),
        ("   ", texts.EMPTY_TEXT),
    ],
)
def test_a_message_too_long_or_with_controls_gets_a_kind_reply(
    line: TestClient,
    db: Session,
    fake_rasa: FakeRasa,
    fake_line: FakeLine,
    text: str,
    reply: str,
) -> None:
    assert post(line, event("message", event_id="E1", text=text)).status_code == 200
    assert fake_line.reply_to("reply-E1") == [{"type": "text", "text": reply}]
    assert fake_rasa.received == [] and count(db, ChatMessage) == 0
    # Nothing broken: the next message is an ordinary turn.
    post(line, event("message", event_id="E2", text="こんにちは"))
    assert fake_line.reply_to("reply-E2")[0]["text"] == "echo: こんにちは"


@pytest.mark.usefixtures("connected")
def test_rasa_down_gets_a_kind_reply_with_the_contact(
    line: TestClient, db: Session, fake_rasa: FakeRasa, fake_line: FakeLine
) -> None:
    office = get_office(db=db, office_id="demo")
    office.contact_text = "電話 000-0000-0000"
    db.commit()
    fake_rasa.down = True
    post(line, event("message", event_id="E1", text="費用"))
    [message] = fake_line.reply_to("reply-E1")
    assert message["text"].startswith(texts.BOT_DOWN_TEXT) and "000-0000-0000" in message["text"]
    assert history(db, session_of(db)) == [("user", "費用")]  # the user's message is kept


@pytest.mark.usefixtures("connected")
def test_a_refused_reply_is_logged_and_the_turn_is_kept(
    line: TestClient, db: Session, fake_line: FakeLine, caplog: pytest.LogCaptureFixture
) -> None:
    fake_line.status = 400
    assert post(line, event("message", event_id="E1", text="こんにちは")).status_code == 200
    assert history(db, session_of(db)) == [("user", "こんにちは"), ("bot", "echo: こんにちは")]
    assert "reply refused: 400" in caplog.text
    assert ACCESS_TOKEN not in caplog.text and "reply-E1" not in caplog.text
    assert fake_line.pushes == []  # no push fallback (docs/line.md)


# --- staff: connect, disconnect ---------------------------------------------------------------


def test_staff_connect_and_disconnect(line: TestClient, db: Session, staff_key: str) -> None:
    headers = {"X-API-Key": staff_key}
    assert line.get("/api/v1/staff/line", headers=headers).json()["connected"] is False
    body = {"channel_secret": CHANNEL_SECRET, "access_token": ACCESS_TOKEN}
    response = line.put("/api/v1/staff/line", headers=headers, json=body)
    assert response.status_code == 200, response.text
    out = response.json()
    assert out["connected"] is True and out["ask_disability"] is False
    assert out["webhook_url"] == "http://api.test/line/demo/webhook"
    assert CHANNEL_SECRET not in response.text and ACCESS_TOKEN not in response.text
    channel = db.get(LineChannel, "demo")
    assert channel is not None
    assert CHANNEL_SECRET not in channel.channel_secret_encrypted
    assert ACCESS_TOKEN not in channel.access_token_encrypted
    assert Vault(LINE_KEY).open(channel.access_token_encrypted) == ACCESS_TOKEN
    assert post(line, event("follow", event_id="E1")).status_code == 200

    body["ask_disability"] = "yes"  # a string is not a boolean
    assert line.put("/api/v1/staff/line", headers=headers, json=body).status_code == 422
    assert line.put("/api/v1/staff/line", json=body).status_code == 401

    assert line.delete("/api/v1/staff/line", headers=headers).status_code == 204
    assert db.get(LineChannel, "demo") is None
    assert post(line, event("follow", event_id="E2")).status_code == 404
    response = line.delete("/api/v1/staff/line", headers=headers)
    assert response.json()["error"]["code"] == "line_not_connected"


@pytest.mark.usefixtures("connected")
def test_the_office_can_ask_the_disability_question_on_line(
    line: TestClient, db: Session, staff_key: str, fake_rasa: FakeRasa
) -> None:
    body = {"channel_secret": CHANNEL_SECRET, "access_token": ACCESS_TOKEN, "ask_disability": True}
    line.put("/api/v1/staff/line", headers={"X-API-Key": staff_key}, json=body)
    post(line, event("message", event_id="E1", text="マップを作りたい"))
    assert fake_rasa.received[-1]["metadata"][protocol.METADATA_ASK_DISABILITY] is True


def test_connecting_without_the_secrets_key_is_503(
    db: Session, fake_rasa: FakeRasa, fake_line: FakeLine, staff_key: str
) -> None:
    app = line_app(db, fake_rasa, fake_line, LINE_SECRETS_KEY="")
    body = {"channel_secret": CHANNEL_SECRET, "access_token": ACCESS_TOKEN}
    with TestClient(app, base_url="http://api.test") as client:
        response = client.put("/api/v1/staff/line", headers={"X-API-Key": staff_key}, json=body)
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "line_unavailable"
    assert db.get(LineChannel, "demo") is None


@pytest.mark.usefixtures("connected")
def test_the_calendar_export_is_a_link_the_user_can_open(
    line: TestClient, fake_rasa: FakeRasa, fake_line: FakeLine
) -> None:
    fake_rasa.replies["日付"] = [
        {"recipient_id": "x", "text": "目安の日付です。"},
        {
            "recipient_id": "x",
            "custom": {"calendar": {"start": "2025-04-01", "variant": "standard"}},
        },
    ]
    post(line, event("message", event_id="E1", text="日付"))
    messages = fake_line.reply_to("reply-E1")
    assert [m["type"] for m in messages] == ["text", "text", "template"]
    [action] = messages[-1]["template"]["actions"]
    assert action["type"] == "uri"
    assert action["uri"] == (
        "http://api.test/api/v1/calendar.ics?start=2025-04-01&variant=standard"
    )


@pytest.mark.usefixtures("connected")
def test_asking_for_a_person_gives_the_offices_contact(
    line: TestClient, db: Session, fake_rasa: FakeRasa, fake_line: FakeLine
) -> None:
    office = get_office(db=db, office_id="demo")
    office.contact_text = "電話 000-0000-0000（平日 9時〜17時）"
    db.commit()
    post(line, event("message", event_id="E1", text="人と話したい"))
    [message] = fake_line.reply_to("reply-E1")
    assert "000-0000-0000" in message["text"] and fake_rasa.received == []
