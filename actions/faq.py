"""Custom actions. Kept thin: decisions live in plain functions that tests call directly."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

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


def detail_response_for(intent: str | None, responses: Iterable[str]) -> str:
    """The response that expands on ``intent``'s answer, or the 'nothing more' response."""
    if intent:
        candidate = f"utter_{intent}{DETAIL_SUFFIX}"
        if candidate in set(responses):
            return candidate
    return "utter_nothing_more"


class ActionMoreDetail(Action):
    """「詳しく」: the longer answer to the FAQ asked last."""

    def name(self) -> str:
        return "action_more_detail"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[dict[str, Any]]:
        intent = last_faq_intent(tracker.events)
        dispatcher.utter_message(response=detail_response_for(intent, domain.get("responses", {})))
        return []
