"""Shared fixtures for the action tests: a real rasa_sdk Tracker and a way to run one action.

As rasa-demo's tests/conftest.py: every action test builds its tracker with `make_tracker` and runs
the action with `run_action`, which returns the slots it set and the messages it uttered;
`user_sees` turns those messages into what reaches the user, responses filled from domain.yml.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[3]


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


@lru_cache(maxsize=1)
def project_domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@dataclass(frozen=True)
class Said:
    """One bot message as the user gets it."""

    text: str | None
    buttons: list[dict[str, Any]]
    custom: dict[str, Any] | None


def user_sees(run: ActionRun, tracker: Tracker) -> list[Said]:
    """The run's messages as Rasa hands them to the channel.

    A message with `response="utter_…"` is filled from domain.yml (with the tracker's slots and
    the message's own template variables) by Rasa's own code for action-server replies
    (RemoteAction._utter_responses), so a text moved from Python into domain.yml is checked
    word for word, buttons and custom payloads included.
    """
    domain = project_domain()
    known = {slot.name for slot in domain.slots}
    slots = [SlotSet(name, value) for name, value in tracker.slots.items() if name in known]
    rasa_tracker = DialogueStateTracker.from_events(
        tracker.sender_id, slots, slots=copy.deepcopy(domain.slots)
    )
    uttered = asyncio.run(
        RemoteAction._utter_responses(
            copy.deepcopy(run.messages),
            CollectingOutputChannel(),
            TemplatedNaturalLanguageGenerator(domain.responses),
            rasa_tracker,
        )
    )
    return [
        Said(text=e.text, buttons=e.data.get("buttons") or [], custom=e.data.get("custom"))
        for e in uttered
    ]
