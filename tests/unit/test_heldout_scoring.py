"""How the benchmark and the held-out gate score predictions."""

from __future__ import annotations

import pytest

from bench.heldout import Example, Prediction, is_correct, macro_f1, prediction_from_parse, score


@pytest.mark.parametrize(
    ("gold", "predicted", "correct"),
    [
        ("faq_cost", "faq_cost", True),
        ("faq_cost", "faq_duration", False),
        ("faq_cost", "nlu_fallback", False),
        ("out_of_scope", "nlu_fallback", True),
        ("out_of_scope", "out_of_scope", True),
        ("out_of_scope", "faq_cost", False),
    ],
)
def test_is_correct(gold: str, predicted: str, correct: bool) -> None:
    assert is_correct(gold, predicted) is correct


def test_macro_f1_perfect_and_wrong() -> None:
    assert macro_f1(["a", "b"], ["a", "b"]) == 1.0
    assert macro_f1(["a", "b"], ["b", "a"]) == 0.0
    # a: tp=1 fn=1 -> 2/3; b: tp=1 fp=1 -> 2/3
    assert macro_f1(["a", "a", "b"], ["a", "b", "b"]) == pytest.approx(2 / 3)


def test_score_counts_out_of_scope_answered_with_a_fact() -> None:
    examples = [
        Example("天気", "out_of_scope"),
        Example("費用", "faq_cost"),
        Example("あ", "out_of_scope"),
    ]
    predictions = [
        Prediction("faq_cost", "faq_cost", 0.9),
        Prediction("faq_cost", "faq_cost", 0.9),
        Prediction("nlu_fallback", "out_of_scope", 0.3),
    ]
    result = score(examples, predictions)
    assert result.accuracy == pytest.approx(2 / 3)
    assert result.out_of_scope_answered_with_fact == ["天気"]
    assert result.confusions == [("天気", "out_of_scope", "faq_cost")]


def test_prediction_from_parse_reads_the_classifier_pick_under_fallback() -> None:
    parsed = {
        "intent": {"name": "nlu_fallback", "confidence": 0.55},
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.55},
            {"name": "faq_cost", "confidence": 0.4},
        ],
    }
    assert prediction_from_parse(parsed) == Prediction("nlu_fallback", "faq_cost", 0.4)
