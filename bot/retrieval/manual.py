"""``ManualIndex``: the seeds' passages, searchable, with grounded answers or a refusal.

    index = ManualIndex.from_seeds()          # ../shared/seeds, or BOT_SEEDS_DIR
    index.search("発達障害の人への配慮は？", k=3)   # -> list[SearchHit]
    index.answer("発達障害の人への配慮は？")        # -> GroundedAnswer | None (cannot answer)

Answerability: the confidence of the best passage is half the IDF-weighted share of the
question's character n-grams that occur anywhere in the seeds (a question about 年金 or 運転免許
uses characters the seeds never combine), a quarter the share of its words found in the passage,
a quarter the share of its character n-grams found in the passage. Below ``ANSWER_THRESHOLD``
(calibrated on the dev split, docs/benchmarks.md) the bot says it cannot answer. A question
asking for a figure is also refused unless a picked sentence holds a number and the topic.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from bot.retrieval.analysis import Analysis, Analyzer
from bot.retrieval.answer import asks_for_figure, figure_supported, pick_sentences, showable
from bot.retrieval.passages import Passage
from bot.retrieval.ranking import EngineConfig, Ranked, RetrievalEngine
from bot.retrieval.seeds import load_seed_passages

__all__ = [
    "ANSWER_THRESHOLD",
    "Assessment",
    "GroundedAnswer",
    "ManualIndex",
    "SearchHit",
    "indexed_text",
]

# Calibrated on the dev split (bench/retrieval_threshold.py, docs/benchmarks.md).
ANSWER_THRESHOLD = 0.45


def confidence(known_chars: float, word_coverage: float, char_coverage: float) -> float:
    return 0.5 * known_chars + 0.25 * word_coverage + 0.25 * char_coverage


def indexed_text(passage: Passage) -> str:
    """What is indexed for a passage: its title (the heading words) and its text."""
    return f"{passage.title}\n{passage.text}"


@dataclass(frozen=True)
class SearchHit:
    passage: Passage
    score: float  # fused ranking score; 1.0 would be the top document of every signal
    confidence: float  # answerability evidence in [0, 1] (see module docstring)


@dataclass(frozen=True)
class GroundedAnswer:
    """1–3 sentences taken verbatim from one passage, and where they come from."""

    passage: Passage
    sentences: tuple[str, ...]
    source: str  # 「支援マニュアルの『…』より」
    confidence: float
    more: tuple[str, ...]  # the passage's other showable sentences, in order (for 詳しく)

    @property
    def text(self) -> str:
        return "\n".join(self.sentences)


@dataclass(frozen=True)
class Assessment:
    """Why the index answers or not; ``answer`` is set when ``answerable``."""

    answerable: bool
    reason: str  # answer | empty_query | no_match | low_confidence | figure_missing | no_sentence
    confidence: float
    hits: list[SearchHit]
    answer: GroundedAnswer | None = None


class ManualIndex:
    def __init__(
        self,
        passages: Sequence[Passage],
        *,
        analyzer: Analyzer | None = None,
        config: EngineConfig | None = None,
        threshold: float = ANSWER_THRESHOLD,
    ) -> None:
        if not passages:
            raise ValueError("ManualIndex needs at least one passage.")
        self.passages = list(passages)
        self.threshold = threshold
        self._by_id = {passage.id: passage for passage in self.passages}
        self.engine = RetrievalEngine(
            [indexed_text(passage) for passage in self.passages], analyzer=analyzer, config=config
        )
        self.analyzer = self.engine.analyzer
        # Passage sentences are analysed once, on first use (the seeds hold ~2,000 sentences).
        self._sentence_analyses: dict[str, Analysis] = {}

    @classmethod
    def from_seeds(
        cls, seed_dir: str | os.PathLike[str] | None = None, **options: object
    ) -> ManualIndex:
        """Index the five seed files (raises ``SeedsNotFoundError`` when they are missing)."""
        return cls(load_seed_passages(seed_dir), **options)  # type: ignore[arg-type]

    def get(self, passage_id: str) -> Passage | None:
        return self._by_id.get(passage_id)

    def search(self, query: str, k: int = 5) -> list[SearchHit]:
        return self._hits(self.engine.rank(query, k))

    def _hits(self, ranked: Ranked) -> list[SearchHit]:
        return [
            SearchHit(
                passage=self.passages[index],
                score=score,
                confidence=confidence(ranked.known_chars, words, chars),
            )
            for index, score, words, chars in zip(
                ranked.indices, ranked.scores, ranked.coverage, ranked.char_coverage, strict=True
            )
        ]

    def assess(self, query: str, k: int = 3) -> Assessment:
        ranked = self.engine.rank(query, k)
        hits = self._hits(ranked)
        if not query or not query.strip():
            return Assessment(False, "empty_query", 0.0, hits)
        if not hits:
            return Assessment(False, "no_match", 0.0, hits)
        best = hits[0]
        if best.confidence < self.threshold:
            return Assessment(False, "low_confidence", best.confidence, hits)
        analysis = ranked.analysis
        picked = pick_sentences(
            analysis.words, analysis.chars, best.passage.sentences, self._analyse, self.engine.idf
        )
        if not picked:
            return Assessment(False, "no_sentence", best.confidence, hits)
        sentences = tuple(item.text for item in picked)
        if asks_for_figure(query) and not figure_supported(
            analysis.words,
            list(sentences),
            self._analyse,
            self.engine.idf,
            context=best.passage.title,
        ):
            return Assessment(False, "figure_missing", best.confidence, hits)
        more = tuple(s for s in best.passage.sentences if showable(s) and s not in sentences)
        answer = GroundedAnswer(
            passage=best.passage,
            sentences=sentences,
            source=best.passage.citation(),
            confidence=best.confidence,
            more=more,
        )
        return Assessment(True, "answer", best.confidence, hits, answer)

    def _analyse(self, sentence: str) -> Analysis:
        cached = self._sentence_analyses.get(sentence)
        if cached is None:
            cached = self._sentence_analyses[sentence] = self.analyzer.analyse(sentence)
        return cached

    def answer(self, query: str) -> GroundedAnswer | None:
        """The grounded answer, or None when the manual cannot answer the question."""
        return self.assess(query).answer
