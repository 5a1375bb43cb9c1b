"""What every action reads from the latest user message, and the button every flow offers."""

from __future__ import annotations

from rasa_sdk import Tracker

# 「やめる」 under every question of a flow (rules: intent stop).
STOP_BUTTON = {"title": "やめる", "payload": "/stop"}


def latest_text(tracker: Tracker) -> str:
    return str((tracker.latest_message or {}).get("text") or "")


def latest_intent_name(tracker: Tracker) -> str:
    return str(((tracker.latest_message or {}).get("intent") or {}).get("name") or "")


def entity_value(tracker: Tracker, name: str) -> str | None:
    """The value of entity `name` in the latest message (button payloads carry them)."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == name and entity.get("value") is not None:
            return str(entity["value"])
    return None
