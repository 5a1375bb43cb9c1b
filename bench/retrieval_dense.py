"""Does a dense signal earn its place? LSA (fitted on the corpus) and spaCy/GiNZA word vectors,
each fused with the bot's ranking, side by side with the bot alone (docs/benchmarks.md).

    .venvs/rasa/bin/python bench/retrieval_dense.py              # bot vs bot + LSA
    /path/to/private-venv/bin/python bench/retrieval_dense.py --ginza   # + ja_ginza vectors

GiNZA is not a project dependency: run it from a private venv with spacy==3.4.4, ja-ginza 5.1.x,
fugashi, unidic-lite, bm25s==0.3.16 and numpy<1.24 (see docs/retrieval.md).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.retrieval.evaluate import EvalSet, load_eval_set  # noqa: E402
from bot.retrieval.metrics import evaluate_run  # noqa: E402
from bot.retrieval.ranking import RetrievalEngine  # noqa: E402

SETS = {"seeds": ROOT / "tests/retrieval/seeds", "faq": ROOT / "tests/retrieval/domain_faq"}


def lsa_embedder(engine: RetrievalEngine, texts: list[str], dims: int):  # type: ignore[no-untyped-def]
    """TF-IDF over the engine's word terms, truncated SVD fitted on the corpus."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.linalg import svds

    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    docs = [engine.analyzer.analyse(text).words for text in texts]
    for r, words in enumerate(docs):
        for w in words:
            rows.append(r)
            cols.append(vocab.setdefault(w, len(vocab)))
            vals.append(1.0)
    matrix = csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocab)))
    df = np.bincount(matrix.indices, minlength=len(vocab))
    idf = np.log((1 + len(docs)) / (1 + df)) + 1
    matrix = matrix.multiply(idf).tocsr()
    k = min(dims, min(matrix.shape) - 1)
    _, _, vt = svds(matrix, k=k)

    def embed(text: str) -> np.ndarray:
        vector = np.zeros(len(vocab))
        for w in engine.analyzer.analyse(text).words:
            if w in vocab:
                vector[vocab[w]] += idf[vocab[w]]
        out = vt @ vector
        return out / (np.linalg.norm(out) or 1.0)

    return embed


def ginza_embedder():  # type: ignore[no-untyped-def]
    import spacy

    started = time.perf_counter()
    nlp = spacy.load(
        "ja_ginza",
        exclude=["parser", "ner", "attribute_ruler", "compound_splitter", "bunsetu_recognizer"],
    )
    print(
        f"ja_ginza loaded in {time.perf_counter() - started:.1f} s; vectors {nlp.vocab.vectors.shape}"
    )

    def embed(text: str) -> np.ndarray:
        doc = nlp(text[:2000])
        vectors = [
            t.vector
            for t in doc
            if t.has_vector
            and not t.is_punct
            and t.pos_ not in ("ADP", "AUX", "PUNCT", "SCONJ", "PART")
        ]
        if not vectors:
            return np.zeros(nlp.vocab.vectors.shape[1])
        out = np.mean(vectors, axis=0)
        return out / (np.linalg.norm(out) or 1.0)

    return embed


def report(
    name: str, data: EvalSet, ids: list[str], label: str, scores: dict[str, np.ndarray], ms: float
) -> None:
    doc_ids = list(data.corpus)
    run = {q: [doc_ids[i] for i in np.argsort(-s, kind="stable")[:10]] for q, s in scores.items()}
    m = evaluate_run(run, {q: data.qrels[q] for q in ids})
    print(
        f"| {name} | {label} | {m['Recall@1']:.3f} | {m['Recall@3']:.3f} "
        f"| {m['Recall@10']:.3f} | {m['nDCG@10']:.3f} | {ms:.1f} |",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="dev", choices=("dev", "test"))
    parser.add_argument("--ginza", action="store_true")
    args = parser.parse_args()
    print("| set | variant | R@1 | R@3 | R@10 | nDCG@10 | ms/query (dense part) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, folder in SETS.items():
        data = load_eval_set(folder)
        splits = json.loads((folder / "splits.json").read_text(encoding="utf-8"))
        ids = [q for q in data.queries if splits[q] == args.split]
        texts = list(data.corpus.values())
        engine = RetrievalEngine(texts)
        embedders = {"LSA 128": lsa_embedder(engine, texts, 128)}
        if args.ginza:
            embedders["GiNZA vectors"] = ginza_embedder()
        bot = {q: engine.fused_scores(engine.analyzer.analyse(data.queries[q])) for q in ids}

        report(name, data, ids, "bot", bot, 0.0)
        for label, embed in embedders.items():
            doc_matrix = np.stack([embed(t) for t in texts])
            started = time.perf_counter()
            dense = {q: doc_matrix @ embed(data.queries[q]) for q in ids}
            ms = (time.perf_counter() - started) * 1000 / max(1, len(ids))
            report(name, data, ids, f"{label} alone", dense, ms)
            for weight in (0.25, 0.5, 1.0):
                fused = {
                    q: bot[q] / (bot[q].max() or 1) + weight * np.clip(dense[q], 0, None)
                    for q in ids
                }
                report(name, data, ids, f"bot + {weight} × {label}", fused, ms)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
