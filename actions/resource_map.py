"""Custom actions for the resource map (リソースマップ, 002 §32).

The conversation is the pure state machine in bot/resource_map/dialogue.py; its state travels in
the `rmap_state` slot as JSON. The map is stored by the API layer, which relays every bot message:
these actions announce the current map as {"custom": {"resource_map": ...}} and a deletion as
{"custom": {"resource_map_deleted": true}} (the keys and the button grammar are `bot.protocol`'s;
docs/api.md). Without the API (plain REST channel) the map lives only as long as the conversation.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import entity_value, latest_metadata, latest_text
from bot import protocol
from bot.resource_map.dialogue import Reply, ask, handle, start, state_summary_dict, summary
from bot.resource_map.state import DialogueState
from bot.resource_map.texts import LOST_NOTE, MAP_EXPLANATION

# A typed message with one of these intents (and this confidence) is a question, not an answer:
# the form lets it through, the question is answered, and the form asks again.
QUESTION_PREFIXES = ("faq_",)
QUESTION_INTENTS = frozenset({"help", "bot_challenge", "ask_more"})
QUESTION_CONFIDENCE = 0.8


def _state(tracker: Tracker) -> tuple[DialogueState, bool]:
    """The conversation's state, and whether a saved one could not be read (`lost`)."""
    return DialogueState.restore(tracker.get_slot("rmap_state"))


# Typed answers such as 「仕事の悩み」 can look like an FAQ topic to the classifier; a question
# also reads like one.
QUESTION_MARKERS = (
    "？",
    "?",
    "ですか",
    "ますか",
    "いくら",
    "どこ",
    "いつ",
    "だれ",
    "誰",
    "何",
    "なに",
    "どう",
)


def is_question(intent: dict[str, Any] | None, text: str) -> bool:
    """True when the message is a confident FAQ question rather than an answer for the map."""
    name = str((intent or {}).get("name") or "")
    confidence = float((intent or {}).get("confidence") or 0.0)
    asks = name.startswith(QUESTION_PREFIXES) or name in QUESTION_INTENTS
    return asks and confidence >= QUESTION_CONFIDENCE and any(m in text for m in QUESTION_MARKERS)


def utter(dispatcher: CollectingDispatcher, reply: Reply, *, skip: tuple[str, ...] = ()) -> None:
    """Utters a reply: its texts as one message, with its buttons; `skip` drops repeated texts."""
    texts = [t for t in reply.texts if t not in skip]
    buttons = [
        {"title": title, "payload": protocol.choice_payload(c)} for title, c in reply.buttons
    ]
    if texts:
        dispatcher.utter_message(text="\n".join(texts), buttons=buttons)
    elif buttons:
        dispatcher.utter_message(text="選んでください。", buttons=buttons)


def asks_disability(tracker: Tracker) -> bool:
    """False when the channel skips the disability-type question (LINE, by default)."""
    return latest_metadata(tracker).get(protocol.METADATA_ASK_DISABILITY) is not False


def announce_map(dispatcher: CollectingDispatcher, state: DialogueState) -> None:
    """The API layer stores the map when it sees this (only disability types with consent)."""
    dispatcher.utter_message(json_message={protocol.RESOURCE_MAP: state_summary_dict(state)})


def announce_suggestions(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """Lets the API add the office's local directory entries to the suggestion buttons."""
    if reply.suggest_area is not None:
        dispatcher.utter_message(
            json_message={protocol.RESOURCE_MAP_SUGGESTIONS: {"area": reply.suggest_area.value}}
        )


class ActionResourceMapStart(Action):
    """Explains the map in two sentences (or says it continues), before the form asks."""

    def name(self) -> str:
        return "action_resource_map_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        saved, lost = _state(tracker)
        state, reply = start(saved, lost=lost, ask_disability=asks_disability(tracker))
        # The question itself comes from action_ask_rmap_input, right after this.
        utter(dispatcher, Reply(texts=reply.texts, buttons=()), skip=ask(state).texts)
        return [SlotSet("rmap_state", state.to_json()), SlotSet("rmap_input", None)]


class ValidateResourceMapForm(FormValidationAction):
    """One user turn of the map conversation: the state machine decides what it means."""

    def name(self) -> str:
        return "validate_resource_map_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        latest = tracker.latest_message or {}
        intent = latest.get("intent") or {}
        choice = entity_value(tracker, "choice") or None
        if tracker.get_slot("requested_slot") is None and not choice:
            # Activation by start_resource_map: the start action already spoke.
            return []
        text = latest_text(tracker)
        if choice is None and (is_question(intent, text) or intent.get("name") == "stop"):
            return []  # rejected: the rules answer the question, then the form asks again
        saved, lost = _state(tracker)
        if lost:  # the answer was to a question of the lost state: start afresh instead
            state, reply = start(None, lost=True, ask_disability=asks_disability(tracker))
        else:
            state, reply = handle(saved, text=text, choice=choice)
        utter(dispatcher, Reply(texts=reply.texts, buttons=()), skip=ask(state).texts)
        if reply.map_changed:
            announce_map(dispatcher, state)
        return [
            SlotSet("rmap_state", state.to_json()),
            SlotSet("rmap_input", "done" if reply.finished else None),
        ]


class ActionAskRmapInput(Action):
    """The question of the current step, with its buttons."""

    def name(self) -> str:
        return "action_ask_rmap_input"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        state, _lost = _state(tracker)
        reply = ask(state)
        utter(dispatcher, reply)
        announce_suggestions(dispatcher, reply)
        return []


class ActionResourceMapDone(Action):
    """The finished map read back, with edit buttons; the form can be opened again later."""

    def name(self) -> str:
        return "action_resource_map_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        state, _lost = _state(tracker)
        utter(dispatcher, summary(state))
        announce_map(dispatcher, state)
        return [SlotSet("rmap_input", None)]


class ActionShowResourceMap(Action):
    def name(self) -> str:
        return "action_show_resource_map"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        state, lost = _state(tracker)
        if lost or (state.map.is_empty and not tracker.get_slot("rmap_state")):
            lead = f"{LOST_NOTE}\n" if lost else ""
            dispatcher.utter_message(
                text=f"{lead}まだマップがありません。\n{MAP_EXPLANATION}",
                buttons=[
                    {"title": "マップを作る", "payload": protocol.payload("start_resource_map")}
                ],
            )
            return []
        utter(dispatcher, summary(state))
        announce_map(dispatcher, state)
        return []


class ActionDeleteResourceMap(Action):
    """Deletes the map for real: the conversation forgets it and the API removes the stored copy."""

    def name(self) -> str:
        return "action_delete_resource_map"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text="マップを消しました。保存していた内容も消えます。")
        dispatcher.utter_message(json_message={protocol.RESOURCE_MAP_DELETED: True})
        return [SlotSet("rmap_state", None), SlotSet("rmap_input", None)]
