"""The resource map as plain text: every contact, no truncation, in reading order.

The accessible version of the worksheet (002 §32): what the bot reads back in the chat, the
`.txt` export, and the `<desc>` of the SVG.  Also the wording every format shares.  Stdlib only.
"""

from __future__ import annotations

import re

from bot.resource_map.model import Contact, ResourceMap

__all__ = [
    "ABOUT_PREFIX",
    "DEFAULT_TITLE",
    "GOAL_LABEL",
    "HOW_PREFIX",
    "NOT_FILLED",
    "SKIPPED",
    "contact_lines",
    "render_text",
    "sanitize",
]

DEFAULT_TITLE = "リソースマップ"
GOAL_LABEL = "自分のめざす姿"  # 002 §32 worksheet centre
NOT_FILLED = "（まだ記入していません）"
SKIPPED = "（今回は記入しません）"
ABOUT_PREFIX = "相談すること："
HOW_PREFIX = "連絡方法："

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def sanitize(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (contacts never have them; titles might)."""
    return _XML_INVALID.sub("", text)


def contact_lines(contact: Contact) -> list[str]:
    lines = [contact.display_name]
    if contact.about:
        lines.append(ABOUT_PREFIX + contact.about)
    if contact.contact_line:
        lines.append(HOW_PREFIX + contact.contact_line)
    return lines


def render_text(rmap: ResourceMap, *, title: str = DEFAULT_TITLE) -> str:
    """Plain accessible text version: every contact, no truncation, reading order."""
    out = [sanitize(title), "", f"■ {GOAL_LABEL}", f"  {rmap.goal or NOT_FILLED}"]
    for section in rmap.sections:
        out += ["", f"■ {section.area.label}"]
        if not section.contacts:
            out.append(f"  {SKIPPED if section.skipped else NOT_FILLED}")
        for i, contact in enumerate(section.contacts, 1):
            first, *rest = contact_lines(contact)
            out.append(f"  {i}. {first}")
            out += [f"     {line}" for line in rest]
    return "\n".join(out) + "\n"
