"""What the fake Rasa answers in the resource map tests, and a row counter."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session


def reply(text: str, *extra: dict[str, Any], buttons: Any = None) -> list[dict[str, Any]]:
    """A Rasa REST answer: a text message (with its buttons), then `extra` custom messages."""
    first: dict[str, Any] = {"recipient_id": "x", "text": text}
    if buttons is not None:
        first["buttons"] = buttons
    return [first, *extra]


def count(db: Session, model: Any) -> int:
    return int(db.scalar(select(func.count()).select_from(model)) or 0)
