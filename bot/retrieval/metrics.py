"""Retrieval metrics over graded relevance judgements (qrels), as trec_eval computes them.

- Recall@k: relevant documents (grade > 0) found in the top k, divided by the number of
  relevant documents of the query; averaged over queries.
- nDCG@k: DCG with linear gain (the grade) and log2(rank + 1) discount, divided by the DCG
  of the ideal ranking of the query's judged documents; averaged over queries.

- Hit@1: share of queries whose first document is relevant.

Queries without any relevant document are skipped (trec_eval does the same).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

__all__ = ["evaluate_run", "ndcg_at", "recall_at"]


def recall_at(ranking: Sequence[str], relevant: Mapping[str, int], k: int) -> float:
    positive = {doc for doc, grade in relevant.items() if grade > 0}
    if not positive:
        return 0.0
    return len(positive.intersection(ranking[:k])) / len(positive)


def ndcg_at(ranking: Sequence[str], relevant: Mapping[str, int], k: int) -> float:
    dcg = sum(relevant.get(doc, 0) / math.log2(rank + 2) for rank, doc in enumerate(ranking[:k]))
    ideal_grades = sorted((grade for grade in relevant.values() if grade > 0), reverse=True)
    ideal = sum(grade / math.log2(rank + 2) for rank, grade in enumerate(ideal_grades[:k]))
    return dcg / ideal if ideal > 0 else 0.0


def evaluate_run(
    run: Mapping[str, Sequence[str]],
    qrels: Mapping[str, Mapping[str, int]],
    ks: Sequence[int] = (1, 3, 10),
    ndcg_k: int = 10,
) -> dict[str, float]:
    """Mean metrics over the judged queries; ``run`` maps query id → ranked doc ids."""
    judged = [qid for qid, rels in qrels.items() if any(grade > 0 for grade in rels.values())]
    out: dict[str, float] = {}
    for k in ks:
        values = [recall_at(run.get(qid, []), qrels[qid], k) for qid in judged]
        out[f"Recall@{k}"] = sum(values) / len(values) if values else 0.0
    values = [ndcg_at(run.get(qid, []), qrels[qid], ndcg_k) for qid in judged]
    out[f"nDCG@{ndcg_k}"] = sum(values) / len(values) if values else 0.0
    # Share of queries with a relevant document at rank 1 (equals Recall@1 when every query
    # has one relevant document; easier to read when some have several).
    hits = [recall_at(run.get(qid, []), qrels[qid], 1) > 0 for qid in judged]
    out["Hit@1"] = sum(hits) / len(hits) if hits else 0.0
    out["queries"] = float(len(judged))
    return out
