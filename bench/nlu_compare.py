"""NLU pipelines side by side in one run: held-out and blind sets, core topics, end to end.

    nice -n 10 .venvs/rasa/bin/python bench/nlu_compare.py \
        --variant today=git:main --variant project=config.yml [--variant lr=bench/configs/lr.yml]
        [--sealed] [--cv 5] [--json results/compare.json]

A variant is ``NAME=model:PATH[,git:REF]`` (score a trained model, judged with this tree or
REF), ``NAME=CONFIG`` (trained on this tree's data/nlu, judged with its domain.yml and
facts.yml and the manual route) or ``NAME=git:REF`` (config, data/nlu, domain.yml and facts.yml
of that commit, e.g. main: "today's pipeline"; judged without the manual route if REF has
none). ``NAME=CONFIG@PYTHON`` trains that variant with another interpreter (a private venv,
e.g. one with ja-ginza). Each variant is trained NLU-only (``train_nlu``, Rasa's cache off) and
scored in its own child process, so time and memory figures do not mix.

Sets: tests/nlu/heldout.yml (older held-out set, already used for error analysis), the blind
dev split (error analysis) and, with ``--sealed``, the blind test split and the fresh set
(tests/nlu/fresh/, written blind by another author on 2026-12-02; both sealed: for reports only,
their misses are not printed). ``--cv K``: K-fold cross-validation on the variant's
own training data (stratified by intent, one child per fold).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.blind import (  # noqa: E402  (after the sys.path line above)
    SEALED_SPLITS,
    SPLITS,
    Judge,
    core_score,
    intent_set,
    judge_split,
    manual_questions,
    unanswerable,
)
from bench.heldout import (  # noqa: E402
    HELDOUT_PATH,
    Example,
    load_examples,
    prediction_from_parse,
    score,
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def current_rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def materialise(tree_spec: str, into: Path) -> Path:
    """git:REF → a folder with that commit's config.yml, domain.yml, facts.yml and data/."""
    ref = tree_spec.removeprefix("git:")
    archive = subprocess.run(
        ["git", "archive", ref, "config.yml", "domain.yml", "facts.yml", "data"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def variant_paths(spec: str, scratch: Path) -> tuple[Path, Path, bool]:
    """(config, tree with data/domain/facts, has the manual route) of a variant spec."""
    if spec.startswith("git:"):
        tree = materialise(spec, scratch)
        manual = "action_manual_answer" in (tree / "domain.yml").read_text(encoding="utf-8")
        return tree / "config.yml", tree, manual
    return (ROOT / spec).resolve(), ROOT, True


async def parse_all(agent: Any, texts: list[str]) -> tuple[list[dict], list[float]]:
    parsed, latencies = [], []
    for text in texts:
        started = time.perf_counter()
        parsed.append(await agent.parse_message(text))
        latencies.append(time.perf_counter() - started)
    return parsed, latencies


def score_set(examples: list[Example], parses: list[dict]) -> dict[str, Any]:
    predictions = [prediction_from_parse(p) for p in parses]
    result = score(examples, predictions)
    core_ok, core_n = core_score([e.intent for e in examples], [p.intent for p in predictions])
    return {
        "n": result.n,
        "accuracy": result.accuracy,
        "classifier_accuracy": result.classifier_accuracy,
        "macro_f1": result.macro_f1,
        "core_accuracy": core_ok / core_n if core_n else 0.0,
        "core_n": core_n,
        "fallback_on_in_scope": result.fallback_on_in_scope,
        "oos_answered_with_fact": result.out_of_scope_answered_with_fact,
        "confusions": result.confusions,
    }


def evaluate(model: str, tree: Path, manual: bool, sealed: bool) -> dict[str, Any]:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    rss_loaded = current_rss_mb()
    index = None
    if manual:
        from bot.retrieval import ManualIndex

        index = ManualIndex.from_seeds()
    judge = Judge.from_tree(tree, index=index)
    asyncio.run(agent.parse_message("ウォームアップ"))
    figures: dict[str, Any] = {"rss_after_load_mb": rss_loaded}
    heldout = load_examples(HELDOUT_PATH)
    parses, latencies = asyncio.run(parse_all(agent, [e.text for e in heldout]))
    figures["heldout"] = score_set(heldout, parses)
    figures["latency_ms_p50"] = 1000 * percentile(latencies, 0.5)
    figures["latency_ms_p95"] = 1000 * percentile(latencies, 0.95)
    for split in SPLITS if sealed else ("dev",):
        examples = load_examples(intent_set(split))
        parses, _ = asyncio.run(parse_all(agent, [e.text for e in examples]))
        figures[split] = score_set(examples, parses)
        manual_items = manual_questions(split)
        unanswerable_items = unanswerable(split)
        asked = [q["question"] for q in manual_items + unanswerable_items]
        asked_parses, _ = asyncio.run(parse_all(agent, asked))
        intents = [prediction_from_parse(p).intent for p in asked_parses]
        oos = [
            (e.text, prediction_from_parse(p).intent)
            for e, p in zip(examples, parses, strict=True)
            if e.intent == "out_of_scope"
        ]
        e2e = judge_split(
            judge,
            manual=list(zip(manual_items, intents[: len(manual_items)], strict=True)),
            unanswerables=list(zip(unanswerable_items, intents[len(manual_items) :], strict=True)),
            out_of_scope=oos,
            keep_misses=split == "dev",
        )
        figures[f"{split}_e2e"] = e2e.as_dict()
        if split in SEALED_SPLITS:  # report figures, never the messages
            figures[split]["confusions"] = len(figures[split]["confusions"])
    return figures


def train(config: Path, data: Path, out: str) -> tuple[str, float]:
    from rasa.model_training import train_nlu

    started = time.perf_counter()
    model = train_nlu(config=str(config), nlu_data=str(data), output=out, fixed_model_name="m")
    if not model:
        raise SystemExit(f"training {config} produced no model")
    return model, time.perf_counter() - started


def run_variant(spec: str, sealed: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        if spec.startswith("model:"):  # score a trained model: model:PATH[,TREE]
            path, _, tree_spec = spec.removeprefix("model:").partition(",")
            _, tree, manual = variant_paths(tree_spec or "config.yml", Path(scratch))
            model, seconds = path, 0.0
        else:
            config, tree, manual = variant_paths(spec, Path(scratch))
            model, seconds = train(config, tree / "data" / "nlu", scratch)
        figures = evaluate(model, tree, manual, sealed)
        figures.update(
            train_seconds=seconds,
            model_mb=os.path.getsize(model) / 1e6,
            max_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            manual_route=manual,
        )
    return figures


def folds(examples: list[Example], k: int, seed: int = 20261201) -> list[list[int]]:
    """Stratified: each intent's examples dealt round-robin into k folds after a shuffle."""
    by_intent: dict[str, list[int]] = {}
    for i, example in enumerate(examples):
        by_intent.setdefault(example.intent, []).append(i)
    rng = random.Random(seed)
    out: list[list[int]] = [[] for _ in range(k)]
    offset = 0
    for intent in sorted(by_intent):
        members = by_intent[intent]
        rng.shuffle(members)
        for j, index in enumerate(members):
            out[(j + offset) % k].append(index)
        offset += len(members)
    return out


def write_nlu(examples: list[Example], path: Path) -> None:
    by_intent: dict[str, list[str]] = {}
    for example in examples:
        by_intent.setdefault(example.intent, []).append(example.text)
    lines = ['version: "3.1"', "nlu:"]
    for intent, texts in by_intent.items():
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {text}" for text in texts]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_fold(spec: str, k: int, fold: int) -> dict[str, Any]:
    from rasa.core.agent import Agent

    with tempfile.TemporaryDirectory() as scratch:
        config, tree, _ = variant_paths(spec, Path(scratch))
        examples = load_examples(tree / "data" / "nlu")
        held = set(folds(examples, k)[fold])
        train_path = Path(scratch) / "train.yml"
        write_nlu([e for i, e in enumerate(examples) if i not in held], train_path)
        model, seconds = train(config, train_path, scratch)
        agent = Agent.load(model)
        test = [e for i, e in enumerate(examples) if i in held]
        parses, _ = asyncio.run(parse_all(agent, [e.text for e in test]))
        figures = score_set(test, parses)
        figures.pop("confusions")
        figures["train_seconds"] = seconds
    return figures


def child(args: list[str], python: str) -> dict[str, Any]:
    completed = subprocess.run(
        [python, __file__, *args],
        # Rasa's training cache (.rasa/cache) would turn a retrain into a lookup.
        env={**os.environ, "RASA_MAX_CACHE_SIZE": "0", "PYTHONPATH": str(ROOT)},
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if completed.returncode:
        sys.stderr.write(completed.stderr[-4000:])
        raise SystemExit(f"child {args} failed")
    return json.loads(completed.stdout.strip().splitlines()[-1])


ROWS = [
    ("held-out (tests/nlu/heldout.yml) accuracy", "heldout", "accuracy", "{:.3f}"),
    ("held-out macro F1", "heldout", "macro_f1", "{:.3f}"),
    ("blind dev accuracy", "dev", "accuracy", "{:.3f}"),
    ("blind dev core-topic accuracy", "dev", "core_accuracy", "{:.3f}"),
    ("blind dev macro F1", "dev", "macro_f1", "{:.3f}"),
    ("blind test accuracy (sealed)", "test", "accuracy", "{:.3f}"),
    ("blind test core-topic accuracy (sealed)", "test", "core_accuracy", "{:.3f}"),
    ("blind test macro F1 (sealed)", "test", "macro_f1", "{:.3f}"),
    ("fresh set accuracy (sealed)", "fresh", "accuracy", "{:.3f}"),
    ("fresh set core-topic accuracy (sealed)", "fresh", "core_accuracy", "{:.3f}"),
    ("fresh set macro F1 (sealed)", "fresh", "macro_f1", "{:.3f}"),
]


def report(results: dict[str, dict[str, Any]]) -> str:
    names = list(results)
    lines = ["| metric | " + " | ".join(names) + " |", "|---" + "|---:" * len(names) + "|"]

    def cell(result: dict[str, Any], section: str, key: str, fmt: str) -> str:
        value = (result.get(section) or {}).get(key) if section else result.get(key)
        if value is None:
            return "—"
        if isinstance(value, list):
            return str(len(value))
        return fmt.format(value)

    for label, section, key, fmt in ROWS:
        if all(section not in r for r in results.values()):
            continue
        lines.append(
            f"| {label} | "
            + " | ".join(cell(r, section, key, fmt) for r in results.values())
            + " |"
        )
    for split in SPLITS:
        if all(f"{split}_e2e" not in r for r in results.values()):
            continue
        for label, key in (
            ("out-of-scope answered with a fact (intent)", None),
            ("out-of-scope answered with a fact (end to end)", "oos_with_fact"),
            ("manual questions answered with the passage's content", "manual_answered"),
            ("... counting the 詳しく text", "manual_answered_with_detail"),
            ("unanswerable answered with a fact", "unanswerable_with_fact"),
            ("unanswerable answered with a figure", "unanswerable_with_figure"),
            ("invented figures", "invented_figures"),
        ):
            cells = []
            for r in results.values():
                if key is None:
                    cells.append(cell(r, split, "oos_answered_with_fact", "{}"))
                    continue
                e2e = r.get(f"{split}_e2e") or {}
                value = e2e.get(key)
                if value is None:
                    cells.append("—")
                elif key.startswith("manual_answered"):
                    cells.append(f"{value}/{e2e['manual_n']}")
                elif isinstance(value, list):
                    cells.append(str(len(value)))
                else:
                    cells.append(str(value))
            lines.append(f"| {split}: {label} | " + " | ".join(cells) + " |")
    for label, key, fmt in (
        ("5-fold cross-validation accuracy (data/nlu)", "cv_accuracy", "{:.3f}"),
        ("5-fold cross-validation macro F1", "cv_macro_f1", "{:.3f}"),
        ("NLU train time (s)", "train_seconds", "{:.0f}"),
        ("model size (MB)", "model_mb", "{:.1f}"),
        ("peak RSS, train + score (MB)", "max_rss_mb", "{:.0f}"),
        ("RSS after loading the model (MB)", "rss_after_load_mb", "{:.0f}"),
        ("parse latency p50 (ms)", "latency_ms_p50", "{:.1f}"),
        ("parse latency p95 (ms)", "latency_ms_p95", "{:.1f}"),
    ):
        if all(key not in r for r in results.values()):
            continue
        lines.append(
            f"| {label} | " + " | ".join(cell(r, "", key, fmt) for r in results.values()) + " |"
        )
    for name, r in results.items():
        dev = r.get("dev") or {}
        lines.append(f"\nDev misses, {name} ({len(dev.get('confusions') or [])}):")
        lines += [f"- 「{t}」 {g} → {p}" for t, g, p in dev.get("confusions") or []]
        e2e = r.get("dev_e2e") or {}
        lines.append(f"Dev manual questions not answered, {name}:")
        lines += [f"- {i} 「{q}」 {how}" for i, q, how in e2e.get("misses") or []]
        lines += [f"- dev OOS with a fact: {t}" for t in e2e.get("oos_with_fact") or []]
        lines += [
            f"- dev unanswerable with a fact: {t}" for t in e2e.get("unanswerable_with_fact") or []
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variant", action="append", default=[], help="NAME=CONFIG[@PYTHON]")
    parser.add_argument("--sealed", action="store_true", help="also score the sealed test split")
    parser.add_argument("--cv", type=int, default=0, help="K-fold cross-validation on data/nlu")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--fold", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_variant(args.one, args.sealed), ensure_ascii=False))
        return
    if args.fold:
        spec, k, fold = args.fold.rsplit(":", 2)
        print(json.dumps(run_fold(spec, int(k), int(fold)), ensure_ascii=False))
        return
    results: dict[str, dict[str, Any]] = {}
    for variant in args.variant or ["today=git:main", "project=config.yml"]:
        name, _, rest = variant.partition("=")
        spec, _, python = rest.partition("@")
        python = python or sys.executable
        print(f"training and scoring: {name} ({spec}) ...", file=sys.stderr, flush=True)
        results[name] = child(["--one", spec, *(["--sealed"] if args.sealed else [])], python)
        if args.cv:
            scores = []
            for fold in range(args.cv):
                print(f"  fold {fold + 1}/{args.cv} ...", file=sys.stderr, flush=True)
                scores.append(child(["--fold", f"{spec}:{args.cv}:{fold}"], python))
            results[name]["cv_accuracy"] = sum(s["accuracy"] for s in scores) / len(scores)
            results[name]["cv_macro_f1"] = sum(s["macro_f1"] for s in scores) / len(scores)
            results[name]["cv_folds"] = scores
        if args.json:
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")
    print(report(results))


if __name__ == "__main__":
    main()
