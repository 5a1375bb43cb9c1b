"""Ranking: BM25 (bm25s) over word, character-bigram and reading terms, fused.

``RetrievalEngine`` is generic: it indexes any list of texts. ``ManualIndex`` (manual.py) puts
the seed passages in it; ``scripts/retrieval-eval`` puts a ``corpus.json`` in it. Both use the
same ``Analyzer`` and ``EngineConfig`` defaults, so the evaluation measures what the bot does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from bot.retrieval.analysis import Analysis, Analyzer
from bot.retrieval.bm25 import Bm25Signal, TermIds

__all__ = ["EngineConfig", "Ranked", "RetrievalEngine"]

# Longer queries are cut: analysis time grows with length and nothing useful is that long.
MAX_QUERY_CHARS = 1000
SMALL_CORPUS = 5000  # documents: up to this size, per-document term sets are kept


@dataclass(frozen=True)
class EngineConfig:
    """Ranking settings; the defaults are the bot's (chosen on the dev split, see
    docs/benchmarks.md)."""

    k1: float = 1.2
    b: float = 0.5
    signals: tuple[str, ...] = ("words", "chars", "readings")
    weights: dict[str, float] = field(
        default_factory=lambda: {"words": 1.0, "chars": 1.0, "readings": 0.3}
    )
    fusion: str = "linear"  # "linear" (max-normalised scores) or "rrf"
    rrf_k: int = 60
    # An all-hiragana query is segmented badly: lean on its reading instead.
    kana_reading_weight: float = 2.0
    kana_other_weight: float = 0.5  # factor on the word and char signals for such a query


@dataclass(frozen=True)
class Ranked:
    """The top documents for one query, with the evidence the answerability score uses."""

    indices: list[int]
    scores: list[float]
    coverage: list[float]  # share of the query's word IDF mass found in each ranked document
    char_coverage: list[float]
    analysis: Analysis
    known_chars: float = 0.0  # share of the query's char n-gram IDF mass the corpus contains


class RetrievalEngine:
    def __init__(
        self,
        texts: Sequence[str],
        *,
        analyzer: Analyzer | None = None,
        config: EngineConfig | None = None,
    ) -> None:
        self.analyzer = analyzer or Analyzer()
        self.config = config or EngineConfig()
        self.size = len(texts)
        streams = {name: TermIds() for name in self.config.signals}
        for text in texts:
            analysis = self.analyzer.analyse(text)
            for name, builder in streams.items():
                builder.add(_stream(analysis, name))
        self._signals: dict[str, Bm25Signal] = {
            name: Bm25Signal(builder.documents, builder.vocab, k1=self.config.k1, b=self.config.b)
            for name, builder in streams.items()
        }
        # Term-id sets per document make coverage fast; a large corpus (the evaluation
        # command's) reads coverage from the index columns instead, to save memory.
        self._term_sets: dict[str, list[frozenset[int]]] = {}
        if self.size <= SMALL_CORPUS:
            self._term_sets = {
                name: [frozenset(doc) for doc in builder.documents]
                for name, builder in streams.items()
            }

    def rank(self, query: str, k: int = 10, *, coverage: bool = True) -> Ranked:
        """The top ``k`` documents; ``coverage=False`` skips the answerability evidence."""
        analysis = self.analyzer.analyse(query[:MAX_QUERY_CHARS])
        fused = self.fused_scores(analysis)
        known = self.known_share(analysis.chars, "chars")
        if self.size == 0 or k <= 0 or not fused.any():
            return Ranked([], [], [], [], analysis, known)
        k = min(k, self.size)
        candidates = np.argpartition(-fused, k - 1)[:k]
        # By score, then by index, so that ties are broken the same way every time.
        ordered = candidates[np.lexsort((candidates, -fused[candidates]))]
        top = [int(i) for i in ordered if fused[i] > 0]
        return Ranked(
            indices=top,
            scores=[float(fused[i]) for i in top],
            coverage=self._coverage(analysis.words, top, "words") if coverage else [],
            char_coverage=self._coverage(analysis.chars, top, "chars") if coverage else [],
            analysis=analysis,
            known_chars=known,
        )

    def known_share(self, terms: list[str], stream: str) -> float:
        """IDF-weighted share of the distinct query terms that occur anywhere in the corpus.
        Questions about things the corpus never mentions (年金, 運転免許) score low."""
        signal = self._signals.get(stream)
        unique = set(terms)
        if signal is None or not unique:
            return 0.0
        weights = {term: signal.idf(term) for term in unique}
        total = sum(weights.values())
        known = sum(weight for term, weight in weights.items() if term in signal.vocab)
        return known / total if total > 0 else 0.0

    def fused_scores(self, analysis: Analysis) -> np.ndarray:
        config = self.config
        total = np.zeros(self.size, dtype=np.float64)
        for name, signal in self._signals.items():
            weight = config.weights.get(name, 0.0)
            if analysis.kana_only:
                if name == "readings":
                    weight = max(weight, config.kana_reading_weight)
                else:
                    weight *= config.kana_other_weight
            if weight <= 0:
                continue
            scores = signal.scores(_stream(analysis, name))
            if not scores.any():
                continue
            if config.fusion == "rrf":
                total += weight * _reciprocal_ranks(scores, config.rrf_k)
            else:
                total += weight * scores / scores.max()
        return total

    def idf(self, term: str, stream: str = "words") -> float:
        """BM25 IDF of ``term`` in one of the indexed streams (0 if it is not indexed)."""
        signal = self._signals.get(stream)
        return signal.idf(term) if signal is not None else 0.0

    def knows(self, term: str, stream: str = "words") -> bool:
        """Whether ``term`` occurs anywhere in the corpus (in one indexed stream)."""
        signal = self._signals.get(stream)
        return signal is not None and term in signal.vocab

    def _coverage(self, terms: list[str], documents: list[int], name: str) -> list[float]:
        """Per document: the IDF-weighted share of the distinct query terms it holds; a term
        the corpus never uses counts with the highest IDF (it cannot be matched)."""
        signal = self._signals.get(name)
        unique = sorted(set(terms))
        if signal is None or not unique:
            return [0.0] * len(documents)
        weights = np.array([signal.idf(term) for term in unique])
        total = weights.sum()
        if total <= 0:
            return [0.0] * len(documents)
        sets = self._term_sets.get(name)
        if sets is not None:
            ids = [signal.vocab.get(term, -1) for term in unique]
            presence = np.array([[i in sets[d] for d in documents] for i in ids], dtype=bool)
        else:
            presence = signal.presence(unique, documents)
        found = weights @ presence
        return [float(value) for value in found / total]


def _stream(analysis: Analysis, name: str) -> list[str]:
    return {"words": analysis.words, "chars": analysis.chars, "readings": analysis.readings}[name]


def _reciprocal_ranks(scores: np.ndarray, rrf_k: int) -> np.ndarray:
    out = np.zeros_like(scores, dtype=np.float64)
    positive = np.flatnonzero(scores > 0)
    order = positive[np.argsort(-scores[positive], kind="stable")]
    out[order] = 1.0 / (rrf_k + np.arange(1, len(order) + 1))
    return out * (rrf_k + 1)  # the top document scores 1, as with linear fusion
