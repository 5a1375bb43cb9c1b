"""The real bot sends the `unanswered` marker the API relies on (bot.protocol.UNANSWERED).

The API tests' fake Rasa (tests/api/conftest.py: rasa_output) sends the fallback responses as
Rasa 3.6's REST channel does: the text with its buttons, then the custom part as a message of its
own. This checks that the trained bot really answers that way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.protocol import UNANSWERED

Talk = Callable[..., list[dict[str, Any]]]


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        pytest.param("ぴよぴよ もにょもにょ ふがふが", "fallback", id="nonsense"),
        pytest.param("/nlu_fallback", "fallback", id="low-confidence"),
        pytest.param("明日の東京の天気を教えて", "out_of_scope", id="out-of-scope"),
    ],
)
def test_fallback_answers_carry_the_unanswered_marker(
    talk: Talk, message: str, reason: str
) -> None:
    answer = talk(message)
    markers = [i for i, m in enumerate(answer) if UNANSWERED in (m.get("custom") or {})]
    assert len(markers) == 1, answer
    [i] = markers
    assert answer[i] == {"recipient_id": answer[i]["recipient_id"], "custom": {UNANSWERED: reason}}
    # right after the apology, which keeps its buttons
    assert i > 0 and answer[i - 1]["text"].startswith("ごめんなさい") and answer[i - 1]["buttons"]


def test_an_answered_question_has_no_marker(talk: Talk) -> None:
    answer = talk("費用はいくらですか")
    assert not any(UNANSWERED in (m.get("custom") or {}) for m in answer), answer
