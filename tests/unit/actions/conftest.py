"""Shared fixtures for the action tests: a real rasa_sdk Tracker and a way to run one action.

As rasa-demo's tests/conftest.py: every action test builds its tracker with `make_tracker` and runs
the action with `run_action`, which returns the slots it set and the messages it uttered.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


def make_tracker(
    text: str = "",
    *,
    intent: str = "inform",
    confidence: float = 0.95,
    slots: dict[str, Any] | None = None,
    entities: Iterable[dict[str, Any]] = (),
    active_loop: str | None = None,
    requested_slot: str | None = None,
    events: list[dict[str, Any]] | None = None,
) -> Tracker:
    """A tracker whose latest message is `text` with `intent` (and `entities`)."""
    return Tracker(
        sender_id="test",
        slots={"requested_slot": requested_slot, **(slots or {})},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "entities": list(entities),
        },
        events=[{"event": "user", "text": text}] if events is None else events,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


@dataclass
class ActionRun:
    slots: dict[str, Any]
    """Slot name → value, for every SlotSet the action returned."""
    events: list[dict[str, Any]]
    messages: list[dict[str, Any]]
    """What the action uttered (CollectingDispatcher.messages)."""


def run_action(action: Action, tracker: Tracker, domain: dict[str, Any] | None = None) -> ActionRun:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain or {}))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return ActionRun(slots=slots, events=events, messages=dispatcher.messages)


# The forms and slots the form validation actions read (as in domain.yml).
FORM_DOMAIN: dict[str, Any] = {
    "forms": {
        "personal_dates_form": {"required_slots": ["start_date"]},
        "eligibility_form": {"required_slots": ["prior_service", "employment", "start_date"]},
    },
    "slots": {
        name: {"type": "text", "mappings": [{"type": "custom"}]}
        for name in (
            "start_date",
            "prior_service",
            "employment",
            "date_problem",
            "pending_month",
            "person_ref",
            "date_variant",
        )
    },
}


def validate_form(
    action: Action,
    text: str,
    *,
    form: str,
    requested: str | None,
    entities: Iterable[dict[str, Any]] = (),
    **slots: Any,
) -> dict[str, Any]:
    """The slots a form validation action sets for `text` while `form` asks for `requested`."""
    t = make_tracker(
        text, slots=slots, entities=entities, active_loop=form, requested_slot=requested
    )
    return run_action(action, t, FORM_DOMAIN).slots
