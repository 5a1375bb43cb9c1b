"""Typed text that starts with "/" is text, not an intent (security review L4), with the real bot.

Rasa's REST channel reads a message starting with "/" as an intent with entities, so "/restart"
typed into the widget would reset the conversation. The API sends typed text through
`bot.protocol.as_typed_text` (the first "/" as the full-width "／", which the tokenizer
normalises back); here the trained bot gets exactly what the API sends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.protocol import TYPED_SLASH, as_typed_text

Talk = Callable[..., list[dict[str, Any]]]
DATE = "2024年4月1日に就職しました。いつから使えますか？"
DATES_AGAIN = "自分はいつから使えるか計算して"
FIRST_DAY = "使い始められる日：2024年10月1日"


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def test_the_raw_slash_is_read_as_an_intent(talk: Talk) -> None:
    """What the API prevents: sent as it is, "/restart" resets the conversation."""
    assert FIRST_DAY in texts(talk(DATE))
    assert talk("/restart") == []
    assert "働き始めた日を教えてください" in texts(talk(DATES_AGAIN))  # the date is forgotten


def test_typed_restart_is_text_and_the_conversation_goes_on(talk: Talk) -> None:
    assert FIRST_DAY in texts(talk(DATE))
    typed = as_typed_text("/restart")
    assert typed == TYPED_SLASH + "restart"
    assert "ごめんなさい" in texts(talk(typed))  # answered as (unknown) text, no reset
    assert FIRST_DAY in texts(talk(DATES_AGAIN))  # the date given before is kept


def test_a_typed_intent_name_is_not_the_button(talk: Talk) -> None:
    assert "1割" in texts(talk("/faq_cost"))  # the button's payload
    assert "1割" not in texts(talk(as_typed_text("/faq_cost")))  # typed: just words


def test_typed_text_with_a_slash_is_understood_as_the_text(talk: Talk) -> None:
    """The NLU sees the same tokens: a question after a typed "/" is answered as the question."""
    assert "1割" in texts(talk("費用はいくらですか"))
    assert "1割" in texts(talk(as_typed_text("/費用はいくらですか")))
