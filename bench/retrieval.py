"""Retrieval benchmark: what each signal adds, side by side in one run (docs/benchmarks.md).

    .venvs/rasa/bin/python bench/retrieval.py [--split dev|test] [--variants a,b] [--repeat N]

Sets: tests/retrieval/seeds (seed passages, blind manual questions) and
tests/retrieval/domain_faq (the bot's FAQ answers, blind intent messages), both filtered to
one split. Each variant changes one thing against the bot's configuration; latency is the
p95 over the seed queries (each ranked ``--repeat`` times), build time is the seed index.
The test split is sealed: run it only for the final report.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.retrieval.analysis import Analyzer  # noqa: E402
from bot.retrieval.evaluate import EvalSet, load_eval_set, run_eval  # noqa: E402
from bot.retrieval.ranking import EngineConfig  # noqa: E402
from bot.text.segment import JapaneseSegmenter  # noqa: E402

SETS = {"seeds": ROOT / "tests/retrieval/seeds", "faq": ROOT / "tests/retrieval/domain_faq"}
DEFAULT = EngineConfig()


def _words_only(**changes: object) -> EngineConfig:
    return replace(DEFAULT, signals=("words",), **changes)  # type: ignore[arg-type]


def variants(
    segmenter: JapaneseSegmenter,
) -> dict[str, tuple[Callable[[], Analyzer], EngineConfig]]:
    def analyzer(**options: object) -> Callable[[], Analyzer]:
        return lambda: Analyzer(segmenter=segmenter, **options)  # type: ignore[arg-type]

    surfaces = analyzer(content_only=False, stop_lemmas=False, use_lemma=False, synonyms={})
    return {
        "words: surfaces, all tokens (fugashi+BM25 reference)": (surfaces, _words_only()),
        "words: lemmas, all tokens": (
            analyzer(content_only=False, stop_lemmas=False, synonyms={}),
            _words_only(),
        ),
        "words: lemmas, content words": (analyzer(stop_lemmas=False, synonyms={}), _words_only()),
        "words: + light-verb/formal-noun stoplist": (analyzer(synonyms={}), _words_only()),
        "words: + synonyms": (analyzer(), _words_only()),
        "chars: bigrams only": (analyzer(char_ngrams=(2,)), replace(DEFAULT, signals=("chars",))),
        "chars: 1+2-grams only": (
            analyzer(char_ngrams=(1, 2)),
            replace(DEFAULT, signals=("chars",)),
        ),
        "chars: 2+3-grams only": (
            analyzer(char_ngrams=(2, 3)),
            replace(DEFAULT, signals=("chars",)),
        ),
        "words + chars (bigrams only), linear": (
            analyzer(char_ngrams=(2,)),
            replace(DEFAULT, signals=("words", "chars")),
        ),
        "words + chars, RRF": (
            analyzer(),
            replace(DEFAULT, signals=("words", "chars"), fusion="rrf"),
        ),
        "words + chars, linear": (analyzer(), replace(DEFAULT, signals=("words", "chars"))),
        "bot: words + chars + readings, linear": (analyzer(), DEFAULT),
        "bot, RRF fusion": (analyzer(), replace(DEFAULT, fusion="rrf")),
        "bot without synonyms": (analyzer(synonyms={}), DEFAULT),
    }


FOOTPRINT = r"""
import json, resource, statistics, sys, time
t0 = time.perf_counter()
from bot.retrieval.manual import ManualIndex
t1 = time.perf_counter()
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
index = ManualIndex.from_seeds()
t2 = time.perf_counter()
questions = [i["question"] for i in json.load(open("tests/nlu/blind/manual_questions.json"))
             if i["split"] == "dev"]
questions += [i["question"] for i in json.load(open("tests/retrieval/unanswerable_extra.json"))["items"]]
search, answer = [], []
for _ in range(int(sys.argv[1])):
    for q in questions:
        s = time.perf_counter(); index.search(q, 10); search.append((time.perf_counter() - s) * 1000)
        s = time.perf_counter(); index.answer(q); answer.append((time.perf_counter() - s) * 1000)
