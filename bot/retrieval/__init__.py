"""Retrieval over the seed documents: passages, BM25 ranking, grounded extractive answers.

Public API (docs/retrieval.md)::

    index = ManualIndex.from_seeds()        # raises SeedsNotFoundError if the seeds are missing
    index.search(question, k=5)             # -> list[SearchHit]
    index.answer(question)                  # -> GroundedAnswer | None ("cannot answer")
    index.assess(question)                  # -> Assessment (why it answers or not)

Pure Python: stdlib, numpy, bm25s and bot.text; no Rasa or FastAPI.
"""

from bot.retrieval.manual import (
    ANSWER_THRESHOLD,
    Assessment,
    GroundedAnswer,
    ManualIndex,
    SearchHit,
)
from bot.retrieval.passages import Passage
from bot.retrieval.ranking import EngineConfig, RetrievalEngine
from bot.retrieval.seeds import SeedsNotFoundError, default_seed_dir, load_seed_passages

__all__ = [
    "ANSWER_THRESHOLD",
    "Assessment",
    "EngineConfig",
    "GroundedAnswer",
    "ManualIndex",
    "Passage",
    "RetrievalEngine",
    "SearchHit",
    "SeedsNotFoundError",
    "default_seed_dir",
    "load_seed_passages",
]
