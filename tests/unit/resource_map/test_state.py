"""Where a conversation stands, as the Rasa slot keeps it (bot/resource_map/state.py)."""

from __future__ import annotations

import pytest

from bot.resource_map.model import Contact, DisabilityType, LifeArea
from bot.resource_map.state import DialogueState, Step
from tests.unit.resource_map.conftest import at, one_contact_map

W, H, D, L = LifeArea.WORKPLACE, LifeArea.HEALTH, LifeArea.DAILY_LIFE, LifeArea.LEISURE


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "null",
        "[]",
        "{}",
        "42",
        "not json",
        '{"v": 1, "step": "area"}',
        '{"v": 1, "map": {}, "step": "nowhere"}',
        '{"v": 1, "map": {"areas": {"moon": {}}}, "step": "goal"}',
        '{"v": 1, "map": {}, "step": "about", "area": "workplace", "pending": null}',
        '{"v": 1, "map": {}, "step": "goal", "consent": false, "disability_types": ["mental"]}',
        '{"v": 1, "map": {}, "step": "goal", "consent": "yes"}',
        '{"v": 1, "map": {}, "step": "edit_field", "edit": ["workplace", 0, ""]}',
        '{"v": 1, "map": {}, "step": "goal", "edit": ["workplace", "0", ""]}',
        '{"v": 1, "map": {"goal": "\\u0000"}, "step": "goal"}',
        "[" * 5000,
        # a well-formed state of another version (or of none) is not read either
        '{"map": {}, "step": "goal"}',
        '{"v": 2, "map": {}, "step": "goal"}',
        '{"v": "1", "map": {}, "step": "goal"}',
        '{"v": true, "map": {}, "step": "goal"}',
    ],
)
def test_garbage_json_gives_a_fresh_state(text: str | None) -> None:
    assert DialogueState.from_json(text) == DialogueState()
    state, lost = DialogueState.restore(text)
    assert state == DialogueState()
    assert lost is bool(text)  # nothing saved is not a loss


def test_the_same_state_of_this_version_is_read() -> None:
    assert DialogueState.restore('{"v": 1, "map": {}, "step": "goal"}') == (
        DialogueState(step=Step.GOAL),
        False,
    )


def test_json_round_trip_keeps_everything() -> None:
    state = DialogueState(
        map=one_contact_map(),
        step=Step.EDIT_VALUE,
        area=W,
        consent=True,
        disability_types=(DisabilityType.PHYSICAL,),
        edit=(W, 0, "how"),
    )
    assert DialogueState.from_json(state.to_json()) == state
    pending = at(Step.HOW, pending=Contact("上司", about="仕事"))
    assert DialogueState.from_json(pending.to_json()) == pending
