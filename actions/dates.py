"""Custom actions for the guided flows: personal dates, eligibility check, application walkthrough.

Thin by design: the rules and texts live in bot/ (dates, date_dialogue, eligibility, walkthrough)
and are unit-tested there; these classes only move values between the tracker and those functions.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import STOP_BUTTON, entity_value, latest_intent_name, latest_text
from bot.dates import rules as dates
from bot.dates.dialogue import (
    ask_date_text,
    detect_person_ref,
    detect_variant,
    handover_text,
    personal_dates_text,
    read_date_answer,
)
from bot.dates.rules import today_in_japan
from bot.eligibility import (
    PRIOR_SERVICE_LABELS_JA,
    Employment,
    PriorService,
    check_eligibility,
    read_employment,
    read_prior_service,
)
from bot.walkthrough import STEPS, clamp_step, render_step, walkthrough_target


def _variant(tracker: Tracker) -> dates.SupportVariant:
    try:
        return dates.SupportVariant(tracker.get_slot("date_variant") or "standard")
    except ValueError:
        return dates.SupportVariant.STANDARD


def _start_date(tracker: Tracker) -> date | None:
    value = tracker.get_slot("start_date")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


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


# A date-dependent question before any date was given.
NEED_DATE_JA = "先に、働き始めた日を教えてください。\n日付から、使える期間を計算します。"
# A flow reached a state it cannot answer from (e.g. an answer went missing): start again.
FLOW_ERROR_JA = "ごめんなさい。うまく確かめられませんでした。\nもう一度、最初から聞かせてください。"
CALCULATE_BUTTON = {"title": "日付を計算する", "payload": "/ask_personal_dates"}
CHECK_BUTTON = {"title": "使えるか確認する", "payload": "/check_eligibility"}
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
            variant=_variant(tracker),
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
        start = _start_date(tracker)
        if start is None:
            dispatcher.utter_message(text=NEED_DATE_JA, buttons=[CALCULATE_BUTTON])
            return []
        variant = _variant(tracker)
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
            text="カレンダーのファイルを作りました。下のリンクから保存できます。",
            json_message={"calendar": calendar},
        )


class ActionChangeDate(Action):
    """「日付を直す」: forget the date so the form asks again."""

    def name(self) -> str:
        return "action_change_date"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        return [SlotSet("start_date", None), SlotSet("pending_month", None)]


# --- eligibility -------------------------------------------------------------------


class ValidateEligibilityForm(FlowFormValidation):
    """Asks only what the verdict needs: no date when the person does not qualify anyway."""

    def name(self) -> str:
        return "validate_eligibility_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        prior = tracker.get_slot("prior_service")
        if prior in (PriorService.NONE.value, PriorService.OTHER.value):
            return ["prior_service"]
        employment = tracker.get_slot("employment")
        if employment and employment != Employment.ORDINARY.value:
            return ["prior_service", "employment"]
        return ["prior_service", "employment", "start_date"]

    async def extract_prior_service(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        value = entity_value(tracker, "prior_service")
        if value is None:
            found = read_prior_service(latest_text(tracker))
            # 「A型で働いています」 answers the employment question, not this one.
            if found is not None and not (
                tracker.get_slot("requested_slot") == "employment" and found is PriorService.TYPE_A
            ):
                value = found.value
        return {"prior_service": value} if value else {}

    async def extract_employment(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        value = entity_value(tracker, "employment")
        if value is None and tracker.get_slot("requested_slot") == "employment":
            found = read_employment(latest_text(tracker))
            value = found.value if found else None
        if value is None:
            # The first message often says it: 「B型から就職した息子」.
            text = latest_text(tracker)
            if tracker.get_slot("requested_slot") is None and "就職" in text:
                value = Employment.ORDINARY.value
        return {"employment": value} if value else {}


def _who(tracker: Tracker) -> str:
    return str(tracker.get_slot("person_ref") or "ご本人")


class ActionAskPriorService(Action):
    def name(self) -> str:
        return "action_ask_prior_service"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        buttons = [
            {"title": label, "payload": f'/inform{{"prior_service":"{service.value}"}}'}
            for service, label in PRIOR_SERVICE_LABELS_JA.items()
        ]
        dispatcher.utter_message(
            text=f"{_who(tracker)}は、就職する前に、どのサービスを使っていましたか。",
            buttons=[*buttons, STOP_BUTTON],
        )
        return []


class ActionAskEmployment(Action):
    def name(self) -> str:
        return "action_ask_employment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        options = (
            (Employment.ORDINARY, "会社などで働いている"),
            (Employment.TYPE_A_OFFICE, "A型事業所で働いている"),
            (Employment.NOT_WORKING, "今は働いていない"),
        )
        dispatcher.utter_message(
            text=f"{_who(tracker)}は、今どこで働いていますか。",
            buttons=[
                *(
                    {"title": label, "payload": f'/inform{{"employment":"{value.value}"}}'}
                    for value, label in options
                ),
                STOP_BUTTON,
            ],
        )
        return []


class ActionEligibilityVerdict(Action):
    """The verdict with its reason and the next step; clears the answers for a new check."""

    def name(self) -> str:
        return "action_eligibility_verdict"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = [SlotSet("prior_service", None), SlotSet("employment", None)]
        try:
            prior = PriorService(tracker.get_slot("prior_service"))
            employment = Employment(tracker.get_slot("employment") or Employment.ORDINARY.value)
        except ValueError:
            dispatcher.utter_message(text=FLOW_ERROR_JA, buttons=[CHECK_BUTTON])
            return reset
        start = _start_date(tracker)
        if (
            employment is Employment.ORDINARY
            and start is None
            and prior
            not in (
                PriorService.NONE,
                PriorService.OTHER,
            )
        ):
            dispatcher.utter_message(text=FLOW_ERROR_JA, buttons=[CHECK_BUTTON])
            return reset
        verdict = check_eligibility(
            prior_service=prior,
            employment=employment,
            start=start,
            today=today_in_japan(),
            variant=_variant(tracker),
        )
        buttons = []
        if verdict.first_day is not None:
            buttons.append({"title": "日付をくわしく見る", "payload": "/ask_personal_dates"})
        buttons.append({"title": "申し込みの手順", "payload": "/start_walkthrough"})
        dispatcher.utter_message(text="\n".join(verdict.lines_ja), buttons=buttons)
        return reset


# --- application walkthrough ----------------------------------------------------------

WALKTHROUGH_BUTTONS = [
    {"title": "次へ", "payload": "/walkthrough_next"},
    {"title": "前へ", "payload": "/walkthrough_back"},
    {"title": "最初から", "payload": "/walkthrough_restart"},
    STOP_BUTTON,
]


class ActionWalkthrough(Action):
    def name(self) -> str:
        return "action_walkthrough"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = latest_intent_name(tracker)
        current = tracker.get_slot("walkthrough_step")
        step, lead = walkthrough_target(
            intent,
            float(current) if current is not None else None,
            bool(tracker.get_slot("walkthrough_active")),
        )
        text = render_step(step)
        dispatcher.utter_message(
            text=f"{lead}\n{text}" if lead else text, buttons=WALKTHROUGH_BUTTONS
        )
        return [SlotSet("walkthrough_step", float(step)), SlotSet("walkthrough_active", True)]


class ActionOfferWalkthroughReturn(Action):
    """After an answer in the middle of the walkthrough: offer to go back to the same step."""

    def name(self) -> str:
        return "action_offer_walkthrough_return"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        current = tracker.get_slot("walkthrough_step")
        step = clamp_step(int(current)) if current is not None else 0
        dispatcher.utter_message(
            text=f"申し込みの手順（{step + 1}/{len(STEPS)}）に戻りますか。",
            buttons=[
                {"title": "手順に戻る", "payload": "/walkthrough_resume"},
                STOP_BUTTON,
            ],
        )
        return []


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
