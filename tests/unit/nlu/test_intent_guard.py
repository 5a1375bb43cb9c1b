"""DateIntentGuard: `inform_date` needs a date in the message (bot/nlu/intent_guard.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from bot.nlu.intent_guard import demote_dateless

ROOT = Path(__file__).resolve().parents[3]

RANKING = [
    {"name": "inform_date", "confidence": 0.7},
    {"name": "out_of_scope", "confidence": 0.2},
    {"name": "faq_cost", "confidence": 0.1},
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("1+1は？", "out_of_scope", id="arithmetic"),
        pytest.param("123", "out_of_scope", id="digits"),
        pytest.param("2024年4月1日", "inform_date", id="date"),
        pytest.param("4月です", "inform_date", id="month"),
        pytest.param("15日", "inform_date", id="bare-day"),
        pytest.param("2月30日", "inform_date", id="impossible-date-is-still-a-date"),
        pytest.param("れいわ6ねん4がつ1にち", "inform_date", id="hiragana-date"),
    ],
)
def test_inform_date_needs_a_date(text: str, expected: str) -> None:
    intent, ranking = demote_dateless(RANKING[0], RANKING, text)
    assert intent["name"] == expected
    assert all(r["name"] != "inform_date" for r in ranking) or expected == "inform_date"


def test_other_intents_are_left_alone() -> None:
    intent = {"name": "faq_cost", "confidence": 0.9}
    assert demote_dateless(intent, [intent], "1+1は？") == (intent, [intent])


def test_nothing_left_gives_no_intent() -> None:
    intent, ranking = demote_dateless(RANKING[0], RANKING[:1], "abc")
    assert intent["name"] is None and ranking == []


def test_the_guard_loads_date_parsing_but_no_dialogue_texts() -> None:
    # What the model fingerprint hashes (scripts/model_inputs.py): editing the date rules or the
    # dialogue texts must not make the trained model stale.
    spec = importlib.util.spec_from_file_location("model_inputs", ROOT / "scripts/model_inputs.py")
    assert spec and spec.loader
    model_inputs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(model_inputs)
    inputs = set(model_inputs.model_inputs())
    assert "bot/dates/parse.py" in inputs
    assert not {"bot/dates/dialogue.py", "bot/dates/rules.py"} & inputs
