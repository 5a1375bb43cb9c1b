"""The bot's chat messages (api.schemas.ChatMessageOut) as LINE Messaging API message objects.

LINE's limits (Messaging API reference, "Send reply message" and "Quick reply"): at most 5
messages per reply, a text message of at most 5,000 characters, at most 13 quick reply buttons,
an action label of at most 20 characters, postback data of at most 300 characters, a buttons
template of at most 4 actions with a text of at most 160 characters (without a picture).

- Texts stay one bubble each while they fit in the 5 messages; else neighbours are merged (a
  blank line between them), and what still does not fit is cut with a note saying so.
- Buttons become quick replies on the last message: a postback whose data is the button's payload
  (bot.protocol) and whose displayText is the full title. A label over 20 characters loses its
  bracketed part first, then is cut with 「…」. Beyond 13 buttons the rest are dropped (logged).
- Links become URI actions of a buttons template (http, https, tel); other schemes and links
  beyond the room left are written into the text.
- With やさしい日本語 chosen, a message's easy variant replaces its text when it has one (LINE shows
  no ruby).
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit

from api.schemas import Button, ChatMessageOut, Link

log = logging.getLogger(__name__)

MAX_MESSAGES = 5
MAX_TEXT_CHARS = 5000
MAX_QUICK_REPLIES = 13
MAX_LABEL_CHARS = 20
MAX_POSTBACK_DATA = 300
MAX_DISPLAY_TEXT = 300
MAX_TEMPLATE_ACTIONS = 4
MAX_TEMPLATE_TEXT = 160
MAX_ALT_TEXT = 400
URI_SCHEMES = ("http", "https", "tel")
LINKS_TEXT = "リンクです。ボタンを押すと開きます。"
CUT_NOTE = "\n（長いので、ここまでにしました。続きは、もう一度聞いてください。）"
ELLIPSIS = "…"
_BRACKETED = re.compile(r"[（(【「][^）)】」]*[）)】」]")

Message = dict[str, Any]


def label(title: str) -> str:
    """A quick reply or action label of at most 20 characters, cut kindly."""
    text = " ".join(title.split())
    if len(text) <= MAX_LABEL_CHARS:
        return text
    shorter = _BRACKETED.sub("", text).strip()
    if shorter and len(shorter) <= MAX_LABEL_CHARS:
        return shorter
    return (shorter or text)[: MAX_LABEL_CHARS - 1] + ELLIPSIS


def quick_reply_items(buttons: list[Button]) -> list[dict[str, Any]]:
    """Buttons as quick reply items (postback, data = payload), at most 13, no repeats."""
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for button in buttons:
        if button.payload in seen or len(button.payload) > MAX_POSTBACK_DATA:
            continue
        seen.add(button.payload)
        action = {
            "type": "postback",
            "label": label(button.title),
            "data": button.payload,
            "displayText": button.title[:MAX_DISPLAY_TEXT],
        }
        items.append({"type": "action", "action": action})
    if len(items) > MAX_QUICK_REPLIES:
        log.info("LINE: %d buttons, only %d shown", len(items), MAX_QUICK_REPLIES)
    return items[:MAX_QUICK_REPLIES]


def _split(text: str) -> list[str]:
    """A text in pieces of at most 5,000 characters, cut at line breaks when possible."""
    pieces = []
    while len(text) > MAX_TEXT_CHARS:
        cut = text.rfind("\n", 0, MAX_TEXT_CHARS)
        cut = cut if cut > MAX_TEXT_CHARS // 2 else MAX_TEXT_CHARS
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip("\n")
    return [*pieces, text] if text else pieces


def fit_texts(texts: list[str], budget: int) -> list[str]:
    """At most `budget` texts of at most 5,000 characters: merged, then cut with a note."""
    bubbles = [piece for text in texts if text.strip() for piece in _split(text.strip())]
    while len(bubbles) > budget:
        sizes = [len(a) + 2 + len(b) for a, b in zip(bubbles, bubbles[1:], strict=False)]
        best = min(range(len(sizes)), key=sizes.__getitem__)
        if sizes[best] > MAX_TEXT_CHARS:
            break
        bubbles[best : best + 2] = [bubbles[best] + "\n\n" + bubbles[best + 1]]
    if len(bubbles) > budget:
        bubbles = bubbles[:budget]
        last = bubbles[-1][: MAX_TEXT_CHARS - len(CUT_NOTE)]
        bubbles[-1] = last + CUT_NOTE
    return bubbles


def uri_ok(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in URI_SCHEMES and bool(parts.netloc or parts.path)


def link_template(links: list[Link]) -> Message:
    actions = [{"type": "uri", "label": label(link.title), "uri": link.url} for link in links]
    alt = "\n".join(f"{link.title} {link.url}" for link in links)[:MAX_ALT_TEXT]
    return {
        "type": "template",
        "altText": alt,
        "template": {"type": "buttons", "text": LINKS_TEXT, "actions": actions},
    }


def to_line_messages(
    messages: list[ChatMessageOut],
    *,
    easy_ja: bool = False,
    extra_buttons: tuple[Button, ...] = (),
) -> list[Message]:
    """The bot's messages of one turn as at most 5 LINE messages (see the module docstring)."""
    texts: list[str] = []
    links: list[Link] = []
    buttons: list[Button] = []
    for message in messages:
        text = message.easy_text if easy_ja and message.easy_text else message.text
        uri_links = [link for link in message.links if uri_ok(link.url)]
        written = [link for link in message.links if not uri_ok(link.url)]
        if written:
            text += "\n" + "\n".join(f"{link.title}：{link.url}" for link in written)
        texts.append(text)
        links += uri_links
        buttons += message.buttons
    buttons += list(extra_buttons)
    templates: list[Message] = []
    # Links take at most one message of their own when there is text to say; the rest are text.
    room = 1 if texts else MAX_MESSAGES
    for start in range(0, len(links), MAX_TEMPLATE_ACTIONS):
        group = links[start : start + MAX_TEMPLATE_ACTIONS]
        if len(templates) < room:
            templates.append(link_template(group))
        else:
            texts.append("\n".join(f"{link.title}：{link.url}" for link in group))
    out: list[Message] = [
        {"type": "text", "text": text} for text in fit_texts(texts, MAX_MESSAGES - len(templates))
    ]
    out += templates
    items = quick_reply_items(buttons)
    if out and items:
        out[-1]["quickReply"] = {"items": items}
    return out
