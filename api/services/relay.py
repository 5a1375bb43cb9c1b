"""Rasa's REST output → the API's chat messages.

Rasa's REST channel answers with a list of messages: texts (with buttons) and custom messages,
`{"custom": {KEY: ...}}`. The custom messages are the action server's channel to the API; their
keys are defined once in `bot.protocol` and described in docs/api.md ("From Rasa to the API").
They are consumed here, never shown as they are.
"""

from __future__ import annotations

import logging
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode, urlsplit

from api.schemas import Button, ChatMessageOut, Link, MessageType
from api.services.resource_map import SAVED_TEXT, ResourceMapRelay
from bot import protocol
from bot.dates.rules import SupportVariant
from bot.text.furigana import Segment, ruby_segments

log = logging.getLogger(__name__)

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
CALENDAR_TEXT = "予定をカレンダーに入れるファイルです。日付は目安です。"
CALENDAR_LINK_TITLE = "カレンダーに追加する（.ics）"


def safe_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in SAFE_SCHEMES:
        return False
    return bool(parts.netloc) if parts.scheme in ("http", "https") else bool(parts.path)


@lru_cache(maxsize=4096)
def _ruby(text: str) -> tuple[Segment, ...]:
    # The bot's texts come from domain.yml and repeat turn after turn: one MeCab pass per text.
    return tuple(ruby_segments(text))


def text_message(
    text: str,
    *,
    kind: MessageType = "text",
    buttons: list[Button] | None = None,
    links: list[Link] | None = None,
) -> ChatMessageOut:
    """A bot message with its furigana (one MeCab pass over the text)."""
    return ChatMessageOut(
        type=kind,
        text=text,
        ruby=list(_ruby(text)),
        buttons=buttons or [],
        links=links or [],
    )


def convert_rasa_messages(
    items: list[dict[str, Any]],
    *,
    calendar_url: str,
    resource_map: ResourceMapRelay | None = None,
) -> list[ChatMessageOut]:
    """Rasa REST output → API messages.

    - {"text", "buttons"} → a text message.
    - {"custom": {"easy_ja": "..."}} right after a text → that text's やさしい日本語 variant.
    - {"custom": {"calendar": {"start", "variant"}}} → a link to the .ics export.
    - {"custom": {"links": [{"title", "url"}]}} → links on the previous message (safe schemes only).
    - {"custom": {"unanswered": ...}} → nothing shown (see `unanswered_reason`).
    - {"custom": {"resource_map": ...}}, {"custom": {"resource_map_deleted": true}},
      {"custom": {"resource_map_suggestions": ...}} → handed to `resource_map` (stored / deleted /
      the office's local entries as buttons on the previous message).
    Anything else is ignored (logged).
    """
    out: list[ChatMessageOut] = []
    for item in items:
        if isinstance(item.get("text"), str):
            buttons = [
                Button(title=str(b["title"]), payload=str(b["payload"]))
                for b in item.get("buttons") or []
                if isinstance(b, dict) and b.get("title") and b.get("payload")
            ]
            out.append(text_message(item["text"], buttons=buttons))
            continue
        custom = item.get("custom")
        if not isinstance(custom, dict):
            log.info("ignoring a Rasa message without text or custom: %s", sorted(item))
            continue
        easy = custom.get(protocol.EASY_JA)
        if isinstance(easy, str) and out and out[-1].easy_text is None:
            out[-1].easy_text = easy
            out[-1].easy_ruby = list(_ruby(easy))
        calendar = custom.get(protocol.CALENDAR)
        if isinstance(calendar, dict):
            link = calendar_link(calendar, base=calendar_url)
            if link is not None:
                out.append(text_message(CALENDAR_TEXT, links=[link]))
        links = custom.get(protocol.LINKS)
        if isinstance(links, list) and out:
            for raw in links:
                if isinstance(raw, dict) and safe_url(str(raw.get("url", ""))):
                    out[-1].links.append(
                        Link(title=str(raw.get("title") or raw["url"]), url=str(raw["url"]))
                    )
        if resource_map is not None:
            relay_resource_map(custom, out, resource_map)
    return out


def unanswered_reason(items: list[dict[str, Any]]) -> str | None:
    """Why the bot could not answer, from its `unanswered` custom messages, or None.

    The fallback responses of domain.yml carry `custom: {unanswered: fallback | out_of_scope}`;
    Rasa sends it as its own message after the text. When both come, out_of_scope wins.
    """
    reasons: set[str] = set()
    for item in items:
        custom = item.get("custom")
        reason = custom.get(protocol.UNANSWERED) if isinstance(custom, dict) else None
        if reason is None:
            continue
        if reason in protocol.UNANSWERED_REASONS:
            reasons.add(str(reason))
        else:
            log.warning("ignoring an unanswered message with an unknown reason: %r", reason)
    if not reasons:
        return None
    return "out_of_scope" if "out_of_scope" in reasons else "fallback"


def relay_resource_map(
    custom: dict[str, Any], out: list[ChatMessageOut], relay: ResourceMapRelay
) -> None:
    """The resource-map custom messages: store or delete the map, add local suggestions."""
    if protocol.RESOURCE_MAP in custom:
        links = relay.store(custom[protocol.RESOURCE_MAP])
        if links:
            if not out:
                out.append(text_message(SAVED_TEXT))
            out[-1].links.extend(links)
    if custom.get(protocol.RESOURCE_MAP_DELETED) is True:
        relay.delete()
    if protocol.RESOURCE_MAP_SUGGESTIONS in custom and out:
        out[-1].buttons = relay.suggestions(
            custom[protocol.RESOURCE_MAP_SUGGESTIONS], out[-1].buttons
        )


def calendar_link(calendar: dict[str, Any], *, base: str) -> Link | None:
    try:
        start = date.fromisoformat(str(calendar.get("start")))
        variant = SupportVariant(str(calendar.get("variant", "standard")))
    except ValueError:
        log.warning("ignoring a calendar message with bad data: %r", calendar)
        return None
    query = urlencode({"start": start.isoformat(), "variant": variant.value})
    return Link(title=CALENDAR_LINK_TITLE, url=f"{base}?{query}")
