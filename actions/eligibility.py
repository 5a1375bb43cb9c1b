"""Custom actions of the eligibility check for families: the form (prior service, current work,
start date), its questions and the verdict.

Thin by design: the rules, keyword readers and verdict texts live in bot/eligibility.py.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    STOP_BUTTON,
    FlowFormValidation,
    entity_value,
    latest_text,
    start_date_slot,
    support_variant,
)
from bot.dates.rules import today_in_japan
from bot.eligibility import (
    EMPLOYMENT_LABELS_JA,
    PRIOR_SERVICE_LABELS_JA,
    Employment,
    PriorService,
    check_eligibility,
)
from bot.nlu.service_matcher import (
    load_readers,
    read_employment_answer,
    read_prior_service_answer,
)

# The typed-answer readers use spaCy: load it at start-up, not on the first answer.
load_readers()

CHECK_BUTTON = {"title": "使えるか確認する", "payload": "/check_eligibility"}


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
            found = read_prior_service_answer(latest_text(tracker))
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
            found = read_employment_answer(latest_text(tracker))
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
            response="utter_prior_service_question",
            who=_who(tracker),
            buttons=[*buttons, STOP_BUTTON],
        )
        return []


class ActionAskEmployment(Action):
    def name(self) -> str:
        return "action_ask_employment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        buttons = [
            {"title": label, "payload": f'/inform{{"employment":"{employment.value}"}}'}
            for employment, label in EMPLOYMENT_LABELS_JA.items()
        ]
        dispatcher.utter_message(
            response="utter_employment_question",
            who=_who(tracker),
            buttons=[*buttons, STOP_BUTTON],
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
            dispatcher.utter_message(response="utter_flow_error", buttons=[CHECK_BUTTON])
            return reset
        start = start_date_slot(tracker)
        if (
            employment is Employment.ORDINARY
            and start is None
            and prior
            not in (
                PriorService.NONE,
                PriorService.OTHER,
            )
        ):
            dispatcher.utter_message(response="utter_flow_error", buttons=[CHECK_BUTTON])
            return reset
        verdict = check_eligibility(
            prior_service=prior,
            employment=employment,
            start=start,
            today=today_in_japan(),
            variant=support_variant(tracker),
        )
        buttons = []
        if verdict.first_day is not None:
            buttons.append({"title": "日付をくわしく見る", "payload": "/ask_personal_dates"})
        buttons.append({"title": "申し込みの手順", "payload": "/start_walkthrough"})
        dispatcher.utter_message(text="\n".join(verdict.lines_ja), buttons=buttons)
        return reset
