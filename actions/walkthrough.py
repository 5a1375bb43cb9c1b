"""Custom actions of the application walkthrough: one step of 利用の流れ per turn, and the offer to
return to the same step after a question in the middle.

Thin by design: the steps and the navigation live in bot/walkthrough.py.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import STOP_BUTTON, latest_intent_name
from bot.walkthrough import STEPS, clamp_step, render_step, walkthrough_target

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
        step, lead = walkthrough_target(intent, float(current) if current is not None else None)
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
            response="utter_offer_walkthrough_return",
            step_number=step + 1,
            step_count=len(STEPS),
            buttons=[
                {"title": "手順に戻る", "payload": "/walkthrough_resume"},
                STOP_BUTTON,
            ],
        )
        return []
