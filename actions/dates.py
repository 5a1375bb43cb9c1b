"""Custom actions of the personal-dates flow: the date form (with the question about a leave),
the timeline, the handover months before the end (004 §10) and the calendar export.

Thin by design: the rules and texts live in bot/dates/ and are unit-tested there; these classes
only move values between the tracker and those functions.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    STOP_BUTTON,
    FlowFormValidation,
    entity_value,
    latest_intent_name,
    latest_text,
    leave_services_slot,
    personal_dates,
    support_variant,
)
from bot.dates import rules as dates
from bot.dates.dialogue import ask_date_text, handover_text, personal_dates_text
from bot.dates.leave import (
    LEAVE_SERVICES_LABELS_JA,
    DateRole,
    LeaveServices,
    date_roles,
    mentions_leave,
    read_services_answer,
    services_in_message,
)
from bot.dates.rules import today_in_japan
from bot.protocol import payload

CALCULATE_BUTTON = {"title": "日付を計算する", "payload": "/ask_personal_dates"}
CALENDAR_BUTTON = {"title": "カレンダーに入れる", "payload": "/export_calendar"}
HANDOVER_BUTTON = {"title": "終わる前の流れ", "payload": "/ask_handover"}
FIX_DATE_BUTTON = {"title": "日付を直す", "payload": "/change_date"}


class ValidatePersonalDatesForm(FlowFormValidation):
    """Reads the date from free text: 2024年4月1日, R6.4.1, 先月の15日, 「4月」 then 「15日」.

    After a leave (休職, 復職) it first asks whether 就労移行支援等 were used during the leave
    (002 §3(3): only then does the count start from the 復職日), then the date that answer
    counts from: the 復職日 (`return_date`) or the 就職日 (`start_date`). A message may give
    both dates and the answer at once (「2023年4月1日に就職して、休職中に就労移行支援を使って、
    2025年1月10日に復職しました」); the form then asks only what is still missing.
    """

    # A family or a sending office may plan ahead (review §2.6): a date up to a year ahead.
    future_days = 366

    def name(self) -> str:
        return "validate_personal_dates_form"

    def count_slot(self, tracker: Tracker) -> str:
        used = leave_services_slot(tracker) is LeaveServices.USED
        return "return_date" if used else "start_date"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        resets = _stored_return_day(tracker) + _fresh_story_resets(tracker)
        events = await super().run(dispatcher, tracker, domain)
        return [*resets, *events, *_variant_from_answer(events, tracker)]

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        # After a leave every date of a message is read (both may come in one message); which
        # one is still asked for is next_requested_slot's choice.
        if _is_about_a_leave(tracker):
            return ["leave_services", "start_date", "return_date"]
        return ["start_date"]

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any] | None:
        """After a leave: the question first, then the date its answer counts from."""
        if not _is_about_a_leave(tracker):
            return None  # Rasa asks for start_date until it is given
        answer = leave_services_slot(tracker)
        if answer is None:
            needed = "leave_services"
        elif answer is LeaveServices.USED:
            needed = "return_date"
        else:
            needed = "start_date"
        return SlotSet("requested_slot", needed if tracker.get_slot(needed) is None else None)

    async def extract_leave_services(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The answer: a button, a typed answer to the question, or a message that says it."""
        if latest_intent_name(tracker) == "stop":
            return {}  # 「いや、やめます」 leaves the flow; it does not answer 「いいえ」
        text = latest_text(tracker)
        entity = entity_value(tracker, "leave_services")
        if entity is not None:
            found: LeaveServices | None = _leave_services(entity)
        elif tracker.get_slot("requested_slot") == "leave_services":
            found = read_services_answer(text)
        else:
            found = services_in_message(text)
        return {"leave_services": found.value} if found else {}

    async def extract_return_date(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        value = self.date_updates(tracker).get("return_date")
        return {"return_date": value} if value else {}


def _leave_services(value: str) -> LeaveServices | None:
    try:
        return LeaveServices(value)
    except ValueError:
        return None


def _stored_return_day(tracker: Tracker) -> list[dict[str, Any]]:
    """A conversation stored before the question existed holds 復職支援型 with the 復職日 in
    `start_date`: the 復職日 moves to `return_date` (also in `tracker`), and the form asks."""
    stored = tracker.get_slot("start_date")
    if (
        support_variant(tracker) is not dates.SupportVariant.RETURN_TO_WORK
        or leave_services_slot(tracker) is not None
        or tracker.get_slot("return_date") is not None
        or not stored
    ):
        return []
    tracker.slots.update({"return_date": stored, "start_date": None})
    return [SlotSet("return_date", stored), SlotSet("start_date", None)]


def _fresh_story_resets(tracker: Tracker) -> list[dict[str, Any]]:
    """A message that starts the form with a 就職日 or a 復職日 (「2024年4月1日に就職しました」)
    tells the story anew: the answer about an earlier leave and its 復職日 are forgotten (also in
    `tracker`, which the form reads next), so that they do not count for this story."""
    if tracker.get_slot("requested_slot") is not None:
        return []
    text = latest_text(tracker)
    told = {item.role for item in date_roles(text, today=today_in_japan())}
    if not told & {DateRole.WORK_START, DateRole.RETURN}:
        return []
    resets = {"leave_services": None, "return_date": None}
    if support_variant(tracker) is dates.SupportVariant.RETURN_TO_WORK:
        resets["date_variant"] = None
    resets = {name: None for name in resets if tracker.get_slot(name) is not None}
    tracker.slots.update(resets)
    return [SlotSet(name, None) for name in resets]


def _variant_from_answer(events: list[dict[str, Any]], tracker: Tracker) -> list[dict[str, Any]]:
    """The variant the answer about the leave gives: 復職支援型 after 就労移行支援等, else the
    standard count (002 §2, §3(3)); 労働時間延長支援型 stays what it is."""
    answers = [
        e["value"] for e in events if e.get("event") == "slot" and e.get("name") == "leave_services"
    ]
    if not answers or support_variant(tracker) is dates.SupportVariant.EXTENDED_HOURS:
        return []
    used = answers[-1] == LeaveServices.USED.value
    counted = dates.SupportVariant.RETURN_TO_WORK if used else dates.SupportVariant.STANDARD
    return [SlotSet("date_variant", counted.value)]


def _is_about_a_leave(tracker: Tracker) -> bool:
    """The conversation is about a leave: it said so before, or the latest message says so."""
    variant = support_variant(tracker)
    if variant is dates.SupportVariant.EXTENDED_HOURS:
        return False
    return (
        variant is dates.SupportVariant.RETURN_TO_WORK  # also one stored before the question
        or tracker.get_slot("leave_services") is not None
        or tracker.get_slot("return_date") is not None
        or tracker.get_slot("requested_slot") in ("leave_services", "return_date")
        or mentions_leave(latest_text(tracker))
    )


class ActionAskLeaveServices(Action):
    """「休職中に、就労移行支援などを使いましたか」, with the answers as buttons."""

    def name(self) -> str:
        return "action_ask_leave_services"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        buttons = [
            {"title": label, "payload": payload("inform_date", {"leave_services": answer.value})}
            for answer, label in LEAVE_SERVICES_LABELS_JA.items()
        ]
        dispatcher.utter_message(
            response="utter_leave_services_question", buttons=[*buttons, STOP_BUTTON]
        )
        return []


class ActionAskStartDate(Action):
    """Asks for the date, first saying kindly what was wrong with the last answer."""

    asked = "start_date"

    def name(self) -> str:
        return "action_ask_start_date"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        text = ask_date_text(
            variant=support_variant(tracker),
            date_problem=tracker.get_slot("date_problem"),
            pending_month=tracker.get_slot("pending_month"),
            asked=self.asked,
            leave_services=leave_services_slot(tracker),
        )
        dispatcher.utter_message(text=text, buttons=[STOP_BUTTON])
        return [SlotSet("date_problem", None)]


class ActionAskReturnDate(ActionAskStartDate):
    """Asks for the 復職日, after the person said they used 就労移行支援等 during the leave."""

    asked = "return_date"

    def name(self) -> str:
        return "action_ask_return_date"


class DateAction(Action, ABC):
    """An action that answers from the date already given, or asks for it first."""

    @abstractmethod
    def name(self) -> str:
        """Abstract, so rasa_sdk does not register this base class as an action."""

    @abstractmethod
    def answer(self, dispatcher: CollectingDispatcher, personal: dates.PersonalDates) -> None:
        """Utters the answer for one person's dates."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        personal = personal_dates(tracker, today=today_in_japan())
        if personal is None:
            # utter_need_date names the variant's own date (its conditions on date_variant).
            dispatcher.utter_message(response="utter_need_date", buttons=[CALCULATE_BUTTON])
            return []
        self.answer(dispatcher, personal)
        return []


class ActionPersonalDates(DateAction):
    """The personal timeline: first day, last day, application window, reviews, renewals."""

    def name(self) -> str:
        return "action_personal_dates"

    def answer(self, dispatcher: CollectingDispatcher, personal: dates.PersonalDates) -> None:
        dispatcher.utter_message(
            text=personal_dates_text(personal),
            buttons=[HANDOVER_BUTTON, CALENDAR_BUTTON, FIX_DATE_BUTTON],
        )


class ActionHandoverTimeline(DateAction):
    """Month-by-month handover before the end (004 §10), from the date already given."""

    def name(self) -> str:
        return "action_handover_timeline"

    def answer(self, dispatcher: CollectingDispatcher, personal: dates.PersonalDates) -> None:
        dispatcher.utter_message(text=handover_text(personal), buttons=[CALENDAR_BUTTON])


class ActionExportCalendar(DateAction):
    """Hands the API what it needs to build an .ics file (the API serves the file)."""

    def name(self) -> str:
        return "action_export_calendar"

    def answer(self, dispatcher: CollectingDispatcher, personal: dates.PersonalDates) -> None:
        calendar = {"start": personal.input_date.isoformat(), "variant": personal.variant.value}
        dispatcher.utter_message(
            response="utter_calendar_ready", json_message={"calendar": calendar}
        )


class ActionChangeDate(Action):
    """「日付を直す」: forget the dates so the form asks again (the answer about a leave stays, so
    the form asks for the date that answer counts from)."""

    def name(self) -> str:
        return "action_change_date"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        return [
            SlotSet("start_date", None),
            SlotSet("return_date", None),
            SlotSet("pending_month", None),
        ]
