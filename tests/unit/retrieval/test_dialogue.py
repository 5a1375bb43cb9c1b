"""What the dialogue does with the manual (bot/retrieval/dialogue.py): answer or refuse by the
route, and what 「詳しく」 shows next."""

from __future__ import annotations

import pytest

from bot.retrieval.dialogue import (
    MORE_SENTENCES,
    OUT_OF_SCOPE_THRESHOLD,
    ManualState,
    manual_reply,
    more_from,
    route_threshold,
)
from bot.retrieval.manual import ANSWER_THRESHOLD, ManualIndex
from bot.retrieval.passages import Passage

ANSWERABLE = "聴覚障害のある人には職場でどんな配慮が必要ですか"


def test_route_thresholds() -> None:
    assert route_threshold("nlu_fallback") == ANSWER_THRESHOLD
    assert route_threshold("ask_manual") == ANSWER_THRESHOLD
    assert route_threshold("out_of_scope") == OUT_OF_SCOPE_THRESHOLD > ANSWER_THRESHOLD


def test_a_manual_question_is_answered_on_the_manual_routes(manual_index: ManualIndex) -> None:
    for intent in ("nlu_fallback", "ask_manual"):
        answer = manual_reply(manual_index, ANSWERABLE, intent=intent)
        assert answer is not None and answer.passage.id in {"002-23-2", "002-23-0"}


def test_other_intents_never_reach_the_manual(manual_index: ManualIndex) -> None:
    assert manual_reply(manual_index, ANSWERABLE, intent="faq_cost") is None


def test_out_of_scope_needs_more_confidence(manual_index: ManualIndex) -> None:
    assessment = manual_index.assess(ANSWERABLE)
    assert assessment.answer is not None
    answered = manual_reply(manual_index, ANSWERABLE, intent="out_of_scope")
    assert (answered is not None) == (assessment.confidence >= OUT_OF_SCOPE_THRESHOLD)


@pytest.mark.parametrize(
    "question",
    ["障害年金の2級は月にいくらもらえますか", "最低賃金はいくらですか", "明日の天気は？", ""],
)
def test_near_domain_and_unrelated_questions_are_refused(
    manual_index: ManualIndex, question: str
) -> None:
    assert manual_reply(manual_index, question, intent="nlu_fallback") is None


def test_state_round_trip_and_bad_values() -> None:
    state = ManualState("002-23-2", (1, 4))
    assert ManualState.from_json(state.to_json()) == state
    for bad in (
        None,
        "",
        "not json",
        '{"passage": "x"}',
        '{"shown": [1]}',
        3,
        '{"passage": 1, "shown": ["a"]}',
    ):
        assert ManualState.from_json(bad) is None


PASSAGE = Passage(
    id="t-1",
    seed="002",
    lines=((1, 9),),
    title="見出し",
    section="見出し",
    text="\n".join(
        [
            "一つ目の文は十分に長い文です。",
            "二つ目の文も十分に長い文です。",
            "（１）見出し",
            "三つ目の文も十分に長い文です。",
            "四つ目の文も十分に長い文です。",
            "五つ目の文も十分に長い文です。",
            "六つ目の文も十分に長い文です。",
        ]
    ),
    source="支援マニュアル",
)


def test_more_reads_on_after_the_answer_then_goes_back() -> None:
    state = ManualState("t-1", (1,))  # the answer showed the second sentence
    first, state = more_from(PASSAGE, state)
    assert first == (
        "三つ目の文も十分に長い文です。",
        "四つ目の文も十分に長い文です。",
        "五つ目の文も十分に長い文です。",
    )
    assert len(first) == MORE_SENTENCES
    second, state = more_from(PASSAGE, state)
    assert second == ("六つ目の文も十分に長い文です。", "一つ目の文は十分に長い文です。")
    third, same = more_from(PASSAGE, state)
    assert third == () and same == state


def test_more_never_shows_a_heading() -> None:
    shown: list[str] = []
    state = ManualState("t-1", ())
    while True:
        more, state = more_from(PASSAGE, state)
        if not more:
            break
        shown += more
    assert "（１）見出し" not in shown and len(shown) == 6
