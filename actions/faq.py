"""Custom actions. Kept thin: decisions live in plain functions that tests call directly."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.manual import STATE_SLOT, manual_more

FAQ_PREFIX = "faq_"
DETAIL_SUFFIX = "_detail"


def last_faq_intent(events: Iterable[dict[str, Any]]) -> str | None:
    """The most recent FAQ intent the user asked about, or None.

    Walks the events backwards so that 「詳しく」 always refers to the latest FAQ, even after
    chit-chat in between (「ありがとう」「詳しく」).
    """
    for event in reversed(list(events)):
        if event.get("event") != "user":
            continue
        name = (event.get("parse_data") or {}).get("intent", {}).get("name") or ""
        if name.startswith(FAQ_PREFIX):
            return name
    return None


def last_answer_was_manual(events: Iterable[dict[str, Any]]) -> bool:
    """True when the latest answer 「詳しく」 can refer to came from the manual.

    Walking backwards, a FAQ question means the FAQ; a ``manual_state`` set to a passage (by a
    grounded answer or an earlier 「詳しく」) means the manual. A refusal unsets the slot and is
    skipped, so 「詳しく」 then still refers to an earlier answer.
    """
    for event in reversed(list(events)):
        if event.get("event") == "slot" and event.get("name") == STATE_SLOT:
            if event.get("value"):
                return True
        elif event.get("event") == "user":
            name = (event.get("parse_data") or {}).get("intent", {}).get("name") or ""
            if name.startswith(FAQ_PREFIX):
                return False
    return False


def detail_response_for(intent: str | None, responses: Iterable[str]) -> str:
    """The response that expands on ``intent``'s answer, or the 'nothing more' response."""
    if intent:
        candidate = f"utter_{intent}{DETAIL_SUFFIX}"
        if candidate in set(responses):
            return candidate
    return "utter_nothing_more"


class ActionMoreDetail(Action):
    """「詳しく」: the longer answer to the FAQ asked last, or the manual passage's next
    sentences after a grounded answer."""

    def name(self) -> str:
        return "action_more_detail"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[dict[str, Any]]:
        if last_answer_was_manual(tracker.events):
            more = manual_more(tracker.get_slot(STATE_SLOT))
            if more is not None:
                sentences, source, state = more
                if not sentences:
                    dispatcher.utter_message(response="utter_nothing_more")
                    return []
                dispatcher.utter_message(
                    response="utter_manual_more", more=sentences, source=source
                )
                return [SlotSet(STATE_SLOT, state)]
        intent = last_faq_intent(tracker.events)
        dispatcher.utter_message(response=detail_response_for(intent, domain.get("responses", {})))
        return []
