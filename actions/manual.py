"""Answers from the manual when no FAQ fits (nlu_fallback, out_of_scope, ask_manual).

The seed index is built once, when rasa_sdk imports this module at start-up: if the seeds are
missing the action server stops with SeedsNotFoundError instead of running without answers
(``BOT_SEEDS_DIR`` or ``../shared/seeds``; docs/deploy.md). What to say is decided by
``bot.retrieval.dialogue``; the texts are domain.yml responses:

- an answer: ``utter_manual_answer`` (the 1-3 sentences, verbatim, and the source named in
  plain words, with 「詳しく」), and the ``manual_state`` slot for 「詳しく」;
- no answer: today's kind fallback, ``utter_default`` or ``utter_out_of_scope``, which carry the
  API's ``unanswered`` marker.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_intent_name, latest_text
from bot.retrieval import ManualIndex
from bot.retrieval.dialogue import ManualState, manual_reply, more_from

logger = logging.getLogger(__name__)

STATE_SLOT = "manual_state"
REFUSALS = {"out_of_scope": "utter_out_of_scope"}
DEFAULT_REFUSAL = "utter_default"


def build_index() -> ManualIndex:
    """The seed index, built at start-up (raises SeedsNotFoundError: fail loudly)."""
    started = time.perf_counter()
    index = ManualIndex.from_seeds()
    logger.info(
        "Manual index: %d passages in %.1f s", len(index.passages), time.perf_counter() - started
    )
    return index


INDEX = build_index()


def refusal_for(intent: str) -> str:
    """The fallback response for a message the manual cannot answer."""
    return REFUSALS.get(intent, DEFAULT_REFUSAL)


class ActionManualAnswer(Action):
    """A grounded answer from the manual, or today's kind fallback."""

    def name(self) -> str:
        return "action_manual_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = latest_intent_name(tracker)
        answer = manual_reply(INDEX, latest_text(tracker), intent=intent)
        if answer is None:
            dispatcher.utter_message(response=refusal_for(intent))
            return [SlotSet(STATE_SLOT, None)]
        dispatcher.utter_message(
            response="utter_manual_answer", answer=answer.text, source=answer.source
        )
        return [SlotSet(STATE_SLOT, ManualState.for_answer(answer).to_json())]


def manual_more(state_value: object) -> tuple[str, str, str | None] | None:
    """For 「詳しく」 after a manual answer: (more sentences, source, new state JSON), or None
    when the state is unset or unknown. Empty sentences mean the passage has nothing more."""
    state = ManualState.from_json(state_value)
    passage = INDEX.get(state.passage_id) if state else None
    if state is None or passage is None:
        return None
    sentences, new_state = more_from(passage, state)
    return "\n".join(sentences), passage.citation(), new_state.to_json()
