"""The bot over Rasa's REST channel, as a website or the API layer talks to it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Talk = Callable[..., list[dict[str, Any]]]


def texts(messages: list) -> str:
    return "\n".join(m.get("text", "") for m in messages)


@pytest.mark.parametrize(
    ("question", "must_contain"),
    [
        pytest.param("費用はいくらですか", ["1割", "上限", "市区町村"], id="cost"),
        pytest.param("何年使えますか", ["最長3年間", "7か月目", "3年6か月"], id="duration"),
        pytest.param(
            "B型から就職しましたが使えますか", ["B型", "6か月", "使えます"], id="eligibility"
        ),
    ],
)
def test_acceptance_questions_are_answered_from_the_facts(
    talk: Talk, question: str, must_contain: list
) -> None:
    answer = texts(talk(question))
    for phrase in must_contain:
        assert phrase in answer, answer


def test_faq_answer_offers_more_and_more_gives_the_long_version(talk: Talk) -> None:
    first = talk("お金はかかる？")
    assert any(b["payload"] == "/ask_more" for m in first for b in m.get("buttons", []))
    detail = texts(talk("詳しく"))
    assert "9,300円" in detail and "37,200円" in detail


def test_more_without_a_question_says_so_kindly(talk: Talk) -> None:
    answer = talk("/ask_more")
    assert "これで全部" in texts(answer)
    assert answer[-1].get("buttons"), "the user gets choices, not a dead end"


def test_out_of_scope_gets_no_fact(talk: Talk) -> None:
    answer = texts(talk("明日の東京の天気を教えて"))
    assert "お答えできません" in answer
    assert "1割" not in answer and "3年" not in answer


@pytest.mark.parametrize(
    "message",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="spaces"),
        pytest.param("😀😀😀", id="emoji-only"),
        pytest.param("\x00\x07\x1b[31m", id="control-chars"),
        pytest.param("あ" * 5000, id="5000-chars"),
        pytest.param("ｼｭｳﾛｳﾃｲﾁｬｸ？？？" * 50, id="half-width-repeated"),
    ],
)
def test_broken_input_gets_a_kind_reply_not_an_error(talk: Talk, message: str) -> None:
    answer = talk(message)
    assert answer, "the bot must always answer something"
    reply = texts(answer)
    assert "Traceback" not in reply and "Error" not in reply
    # kind and useful: an apology or an answer, plus choices of what to ask
    assert any(m.get("buttons") for m in answer), answer


def test_core_answer_comes_with_its_easy_japanese_version(talk: Talk) -> None:
    messages = talk("費用はいくらですか")
    kinds = ["custom" if "custom" in m else "text" for m in messages]
    # the API layer pairs a custom easy_ja message with the text right before it
    assert kinds[:2] == ["text", "custom"], messages
    easy = messages[1]["custom"]["easy_ja"]
    assert "1わり" in easy and "0円" in easy
