"""POST /api/v1/chat, history, widget config, handoff: happy paths and every error code."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Chat, FakeRasa, rasa_output
from fastapi.testclient import TestClient

from api.services.chat import sender_for
from api.services.relay import unanswered_reason
from bot.protocol import UNANSWERED, UNANSWERED_REASONS

GREET = [
    {
        "recipient_id": "x",
        "text": "こんにちは。知りたいことを選んでください。",
        "buttons": [
            {"title": "費用", "payload": "/faq_cost"},
            {"title": "使える期間", "payload": "/faq_duration"},
        ],
    }
]


def error_code(response: Any) -> str:
    return str(response.json()["error"]["code"])


def test_first_message_creates_a_session_and_returns_ruby(chat: Chat, fake_rasa: FakeRasa) -> None:
    fake_rasa.replies["こんにちは"] = GREET
    response = chat(message="こんにちは")
    assert response.status_code == 200
    body = response.json()
    assert len(body["session_id"]) >= 32
    [message] = body["messages"]
    assert message["text"] == GREET[0]["text"]
    assert message["buttons"] == GREET[0]["buttons"]
    assert ["知", "し"] in message["ruby"] and ["選", "えら"] in message["ruby"]
    assert "ruby_html" not in message  # the widget builds ruby from the segments
    assert "".join(base for base, _ in message["ruby"]) == message["text"]
    # The Rasa sender is derived from the session, never the session id itself.
    [sent] = fake_rasa.received
    assert sent["sender"] != body["session_id"] and sent["sender"].startswith("web-")


def test_sessions_are_unguessable_and_resumable(chat: Chat, fake_rasa: FakeRasa) -> None:
    first = chat(message="はじめまして").json()["session_id"]
    other = chat(message="はじめまして").json()["session_id"]
    assert first != other
    again = chat(message="つづき", session_id=first)
    assert again.status_code == 200 and again.json()["session_id"] == first
    senders = [r["sender"] for r in fake_rasa.received]
    assert senders[0] == senders[2] != senders[1]
    assert senders[0] == sender_for(session_id=first, salt="teichaku-guide")


def test_button_payload_and_history(chat: Chat, client: TestClient, fake_rasa: FakeRasa) -> None:
    fake_rasa.replies["こんにちは"] = GREET
    fake_rasa.replies["/faq_cost"] = [{"recipient_id": "x", "text": "利用料は1割です。"}]
    sid = chat(message="こんにちは").json()["session_id"]
    response = chat(session_id=sid, payload="/faq_cost")
    assert response.status_code == 200
    history = client.get(f"/api/v1/sessions/{sid}/messages", params={"office_id": "demo"})
    assert history.status_code == 200
    roles_texts = [(m["role"], m["text"]) for m in history.json()["messages"]]
    assert roles_texts == [
        ("user", "こんにちは"),
        ("bot", GREET[0]["text"]),
        ("user", "費用"),  # the pressed button's title, not its payload
        ("bot", "利用料は1割です。"),
    ]
    assert history.json()["messages"][1]["buttons"][0]["payload"] == "/faq_cost"


def test_easy_japanese_custom_message_merges_into_previous_text(
    chat: Chat, fake_rasa: FakeRasa
) -> None:
    fake_rasa.replies["期間"] = [
        {"recipient_id": "x", "text": "利用できる期間は最長3年です。"},
        {"recipient_id": "x", "custom": {"easy_ja": "つかえるのは、いちばん長くて3年です。"}},
    ]
    [message] = chat(message="期間").json()["messages"]
    assert message["easy_text"] == "つかえるのは、いちばん長くて3年です。"
    assert ["長", "なが"] in message["easy_ruby"]


def test_calendar_custom_message_becomes_an_ics_link(chat: Chat, fake_rasa: FakeRasa) -> None:
    fake_rasa.replies["日付"] = [
        {"recipient_id": "x", "text": "目安の日付です。"},
        {
            "recipient_id": "x",
            "custom": {"calendar": {"start": "2024-04-01", "variant": "standard"}},
        },
        {"recipient_id": "x", "custom": {"calendar": {"start": "not-a-date"}}},
    ]
    messages = chat(message="日付").json()["messages"]
    assert len(messages) == 2
    [link] = messages[1]["links"]
    assert link["url"] == "http://api.test/api/v1/calendar.ics?start=2024-04-01&variant=standard"


def test_links_only_with_safe_schemes(chat: Chat, fake_rasa: FakeRasa) -> None:
    fake_rasa.replies["リンク"] = [
        {"recipient_id": "x", "text": "<script>alert(1)</script>"},
        {
            "recipient_id": "x",
            "custom": {
                "links": [
                    {"title": "ok", "url": "https://example.org/a"},
                    {"title": "tel", "url": "tel:0000000000"},
                    {"title": "bad", "url": "javascript:alert(1)"},
                    {"title": "data", "url": "data:text/html,<b>x</b>"},
                ]
            },
        },
    ]
    [message] = chat(message="リンク").json()["messages"]
    assert [link["title"] for link in message["links"]] == ["ok", "tel"]
    assert "ruby_html" not in message


def test_markup_in_bot_text_stays_plain_text_in_ruby(chat: Chat, fake_rasa: FakeRasa) -> None:
    """The API never sends HTML: markup is a plain segment, and readings are only kana."""
    text = '<script>alert("支援")</script><b onclick=x>利用</b>&amp;'
    fake_rasa.replies["タグ"] = [{"recipient_id": "x", "text": text}]
    [message] = chat(message="タグ").json()["messages"]
    assert message["text"] == text
    assert "".join(base for base, _ in message["ruby"]) == text
    readings = [reading for _, reading in message["ruby"] if reading is not None]
    assert readings == ["しえん", "りよう"]
    assert not any(set(base) & set("<>&") for base, reading in message["ruby"] if reading)


def test_fallback_answers_are_logged_as_unanswered(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa, staff_key: str
) -> None:
    fake_rasa.replies["ぴよぴよ"] = rasa_output("utter_default")
    fake_rasa.replies["天気は？"] = rasa_output("utter_out_of_scope")
    fake_rasa.replies["/nlu_fallback"] = rasa_output("utter_default")
    [shown] = chat(message="ぴよぴよ").json()["messages"]
    assert shown["text"].startswith("ごめんなさい") and shown["buttons"]  # the marker is not shown
    chat(message="ふつうの質問")
    chat(message="天気は？")
    chat(payload="/nlu_fallback")  # a button is not a question of the user
    rows = client.get("/api/v1/staff/unanswered", headers={"X-API-Key": staff_key}).json()
    assert [(r["text"], r["reason"]) for r in rows] == [
        ("天気は？", "out_of_scope"),
        ("ぴよぴよ", "fallback"),
    ]


def test_the_fake_rasa_sends_the_fallback_marker_as_domain_yml_says() -> None:
    """The fallback responses carry the bot.protocol marker, as a message after the text."""
    for response, reason in (("utter_default", "fallback"), ("utter_out_of_scope", "out_of_scope")):
        text, marker = rasa_output(response)
        assert text["text"] and text["buttons"]
        assert marker["custom"] == {UNANSWERED: reason} and reason in UNANSWERED_REASONS


@pytest.mark.parametrize(
    ("custom", "reason"),
    [
        ([{UNANSWERED: "fallback"}], "fallback"),
        ([{UNANSWERED: "fallback"}, {UNANSWERED: "out_of_scope"}], "out_of_scope"),
        ([{UNANSWERED: "something else"}], None),
        ([{"easy_ja": "やさしい"}], None),
        ([], None),
    ],
)
def test_unanswered_reason(custom: list[dict[str, Any]], reason: str | None) -> None:
    items = [{"text": "ごめんなさい。"}] + [{"custom": c} for c in custom]
    assert unanswered_reason(items) == reason


@pytest.mark.parametrize("text", ["人と話したい", "担当者と話したいです", "電話で相談したい"])
def test_handoff_phrase_shows_contact_without_calling_rasa(
    chat: Chat, fake_rasa: FakeRasa, text: str
) -> None:
    [message] = chat(message=text).json()["messages"]
    assert message["type"] == "handoff"
    assert "000-0000-0000" in message["text"]
    assert fake_rasa.received == []


def test_handoff_request_stores_only_what_is_shared(
    chat: Chat, client: TestClient, staff_key: str
) -> None:
    sid = chat(payload="/handoff").json()["session_id"]
    refused = client.post(
        "/api/v1/handoff", json={"office_id": "demo", "session_id": sid, "consent": False}
    )
    assert refused.status_code == 422 and error_code(refused) == "consent_required"
    accepted = client.post(
        "/api/v1/handoff",
        json={
            "office_id": "demo",
            "session_id": sid,
            "consent": True,
            "contact": " 090-0000-0000 ",
            "name": "",
            "share_transcript": True,
        },
    )
    assert accepted.status_code == 201
    assert "受け付けました" in accepted.json()["message"]["text"]
    [row] = client.get(
        "/api/v1/staff/handoffs", headers={"Authorization": f"Bearer {staff_key}"}
    ).json()
    assert row["contact"] == "090-0000-0000" and row["name"] is None and row["message"] is None
    assert row["transcript"][0]["text"] == "人と話したい"
    assert row["status"] == "new"
    url = f"/api/v1/staff/handoffs/{row['id']}/status"
    done = client.put(url, json={"status": "contacted"}, headers={"X-API-Key": staff_key})
    assert done.status_code == 204
    rows = client.get("/api/v1/staff/handoffs", headers={"X-API-Key": staff_key}).json()
    assert rows[0]["status"] == "contacted"
    bad = client.put(url, json={"status": "lost"}, headers={"X-API-Key": staff_key})
    assert bad.status_code == 422
    missing = client.put(
        "/api/v1/staff/handoffs/999999/status",
        json={"status": "closed"},
        headers={"X-API-Key": staff_key},
    )
    assert missing.status_code == 404


def test_widget_config(client: TestClient) -> None:
    response = client.get(
        "/api/v1/offices/demo/widget-config", headers={"Origin": "http://127.0.0.1:8000"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["display_name"].startswith("みどり") and body["message_max_chars"] == 1000
    assert response.headers["access-control-allow-origin"] == "http://127.0.0.1:8000"


# ------------------------------------------------------------------------------------ errors


def test_unknown_office(chat: Chat, client: TestClient) -> None:
    response = chat(office_id="nope", message="こんにちは")
    assert response.status_code == 404 and error_code(response) == "office_not_found"
    assert response.json()["error"]["message"].endswith("。")
    assert client.get("/api/v1/offices/nope/widget-config").status_code == 404


def test_origin_not_allowed(client: TestClient) -> None:
    headers = {"Origin": "https://evil.example"}
    response = client.post(
        "/api/v1/chat", json={"office_id": "demo", "message": "こんにちは"}, headers=headers
    )
    assert response.status_code == 403 and error_code(response) == "origin_not_allowed"
    assert client.get("/api/v1/offices/demo/widget-config", headers=headers).status_code == 403
    # Allowed origins, and the API's own origin (the /demo page), pass.
    for origin in ("http://localhost:8000", "http://api.test"):
        ok = client.post(
            "/api/v1/chat", json={"office_id": "demo", "message": "x"}, headers={"Origin": origin}
        )
        assert ok.status_code == 200


def test_cors_preflight(client: TestClient) -> None:
    ask = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    ok = client.options("/api/v1/chat", headers={**ask, "Origin": "http://localhost:8000"})
    assert (
        ok.status_code == 204
        and ok.headers["access-control-allow-origin"] == "http://localhost:8000"
    )
    bad = client.options("/api/v1/chat", headers={**ask, "Origin": "https://evil.example"})
    assert bad.status_code == 403 and "access-control-allow-origin" not in bad.headers


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"message": ""}, "message_empty"),
        ({"message": "   \n "}, "message_empty"),
        ({"message": "あ" * 1001}, "message_too_long"),
        ({}, "message_or_payload"),
        ({"message": "a", "payload": "/greet"}, "message_or_payload"),
        ({"payload": "not a payload"}, "invalid_payload"),
        ({"message": "a", "session_id": "short"}, "invalid_session_id"),
        (
            {"message": "a", "session_id": "../../etc/passwd-aaaaaaaaaaaaaaaaaaaa"},
            "invalid_session_id",
        ),
        ({"message": 5}, "invalid_request"),
    ],
)
def test_invalid_messages(chat: Chat, fake_rasa: FakeRasa, body: dict[str, Any], code: str) -> None:
    response = chat(**body)
    assert response.status_code == 422, response.text
    assert error_code(response) == code
    assert fake_rasa.received == []


def test_message_at_the_limit_is_accepted(chat: Chat) -> None:
    assert chat(message="あ" * 1000).status_code == 200


def test_unknown_session(chat: Chat, client: TestClient) -> None:
    missing = "A" * 32
    response = chat(message="a", session_id=missing)
    assert response.status_code == 404 and error_code(response) == "session_not_found"
    history = client.get(f"/api/v1/sessions/{missing}/messages", params={"office_id": "demo"})
    assert history.status_code == 404 and error_code(history) == "session_not_found"
    bad = client.get("/api/v1/sessions/bad!id/messages", params={"office_id": "demo"})
    assert bad.status_code == 422 and error_code(bad) == "invalid_session_id"


def test_bad_json(client: TestClient) -> None:
    for content in (b"{not json", b"[1, 2]", b'"text"'):
        response = client.post(
            "/api/v1/chat", content=content, headers={"Content-Type": "application/json"}
        )
        assert response.status_code in (400, 422), content
        assert error_code(response) in ("invalid_json", "invalid_request")
    response = client.post(
        "/api/v1/chat", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and error_code(response) == "invalid_json"


def test_rasa_down(chat: Chat, fake_rasa: FakeRasa) -> None:
    fake_rasa.down = True
    response = chat(message="こんにちは")
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "bot_unavailable" and "000-0000-0000" in error["contact"]


def test_rasa_down_keeps_an_existing_session(chat: Chat, fake_rasa: FakeRasa) -> None:
    sid = chat(message="こんにちは").json()["session_id"]
    fake_rasa.down = True
    assert chat(message="また", session_id=sid).status_code == 503
    fake_rasa.down = False
    assert chat(message="また", session_id=sid).json()["session_id"] == sid


def test_session_of_another_office_is_not_found(
    chat: Chat, client: TestClient, staff_key: str, db: Any
) -> None:
    from api.models import Office

    db.add(Office(id="other", display_name="別の事業所", allowed_origins=[], contact_text=""))
    db.commit()
    sid = chat(message="こんにちは").json()["session_id"]
    response = chat(office_id="other", message="a", session_id=sid)
    assert response.status_code == 404 and error_code(response) == "session_not_found"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v1/chat", {"office_id": "nope", "message": "こんにちは"}),
        ("GET", "/api/v1/sessions/" + "A" * 32 + "/messages?office_id=nope", None),
        ("GET", "/api/v1/offices/nope/widget-config", None),
        ("POST", "/api/v1/handoff", {"office_id": "nope", "consent": True}),
    ],
)
def test_every_public_route_checks_the_office_and_the_origin(
    client: TestClient, method: str, path: str, body: dict[str, Any] | None
) -> None:
    unknown = client.request(method, path, json=body)
    assert unknown.status_code == 404 and error_code(unknown) == "office_not_found"
    demo_path = path.replace("nope", "demo")
    demo_body = {**body, "office_id": "demo"} if body else None
    evil = {"Origin": "https://evil.example"}
    refused = client.request(method, demo_path, json=demo_body, headers=evil)
    assert refused.status_code == 403 and error_code(refused) == "origin_not_allowed"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v1/chat", {"message": "こんにちは"}),
        ("POST", "/api/v1/chat", {"office_id": 5, "message": "こんにちは"}),
        ("POST", "/api/v1/chat", {"office_id": "d" * 65, "message": "こんにちは"}),
        ("GET", "/api/v1/sessions/" + "A" * 32 + "/messages", None),
        ("POST", "/api/v1/handoff", {"consent": True}),
    ],
)
def test_a_missing_or_bad_office_id_is_invalid_request(
    client: TestClient, method: str, path: str, body: dict[str, Any] | None
) -> None:
    response = client.request(method, path, json=body)
    assert response.status_code == 422 and error_code(response) == "invalid_request"
    [detail] = response.json()["error"]["details"]
    assert detail["loc"][-1] == "office_id"
