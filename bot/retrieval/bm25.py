"""One BM25 index over one term stream, on bm25s's sparse scorer."""

from __future__ import annotations

import logging
import math
import sys
from collections import Counter

import numpy as np

__all__ = ["Bm25Signal", "TermIds"]


class TermIds:
    """Builds a vocabulary while documents are converted to term ids, one at a time, so that
    a large corpus never holds all its term strings at once."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.documents: list[list[int]] = []

    def add(self, terms: list[str]) -> None:
        vocab = self.vocab
        self.documents.append([vocab.setdefault(term, len(vocab)) for term in terms])


def _import_bm25s():  # type: ignore[no-untyped-def]
    # bm25s imports jax, if installed, for its top-k selection, which we do not use (we need
    # every document's score to fuse signals). Rasa's environment ships jax: importing it costs
    # ~1.5 s and ~100 MB, so it is hidden from bm25s unless something else already loaded it.
    hidden = "jax" not in sys.modules
    if hidden:
        sys.modules["jax"] = None  # type: ignore[assignment]
    try:
        import bm25s  # type: ignore[import]
    finally:
        if hidden:
            del sys.modules["jax"]
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


_bm25s = _import_bm25s()


class Bm25Signal:
    """BM25 (Lucene variant, bm25s) over pre-tokenised documents; scores every document."""

    def __init__(
        self,
        ids: list[list[int]],
        vocab: dict[str, int],
        *,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        """``ids``: each document's terms as ids into ``vocab`` (see ``TermIds``)."""
        self.vocab = vocab
        self.size = len(ids)
        document_frequency: Counter[int] = Counter()
        for doc in ids:
            document_frequency.update(set(doc))
        self._df = document_frequency
        self._idf_cache: dict[str, float] = {}
        self._matrix: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        if self.vocab and self.size:
            model = _bm25s.BM25(k1=k1, b=b, method="lucene")
            model.index((ids, dict(self.vocab)), show_progress=False, create_empty_token=False)
            # bm25s stores one column of precomputed BM25 weights per term (CSC layout).
            scores = model.scores
            self._matrix = (scores["data"], scores["indices"], scores["indptr"])

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every document; a repeated query term counts as often as it occurs
        (as in bm25s's own scorer, which this sums with one bincount instead of np.add.at)."""
        known = [self.vocab[term] for term in terms if term in self.vocab]
        if self._matrix is None or not known:
            return np.zeros(self.size, dtype=np.float32)
        data, indices, indptr = self._matrix
        columns = [slice(indptr[term], indptr[term + 1]) for term in known]
        weights = np.concatenate([data[column] for column in columns])
        rows = np.concatenate([indices[column] for column in columns])
        return np.bincount(rows, weights=weights, minlength=self.size).astype(np.float32)

    def presence(self, terms: list[str], documents: list[int]) -> np.ndarray:
        """Boolean matrix (terms × documents): which of ``documents`` hold each term, read
        from the terms' columns of the index (no per-document term sets are kept)."""
        out = np.zeros((len(terms), len(documents)), dtype=bool)
        if self._matrix is None or not documents:
            return out
        _, indices, indptr = self._matrix
        wanted = np.asarray(documents)
        for row, term in enumerate(terms):
            index = self.vocab.get(term)
            if index is not None:
                out[row] = np.isin(wanted, indices[indptr[index] : indptr[index + 1]])
        return out

    def idf(self, term: str) -> float:
        """Lucene BM25 IDF; a term outside the vocabulary gets the IDF of a term seen once."""
        cached = self._idf_cache.get(term)
        if cached is None:
            index = self.vocab.get(term)
            frequency = self._df.get(index, 0) if index is not None else 0
            frequency = max(frequency, 1)
            cached = math.log(1 + (self.size - frequency + 0.5) / (frequency + 0.5))
            if len(self._idf_cache) < 200_000:
                self._idf_cache[term] = cached
        return cached
