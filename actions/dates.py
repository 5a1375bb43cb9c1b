"""Custom actions of the personal-dates flow: the date form, the timeline, the handover months
before the end (004 §10) and the calendar export.

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

from actions.common import STOP_BUTTON, FlowFormValidation, start_date_slot, support_variant
from bot.dates import rules as dates
from bot.dates.dialogue import ask_date_text, handover_text, personal_dates_text
from bot.dates.rules import today_in_japan

CALCULATE_BUTTON = {"title": "日付を計算する", "payload": "/ask_personal_dates"}
CALENDAR_BUTTON = {"title": "カレンダーに入れる", "payload": "/export_calendar"}
HANDOVER_BUTTON = {"title": "終わる前の流れ", "payload": "/ask_handover"}
FIX_DATE_BUTTON = {"title": "日付を直す", "payload": "/change_date"}


class ValidatePersonalDatesForm(FlowFormValidation):
    """Reads the date from free text: 2024年4月1日, R6.4.1, 先月の15日, 「4月」 then 「15日」."""

    def name(self) -> str:
        return "validate_personal_dates_form"


class ActionAskStartDate(Action):
    """Asks for the date, first saying kindly what was wrong with the last answer."""

    def name(self) -> str:
        return "action_ask_start_date"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        text = ask_date_text(
            variant=support_variant(tracker),
            date_problem=tracker.get_slot("date_problem"),
            pending_month=tracker.get_slot("pending_month"),
        )
        dispatcher.utter_message(text=text, buttons=[STOP_BUTTON])
        return [SlotSet("date_problem", None)]


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
        start = start_date_slot(tracker)
        if start is None:
            dispatcher.utter_message(response="utter_need_date", buttons=[CALCULATE_BUTTON])
            return []
        variant = support_variant(tracker)
        self.answer(
            dispatcher,
            dates.compute_personal_dates(start=start, variant=variant, today=today_in_japan()),
        )
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
    """「日付を直す」: forget the date so the form asks again."""

    def name(self) -> str:
        return "action_change_date"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        return [SlotSet("start_date", None), SlotSet("pending_month", None)]
