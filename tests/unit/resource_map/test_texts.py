"""What the resource map conversation says (bot/resource_map/texts.py)."""

from __future__ import annotations

import re

import pytest

from bot.resource_map.texts import CONSENT_DECLINED_TEXT, CONSENT_TEXT, MAP_EXPLANATION

SENTENCE = re.compile(r"[^。？！]+[。？！]")


@pytest.mark.parametrize(
    "text", [MAP_EXPLANATION, CONSENT_TEXT, CONSENT_DECLINED_TEXT], ids=["explain", "consent", "no"]
)
def test_user_texts_are_short_sentences(text: str) -> None:
    sentences = SENTENCE.findall(text)
    assert "".join(sentences) == text
    assert all(len(s) <= 40 for s in sentences), sentences


def test_explanation_is_two_sentences_about_the_worksheet() -> None:
    sentences = SENTENCE.findall(MAP_EXPLANATION)
    assert len(sentences) == 2
    assert "めざす姿" in MAP_EXPLANATION and "誰に" in MAP_EXPLANATION


def test_consent_text_says_what_is_stored_and_that_it_is_optional() -> None:
    for phrase in ("障害の種類", "病名や体調", "保存しません", "答えなくても", "削除"):
        assert phrase in CONSENT_TEXT
    assert CONSENT_TEXT.endswith("？")
