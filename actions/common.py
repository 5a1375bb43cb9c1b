"""What the flows share: the latest-message and slot readers, the 「やめる」 button, the form base
that reads a date and the side slots, and 「やめる」 itself (ActionStop).
"""

from __future__ import annotations

from abc import abstractmethod
from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.dates import rules as dates
from bot.dates.dialogue import detect_person_ref, detect_variant, read_date_answer
from bot.dates.rules import today_in_japan

# --- what the latest message and the slots say ------------------------------------------

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


def support_variant(tracker: Tracker) -> dates.SupportVariant:
    """The `date_variant` slot as a SupportVariant (standard when unset or unknown)."""
    try:
        return dates.SupportVariant(tracker.get_slot("date_variant") or "standard")
    except ValueError:
        return dates.SupportVariant.STANDARD


def start_date_slot(tracker: Tracker) -> date | None:
    """The `start_date` slot as a date, or None when unset or not an ISO date."""
    value = tracker.get_slot("start_date")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


# --- the form base: a date and the side slots, read from the latest message ---------------


def date_slot_updates(tracker: Tracker, *, now: date) -> dict[str, Any]:
    """Slot updates from the latest message: a date (or why not), the variant, who is meant."""
    text = latest_text(tracker)
    updates: dict[str, Any] = dict(
        read_date_answer(text, today=now, pending_month=tracker.get_slot("pending_month")).values
    )
    variant = entity_value(tracker, "date_variant") or (
        v.value if (v := detect_variant(text)) else None
    )
    if variant:
        updates["date_variant"] = variant
    person = detect_person_ref(text)
    if person:
        updates["person_ref"] = person
    return updates


# Slots a form reads from the message beside its required slots. rasa_sdk only returns events
# for required slots, so FlowFormValidation adds these itself.
DATE_SIDE_SLOTS = ("date_problem", "pending_month")
CONTEXT_SIDE_SLOTS = ("date_variant", "person_ref")


def side_slot_events(
    updates: dict[str, Any], *, requested: str | None, form_filled_something: bool
) -> list[dict[str, Any]]:
    """SlotSet events for the side slots that may be set now.

    A side slot must not turn an unrelated question into a form answer: while a slot is being
    asked, 「息子は費用がかかる？」 must still reach the FAQ (the form is rejected when it sets
    nothing). So date problems count only while the date is asked, and context only together
    with a real answer (or when the form starts).
    """
    events = []
    for name in (*DATE_SIDE_SLOTS, *CONTEXT_SIDE_SLOTS):
        if name not in updates:
            continue
        date_asked = name in DATE_SIDE_SLOTS and requested == "start_date"
        if requested is None or form_filled_something or date_asked:
            events.append(SlotSet(name, updates[name]))
    return events


class FlowFormValidation(FormValidationAction):
    """A form validation action that also sets the side slots (see side_slot_events)."""

    @abstractmethod
    def name(self) -> str:
        """Abstract, so rasa_sdk does not register this base class as an action."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        requested = tracker.get_slot("requested_slot")
        updates = date_slot_updates(tracker, now=today_in_japan())
        events = await super().run(dispatcher, tracker, domain)
        filled = any(
            e.get("event") == "slot" and e.get("name") != "requested_slot" and e.get("value")
            for e in events
        )
        return [
            *side_slot_events(updates, requested=requested, form_filled_something=filled),
            *events,
        ]

    async def extract_start_date(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        value = date_slot_updates(tracker, now=today_in_japan()).get("start_date")
        return {"start_date": value} if value else {}


# --- 「やめる」 ---------------------------------------------------------------------------


class ActionStop(Action):
    """「やめる」: leaves the flow; the walkthrough's step is kept, so it can resume later.

    The rules follow it with utter_stopped.
    """

    def name(self) -> str:
        return "action_stop"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        return [
            SlotSet("walkthrough_active", False),
            SlotSet("prior_service", None),
            SlotSet("employment", None),
            SlotSet("date_problem", None),
            SlotSet("pending_month", None),
        ]
