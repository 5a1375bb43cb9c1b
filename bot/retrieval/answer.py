"""Extractive answers and the checks that decide whether the bot may answer at all.

- ``pick_sentences``: 1–3 sentences of a passage, verbatim, most relevant first, short ones
  preferred (≤ ~80 characters where the passage allows). Headings, figure labels and sentences
  with a lost glyph (002's PDF) are never picked.
- ``asks_for_figure`` / ``figure_supported``: a question asking for a number (いくら, 何％,
  何人…) or a contact detail (電話番号, 住所, 受付時間) is answered only if a picked sentence holds a number AND the question's own topic
  words; 「障害年金はいくら」 must not be answered with the 1割 of the service fee.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.retrieval.analysis import Analysis
from bot.retrieval.reflow import has_glyph_gap
from bot.text.figures import ASKING_WORDS, FIGURE_TOPIC_SHARE, asks_for_figure

__all__ = [
    "ScoredSentence",
    "asks_for_figure",
    "figure_supported",
    "pick_sentences",
    "showable",
]

SHORT_SENTENCE = 80  # characters; users read short sentences (project rule: ~40 where possible)
_NUMBER = re.compile(
    r"[0-9０-９]|[一二三四五六七八九十百千万]+(?:割|人|名|回|年|か月|カ月|ヶ月|日|円)"
)


@dataclass(frozen=True)
class ScoredSentence:
    text: str
    score: float
    position: int


def showable(sentence: str) -> bool:
    """A sentence a user may be shown: ends like a sentence (or is a list item), is not a
    heading or a figure label, and lost no glyph in the PDF."""
    if len(sentence) < 8 or has_glyph_gap(sentence) or "http" in sentence:
        return False
    if re.match(r"^[（(]\s*[0-9０-９]+\s*[）)]", sentence):  # a numbered sub-heading
        return sentence.endswith("。")
    return sentence[-1] in "。！？!?）)」" or sentence.startswith(("・", "-", "•"))


def pick_sentences(
    query_words: list[str],
    query_chars: list[str],
    sentences: list[str],
    analyse: Callable[[str], Analysis],
    idf: Callable[[str], float],
    *,
    limit: int = 3,
) -> list[ScoredSentence]:
    """Up to ``limit`` showable sentences, most relevant first; a sentence that shares no
    query word is never picked. Relevance: IDF-weighted query words in the sentence, plus a
    little for shared character bigrams, scaled down for sentences over ~80 characters."""
    words = set(query_words)
    bigrams = {gram for gram in query_chars if len(gram) == 2}
    if not words and not bigrams:
        return []
    weights = {word: idf(word) for word in words}
    scored: list[ScoredSentence] = []
    for position, sentence in enumerate(sentences):
        if not showable(sentence):
            continue
        analysis = analyse(sentence)
        shared = words.intersection(analysis.words)
        if not shared:
            continue
        overlap = sum(weights[word] for word in shared)
        chars = len(bigrams.intersection(analysis.chars)) / max(1, len(bigrams))
        length = len(sentence)
        brevity = 1.0 if length <= SHORT_SENTENCE else math.sqrt(SHORT_SENTENCE / length)
        scored.append(ScoredSentence(sentence, (overlap + chars) * brevity, position))
    scored.sort(key=lambda item: (-item.score, item.position))
    if not scored:
        return []
    best = scored[0].score
    return [item for item in scored[:limit] if item.score >= 0.5 * best]


def figure_supported(
    query_words: list[str],
    sentences: list[str],
    analyse: Callable[[str], Analysis],
    idf: Callable[[str], float],
    *,
    context: str = "",
) -> bool:
    """For a figure question: some picked sentence holds a number and, together with the
    passage's title (``context``: what the sentence is about), at least FIGURE_TOPIC_SHARE of
    the IDF weight of the question's topic words (those that do not ask 「いくら」「何」).
    「訪問看護の自己負担はいくら」 shares only 自己負担 with 「前年度収入の１割が自己負担です。」."""
    topic = {word for word in query_words if word not in ASKING_WORDS and not word.isdigit()}
    total = sum(idf(word) for word in topic)
    if not total:
        return False
    around = set(analyse(context).words) if context else set()
    for sentence in sentences:
        if not _NUMBER.search(sentence):
            continue
        found = set(analyse(sentence).words) | around
        share = sum(idf(word) for word in topic if word in found) / total
        if share >= FIGURE_TOPIC_SHARE:
            return True
    return False