p95 = lambda v: sorted(v)[int(0.95 * len(v)) - 1]
print(json.dumps({"import_s": t1 - t0, "build_s": t2 - t1, "rss_before_mb": rss0,
    "rss_after_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "search_p50": statistics.median(search), "search_p95": p95(search),
    "answer_p50": statistics.median(answer), "answer_p95": p95(answer), "n": len(search)}))
"""


def footprint(repeat: int) -> dict[str, float]:
    """The bot's index in a fresh process pinned to one core: import and build time, peak
    RSS, search() and answer() latency over the dev questions and the extra unanswerables."""
    import subprocess

    command = [sys.executable, "-c", FOOTPRINT, str(repeat)]
    if Path("/usr/bin/taskset").exists():
        command = ["/usr/bin/taskset", "-c", "0", *command]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _subset(data: EvalSet, split: str, folder: Path) -> list[str]:
    splits = json.loads((folder / "splits.json").read_text(encoding="utf-8"))
    return [qid for qid in data.queries if splits.get(qid) == split and qid in data.qrels]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "test"))
    parser.add_argument("--variants", help="comma-separated substrings of variant names")
    parser.add_argument("--repeat", type=int, default=3, help="latency: rank each query N times")
    parser.add_argument("--footprint", action="store_true", help="only the one-core footprint")
    args = parser.parse_args()
    if args.footprint:
        result = footprint(args.repeat)
        print(" | ".join(f"{key} {value:.2f}" for key, value in result.items()))
        return 0
    segmenter = JapaneseSegmenter("unidic-lite")
    data = {name: load_eval_set(folder) for name, folder in SETS.items()}
    ids = {name: _subset(data[name], args.split, SETS[name]) for name in SETS}
    kana = [
        qid
        for qid in ids["faq"]
        if Analyzer(segmenter=segmenter).analyse(data["faq"].queries[qid]).kana_only
    ]
    header = (
        "| variant | seeds R@1 | R@3 | R@10 | nDCG@10 | Hit@1 | FAQ R@1 | R@3 | nDCG@10 "
        "| FAQ kana-only R@1 | p95 ms | build s |"
    )
    print(
        f"split={args.split}: seeds {len(ids['seeds'])} queries, FAQ {len(ids['faq'])} "
        f"({len(kana)} all-kana)"
    )
    print(header)
    print("|---" + "|---:" * 12 + "|")
    chosen = variants(segmenter)
    if args.variants:
        wanted = args.variants.split(",")
        chosen = {k: v for k, v in chosen.items() if any(w in k for w in wanted)}
    for name, (make_analyzer, config) in chosen.items():
        seeds = run_eval(
            data["seeds"], analyzer=make_analyzer(), config=config, query_ids=ids["seeds"]
        )
        faq = run_eval(data["faq"], analyzer=make_analyzer(), config=config, query_ids=ids["faq"])
        faq_kana = run_eval(data["faq"], analyzer=make_analyzer(), config=config, query_ids=kana)
        latencies = [seeds["latency_ms_p95"]]
        for _ in range(args.repeat - 1):
            again = run_eval(
                data["seeds"], analyzer=make_analyzer(), config=config, query_ids=ids["seeds"]
            )
            latencies.append(again["latency_ms_p95"])
        s, f, fk = seeds["metrics"], faq["metrics"], faq_kana["metrics"]
        print(
            f"| {name} | {s['Recall@1']:.3f} | {s['Recall@3']:.3f} | {s['Recall@10']:.3f} "
            f"| {s['nDCG@10']:.3f} | {s['Hit@1']:.3f} | {f['Recall@1']:.3f} | {f['Recall@3']:.3f} "
            f"| {f['nDCG@10']:.3f} | {fk['Recall@1']:.3f} | {min(latencies):.1f} "
            f"| {seeds['index_seconds']:.2f} |",
            flush=True,
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of this process: {peak:.0f} MB; started {time.strftime('%Y-%m-%d %H:%M')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
