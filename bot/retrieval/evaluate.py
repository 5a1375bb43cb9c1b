"""``scripts/retrieval-eval DIR``: score the bot's ranking on a folder of JSON files.

DIR holds ``corpus.json`` ({doc_id: text}), ``queries.json`` ({query_id: text}) and
``qrels.json`` ({query_id: {doc_id: grade}}). The index is built from corpus.json with exactly
the analyzer and ranking the bot uses (``Analyzer()``, ``EngineConfig()``), then every query
is ranked and Recall@1/3/10 and nDCG@10 are printed (bot/retrieval/metrics.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.retrieval.analysis import Analyzer
from bot.retrieval.metrics import evaluate_run
from bot.retrieval.ranking import EngineConfig, RetrievalEngine

__all__ = ["EvalSet", "EvaluationError", "load_eval_set", "main", "run_eval"]


class EvaluationError(ValueError):
    """The folder is missing a file or a file is not of the expected shape."""


@dataclass(frozen=True)
class EvalSet:
    corpus: dict[str, str]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]


def _read_json(path: Path) -> object:
    if not path.is_file():
        raise EvaluationError(f"{path} not found (expected corpus.json, queries.json, qrels.json).")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise EvaluationError(f"{path} is not valid UTF-8 JSON: {error}") from error


def _document_text(value: object) -> str:
    # {doc_id: text}; a BEIR-style {"title": ..., "text": ...} object is accepted too.
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return "\n".join(str(value[key]) for key in ("title", "text") if value.get(key))
    raise EvaluationError(f"A document must be a string, not {type(value).__name__}.")


def load_eval_set(folder: str | Path) -> EvalSet:
    folder = Path(folder)
    corpus = _read_json(folder / "corpus.json")
    queries = _read_json(folder / "queries.json")
    qrels = _read_json(folder / "qrels.json")
    if not isinstance(corpus, dict) or not corpus:
        raise EvaluationError("corpus.json must be a non-empty object {doc_id: text}.")
    if not isinstance(queries, dict) or not queries:
        raise EvaluationError("queries.json must be a non-empty object {query_id: text}.")
    if not isinstance(qrels, dict) or not all(isinstance(v, dict) for v in qrels.values()):
        raise EvaluationError("qrels.json must be an object {query_id: {doc_id: grade}}.")
    if not all(isinstance(text, str) for text in queries.values()):
        raise EvaluationError("Every query in queries.json must be a string.")
    try:
        graded = {
            str(qid): {str(doc): int(grade) for doc, grade in rels.items()}
            for qid, rels in qrels.items()
        }
    except (TypeError, ValueError) as error:
        raise EvaluationError(f"qrels grades must be integers: {error}") from error
    return EvalSet(
        corpus={str(doc): _document_text(text) for doc, text in corpus.items()},
        queries={str(qid): text for qid, text in queries.items()},
        qrels=graded,
    )


def run_eval(
    data: EvalSet,
    *,
    analyzer: Analyzer | None = None,
    config: EngineConfig | None = None,
    depth: int = 10,
    query_ids: Sequence[str] | None = None,
) -> dict[str, object]:
    """Index the corpus, rank the (judged) queries; metrics, timings and the run itself."""
    doc_ids = list(data.corpus)
    started = time.perf_counter()
    engine = RetrievalEngine(list(data.corpus.values()), analyzer=analyzer, config=config)
    build_seconds = time.perf_counter() - started
    wanted = query_ids if query_ids is not None else [q for q in data.qrels if q in data.queries]
    run: dict[str, list[str]] = {}
    latencies: list[float] = []
    for qid in wanted:
        started = time.perf_counter()
        ranked = engine.rank(data.queries[qid], depth, coverage=False)
        latencies.append((time.perf_counter() - started) * 1000)
        run[qid] = [doc_ids[i] for i in ranked.indices]
    metrics = evaluate_run(run, {qid: data.qrels.get(qid, {}) for qid in wanted})
    return {
        "metrics": metrics,
        "documents": len(doc_ids),
        "index_seconds": build_seconds,
        "latency_ms_p50": statistics.median(latencies) if latencies else 0.0,
        "latency_ms_p95": _percentile(latencies, 95),
        "run": run,
    }


def _percentile(values: list[float], percent: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _split_ids(folder: Path, data: EvalSet, split: str) -> list[str]:
    splits = _read_json(folder / "splits.json")
    if not isinstance(splits, dict):
        raise EvaluationError("splits.json must be an object {query_id: split}.")
    ids = [qid for qid in data.queries if splits.get(qid) == split and qid in data.qrels]
    if not ids:
        raise EvaluationError(f"No judged query is in split {split!r}.")
    return ids


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/retrieval-eval",
        description="Recall@1/3/10 and nDCG@10 of the bot's retrieval on DIR/{corpus,queries,"
        "qrels}.json, with the bot's own tokenisation and ranking.",
    )
    parser.add_argument("folder", help="folder with corpus.json, queries.json and qrels.json")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--run-out", help="write the ranked doc ids per query to this JSON file")
    parser.add_argument(
        "--split", help="only the queries that DIR/splits.json ({query_id: name}) puts in SPLIT"
    )
    args = parser.parse_args(argv)
    try:
        data = load_eval_set(args.folder)
        query_ids = _split_ids(Path(args.folder), data, args.split) if args.split else None
    except EvaluationError as error:
        print(f"retrieval-eval: {error}", file=sys.stderr)
        return 2
    result = run_eval(data, query_ids=query_ids)
    if args.run_out:
        Path(args.run_out).write_text(json.dumps(result["run"], ensure_ascii=False, indent=1))
    metrics = result["metrics"]
    assert isinstance(metrics, dict)
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k != "run"}, indent=2))
        return 0
    print(
        f"{args.folder}: {int(metrics['queries'])} judged queries, {result['documents']} documents"
    )
    for name in ("Recall@1", "Recall@3", "Recall@10", "nDCG@10", "Hit@1"):
        print(f"{name:10s} {metrics[name]:.4f}")
    print(
        f"index built in {result['index_seconds']:.2f} s; query latency "
        f"p50 {result['latency_ms_p50']:.1f} ms, p95 {result['latency_ms_p95']:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
