"""The LINE Messaging API, as far as the bot uses it: the reply API.

Only replies are sent (POST /v2/bot/message/reply with the event's reply token, at most 5
messages). No push messages: a push needs the raw userId, which is not stored, and counts
against the office's monthly message quota. A reply that fails (an expired or used token, LINE
down) is logged without the token, the user id or the text, and not retried: the conversation
is stored, and the user can ask again.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

log = logging.getLogger(__name__)

REPLY_PATH = "/v2/bot/message/reply"


class LineApiError(Exception):
    """LINE did not take the reply."""


class LineClient:
    def __init__(
        self, *, base_url: str, timeout: float, transport: httpx.BaseTransport | None = None
    ) -> None:
        self._base = base_url.rstrip("/")
        self._client = httpx.Client(timeout=timeout, transport=transport)

    def reply(self, *, access_token: str, reply_token: str, messages: list[dict[str, Any]]) -> None:
        if not messages:
            return
        try:
            response = self._client.post(
                self._base + REPLY_PATH,
                json={"replyToken": reply_token, "messages": messages[:5]},
                headers={"Authorization": f"Bearer {access_token}"},
            )
        except httpx.HTTPError as exc:
            raise LineApiError(f"reply not sent: {type(exc).__name__}") from exc
        if response.status_code != 200:
            # LINE's error body names the problem (e.g. "Invalid reply token"), not the user.
            raise LineApiError(f"reply refused: {response.status_code} {response.text[:200]}")

    def close(self) -> None:
        self._client.close()
