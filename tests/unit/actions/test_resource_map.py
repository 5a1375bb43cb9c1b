"""The resource map's form validation with rasa_sdk's real Tracker (actions/resource_map.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.resource_map import (
    ActionAskRmapInput,
    ActionResourceMapStart,
    ActionShowResourceMap,
    ValidateResourceMapForm,
    is_question,
    utter,
)
from bot import protocol
from bot.resource_map.dialogue import Reply
from bot.resource_map.model import LifeArea
from bot.resource_map.state import DialogueState, Step
from bot.resource_map.texts import LOST_NOTE, MAP_EXPLANATION
from tests.unit.actions.conftest import make_tracker, run_action


def tracker(
    text: str,
    *,
    intent: str,
    confidence: float = 0.95,
    choice: str | None = None,
    state: DialogueState | None = None,
    requested: str | None = "rmap_input",
) -> Tracker:
    return make_tracker(
        text,
        intent=intent,
        confidence=confidence,
        entities=[{"entity": "choice", "value": choice}] if choice else [],
        slots={"rmap_state": (state or DialogueState()).to_json()},
        active_loop="resource_map_form",
        requested_slot=requested,
        events=[],
    )


def run(t: Tracker) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    result = run_action(ValidateResourceMapForm(), t)
    return result.slots, result.messages


@pytest.mark.parametrize(
    ("intent", "confidence", "text", "expected"),
    [
        ("faq_cost", 0.95, "費用はいくらですか", True),
        ("faq_cost", 0.95, "お金のこと", False),  # an answer that sounds like a topic
        ("faq_cost", 0.5, "費用はいくらですか", False),
        ("help", 0.9, "何ができますか", True),
        ("out_of_scope", 0.99, "田中さん？", False),
    ],
)
def test_is_question(intent: str, confidence: float, text: str, expected: bool) -> None:
    assert is_question({"name": intent, "confidence": confidence}, text) is expected


@pytest.mark.parametrize(
    "choice",
    [
        "consent_yes",
        "suggest:障害者就業・生活支援センター",
        "edit:workplace:0",
        "suggest:" + "あ" * 39 + "…",
        'suggest:名前"引用"',
    ],
)
def test_choice_payload_passes_the_api_pattern(choice: str) -> None:
    dispatcher = CollectingDispatcher()
    utter(dispatcher, Reply(texts=("選んでください。",), buttons=(("ボタン", choice),)))
    [button] = dispatcher.messages[0]["buttons"]
    payload = button["payload"]
    assert protocol.is_payload(payload), payload  # the API accepts only such payloads
    assert json.loads(payload[len("/rmap_choice") :]) == {"choice": choice}


def test_a_button_moves_the_state_machine() -> None:
    slots, _ = run(tracker("/rmap_choice", intent="rmap_choice", choice="consent_no"))
    state = DialogueState.from_json(slots["rmap_state"])
    assert state.step is Step.GOAL and state.consent is False
    assert slots["rmap_input"] is None  # the form asks the next question


def test_a_question_is_let_through_to_the_faq() -> None:
    assert run(tracker("費用はいくらですか", intent="faq_cost")) == ({}, [])


def test_stop_is_let_through_to_its_rule() -> None:
    assert run(tracker("やめる", intent="stop")) == ({}, [])


def test_typed_text_is_an_answer_even_if_it_looks_like_a_topic() -> None:
    at_goal = DialogueState(step=Step.GOAL, consent=False)
    slots, _ = run(tracker("お金の心配なく働きたい", intent="faq_cost", state=at_goal))
    assert DialogueState.from_json(slots["rmap_state"]).map.goal == "お金の心配なく働きたい"


def test_activation_by_the_start_intent_leaves_the_talking_to_the_start_action() -> None:
    assert run(
        tracker("リソースマップを作りたい", intent="start_resource_map", requested=None)
    ) == (
        {},
        [],
    )


def test_finishing_fills_the_form_slot() -> None:
    slots, _ = run(
        tracker(
            "/rmap_choice",
            intent="rmap_choice",
            choice="done",
            state=DialogueState(step=Step.GOAL, consent=False),
        )
    )
    assert slots["rmap_input"] == "done"


def test_a_state_of_another_version_starts_afresh_with_a_kind_note() -> None:
    other_version = '{"v": 99, "map": {}, "step": "goal"}'
    t = make_tracker(
        "上司",
        intent="inform",
        slots={"rmap_state": other_version},
        active_loop="resource_map_form",
        requested_slot="rmap_input",
        events=[],
    )
    result = run_action(ValidateResourceMapForm(), t)
    assert DialogueState.from_json(result.slots["rmap_state"]) == DialogueState()
    assert result.slots["rmap_input"] is None  # the form asks the consent question next
    assert result.messages[0]["text"].startswith(LOST_NOTE)


def test_the_start_action_says_when_the_saved_state_was_lost() -> None:
    t = make_tracker("リソースマップの続き", slots={"rmap_state": "not json"})
    result = run_action(ActionResourceMapStart(), t)
    assert DialogueState.from_json(result.slots["rmap_state"]) == DialogueState()
    assert result.messages[0]["text"].split("\n")[:2] == [LOST_NOTE, MAP_EXPLANATION]


def test_showing_a_lost_map_says_so_and_offers_a_new_one() -> None:
    t = make_tracker("マップを見せて", slots={"rmap_state": '{"v": 0}'})
    [message] = run_action(ActionShowResourceMap(), t).messages
    assert message["text"].startswith(LOST_NOTE) and "まだマップがありません" in message["text"]
    assert message["buttons"] == [{"title": "マップを作る", "payload": "/start_resource_map"}]


def test_suggestions_are_announced_with_the_area_only() -> None:
    at_area = DialogueState(step=Step.AREA, area=LifeArea.HEALTH, consent=False)
    question, announced = run_action(
        ActionAskRmapInput(), tracker("", intent="x", state=at_area)
    ).messages
    assert "心身の安定" in question["text"]
    assert announced["custom"] == {protocol.RESOURCE_MAP_SUGGESTIONS: {"area": "health"}}


def test_the_start_action_skips_the_disability_question_when_the_metadata_says_so() -> None:
    metadata = {
        protocol.METADATA_CHANNEL: protocol.CHANNEL_LINE,
        protocol.METADATA_ASK_DISABILITY: False,
    }
    events = [{"event": "user", "text": "マップを作りたい", "metadata": metadata}]
    result = run_action(ActionResourceMapStart(), make_tracker("マップを作りたい", events=events))
    state = DialogueState.from_json(result.slots["rmap_state"])
    assert state.step is Step.GOAL and state.consent is False
    asked = run_action(ActionAskRmapInput(), make_tracker(slots={"rmap_state": state.to_json()}))
    assert "障害" not in " ".join(m.get("text") or "" for m in asked.messages)


@pytest.mark.parametrize(
    "metadata", [None, {}, {protocol.METADATA_ASK_DISABILITY: True}, {"channel": "line"}]
)
def test_the_start_action_asks_consent_on_the_web_or_when_enabled(
    metadata: dict[str, Any] | None,
) -> None:
    events = [{"event": "user", "text": "マップ", "metadata": metadata}]
    result = run_action(ActionResourceMapStart(), make_tracker("マップ", events=events))
    assert DialogueState.from_json(result.slots["rmap_state"]) == DialogueState()
