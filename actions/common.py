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
from bot.dates.leave import LeaveServices, dates_for_answers
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


def leave_services_slot(tracker: Tracker) -> LeaveServices | None:
    """The answer to 「休職中に就労移行支援などを使いましたか」 (slot `leave_services`), if given."""
    try:
        value = tracker.get_slot("leave_services")
        return LeaveServices(value) if value else None
    except ValueError:
        return None


def _iso_date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def start_date_slot(tracker: Tracker) -> date | None:
    """The date the count runs from for `support_variant`: the `start_date` slot (就職日, or the
    variant's date), or the 復職日 (`return_date`) once the person said they used 就労移行支援等
    during the leave (復職支援型; None until that date is given)."""
    if support_variant(tracker) is dates.SupportVariant.RETURN_TO_WORK and leave_services_slot(
        tracker
    ):
        return _iso_date(tracker.get_slot("return_date"))
    return _iso_date(tracker.get_slot("start_date"))


def personal_dates(tracker: Tracker, *, today: date) -> dates.PersonalDates | None:
    """The person's dates from the date flow's slots, or None when the date it needs is missing
    (bot.dates.leave.dates_for_answers: after a leave, dates_after_leave picks the count)."""
    return dates_for_answers(
        work_start=_iso_date(tracker.get_slot("start_date")),
        return_day=_iso_date(tracker.get_slot("return_date")),
        variant=support_variant(tracker),
        leave_services=leave_services_slot(tracker),
        today=today,
    )


# --- the form base: a date and the side slots, read from the latest message ---------------

# The slots that hold a date; `date_slot_updates` puts a date without a role into the one asked.
DATE_SLOTS = ("start_date", "return_date")


def date_slot_updates(
    tracker: Tracker, *, now: date, count_slot: str = "start_date", future_days: int = 0
) -> dict[str, Any]:
    """Slot updates from the latest message: the dates (or why not), the variant, who is meant.

    A date whose words do not say what it is (「2024年4月1日です」) goes to the date slot asked,
    or to `count_slot` when none is asked (the form starts, or a correction 「やっぱり…」).
    """
    text = latest_text(tracker)
    requested = tracker.get_slot("requested_slot")
    asked = requested if requested in DATE_SLOTS else count_slot
    updates: dict[str, Any] = dict(
        read_date_answer(
            text,
            today=now,
            pending_month=tracker.get_slot("pending_month"),
            asked=asked,
            future_days=future_days,
        ).values
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
DATE_SIDE_SLOTS = ("date_problem", "pending_month", "return_date")
CONTEXT_SIDE_SLOTS = ("date_variant", "person_ref")


def side_slot_events(
    updates: dict[str, Any], *, requested: str | None, form_filled_something: bool
) -> list[dict[str, Any]]:
    """SlotSet events for the side slots that may be set now.

    A side slot must not turn an unrelated question into a form answer: while a slot is being
    asked, 「息子は費用がかかる？」 must still reach the FAQ (the form is rejected when it sets
    nothing). So date problems count only while a date is asked, and context only together
    with a real answer (or when the form starts).
    """
    events = []
    for name in (*DATE_SIDE_SLOTS, *CONTEXT_SIDE_SLOTS):
        if name not in updates:
            continue
        date_asked = name in DATE_SIDE_SLOTS and requested in DATE_SLOTS
        if requested is None or form_filled_something or date_asked:
            events.append(SlotSet(name, updates[name]))
    return events


class FlowFormValidation(FormValidationAction):
    """A form validation action that also sets the side slots (see side_slot_events)."""

    @abstractmethod
    def name(self) -> str:
        """Abstract, so rasa_sdk does not register this base class as an action."""

    # How many days ahead a date may be (0: none; see read_date_answer).
    future_days = 0

    def count_slot(self, tracker: Tracker) -> str:
        """Where a date without a role goes when no date is asked (see date_slot_updates)."""
        return "start_date"

    def date_updates(self, tracker: Tracker) -> dict[str, Any]:
        updates = date_slot_updates(
            tracker,
            now=today_in_japan(),
            count_slot=self.count_slot(tracker),
            future_days=self.future_days,
        )
        # 「復職した日は、わかりました」 answers a question for the other date only.
        if tracker.get_slot("requested_slot") not in DATE_SLOTS and updates.get("date_problem") in (
            "return_given",
            "work_start_given",
        ):
            del updates["date_problem"]
        return updates

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        requested = tracker.get_slot("requested_slot")
        updates = self.date_updates(tracker)
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
        value = self.date_updates(tracker).get("start_date")
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
