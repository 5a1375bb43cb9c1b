"""Answers from the manual over Rasa's REST channel, with the live action server (issue 13)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.protocol import UNANSWERED

Talk = Callable[..., list[dict[str, Any]]]
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def seeds_text() -> str:
    return squeeze("".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))))


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def quoted_sentences(text: str) -> list[str]:
    """The lines of a manual answer between the lead-in and the source line."""
    lines = text.split("\n")
    source = next(i for i, line in enumerate(lines) if line.endswith("より"))
    return [line for line in lines[:source] if line != "資料には、こう書かれています。"]


def test_a_question_for_the_manual_is_answered_with_its_sentences_and_more(talk: Talk) -> None:
    first = talk("支援体制構築未実施減算とはどういうものですか")
    answer = texts(first)
    assert "より" in answer and ("支援マニュアル" in answer or "計画相談向け" in answer), answer
    assert not any(UNANSWERED in (m.get("custom") or {}) for m in first)
    seeds = seeds_text()
    sentences = quoted_sentences(answer)
    assert sentences
    for sentence in sentences:
        assert squeeze(sentence) in seeds, sentence
    assert any(b["payload"] == "/ask_more" for m in first for b in m.get("buttons", []))
    more = texts(talk("詳しく"))
    added = quoted_sentences(more)
    assert added and not set(added) & set(sentences), more
    for sentence in added:
        assert squeeze(sentence) in seeds, sentence


@pytest.mark.parametrize(
    "question",
    [
        "障害年金の1級は月にいくらもらえますか",
        "大阪府の最低賃金はいくらですか",
        # Figure questions that share a word with a FAQ (自己負担, ジョブコーチ): no FAQ for them.
        "訪問介護を使ったら自己負担はいくらですか",
        "ジョブコーチの助成金は月いくらですか",
    ],
)
def test_a_near_domain_question_gets_the_fallback_and_no_figure(talk: Talk, question: str) -> None:
    answer = talk(question)
    assert any(UNANSWERED in (m.get("custom") or {}) for m in answer), answer
    assert not re.search(r"[0-9０-９]", texts(answer)), answer


@pytest.mark.parametrize(
    ("question", "must_contain"),
    [
        pytest.param("耳が聞こえにくい社員への配慮を教えて", ["聴覚障害"], id="hearing"),
        pytest.param("支援レポートには何が書いてありますか", ["支援レポート"], id="report"),
        pytest.param("仕事を辞めたいです", ["相談できます"], id="quit"),
    ],
)
def test_manual_topics_get_their_hand_written_answers(
    talk: Talk, question: str, must_contain: list[str]
) -> None:
    answer = texts(talk(question))
    for phrase in must_contain:
        assert phrase in answer, answer
