"""A local stand-in for the LINE Messaging API (an httpx MockTransport: never the network) and
helpers that sign webhook bodies the way LINE does."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from dataclasses import dataclass, field
from typing import Any

import httpx

CHANNEL_SECRET = "0123456789abcdef0123456789abcdef"
ACCESS_TOKEN = "test-access-token/long-lived="
LINE_BASE = "http://line.test"


def sign(body: bytes, secret: str = CHANNEL_SECRET) -> str:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


@dataclass
class FakeLine:
    """Receives reply (and would receive push) calls; `status` makes it refuse them."""

    replies: list[dict[str, Any]] = field(default_factory=list)
    pushes: list[dict[str, Any]] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    status: int = 200
    lock: threading.Lock = field(default_factory=threading.Lock)

    def handler(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        with self.lock:
            self.tokens.append(request.headers.get("authorization", ""))
            if request.url.path == "/v2/bot/message/reply":
                assert len(body["messages"]) <= 5
                self.replies.append(body)
            elif request.url.path == "/v2/bot/message/push":
                self.pushes.append(body)
            else:
                return httpx.Response(404, json={"message": "Not found"})
        if self.status != 200:
            return httpx.Response(self.status, json={"message": "Invalid reply token"})
        return httpx.Response(200, json={})

    def reply_to(self, token: str) -> list[dict[str, Any]]:
        """The messages of the one reply with this reply token."""
        [found] = [r for r in self.replies if r["replyToken"] == token]
        messages: list[dict[str, Any]] = found["messages"]
        return messages


def event(
    kind: str,
    *,
    event_id: str,
    user: str = "U0123456789abcdef0123456789abcdef",
    text: str | None = None,
    postback: str | None = None,
    message_type: str = "text",
) -> dict[str, Any]:
    """A webhook event as LINE sends it (Messaging API reference, webhook event objects)."""
    out: dict[str, Any] = {
        "type": kind,
        "mode": "active",
        "timestamp": 1764600000000,
        "source": {"type": "user", "userId": user},
        "webhookEventId": event_id,
        "deliveryContext": {"isRedelivery": False},
    }
    if kind != "unfollow":
        out["replyToken"] = f"reply-{event_id}"
    if kind == "message":
        out["message"] = {"id": "1", "type": message_type, "quoteToken": "q"}
        if message_type == "text":
            out["message"]["text"] = text
    if kind == "postback":
        out["postback"] = {"data": postback}
    return out


def body_of(*events: dict[str, Any]) -> bytes:
    return json.dumps(
        {"destination": "Uxxxxxxxx", "events": list(events)}, ensure_ascii=False
    ).encode("utf-8")
