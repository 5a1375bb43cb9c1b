"""Held-out NLU benchmark: the project's pipeline vs a char n-gram baseline, side by side.

    make bench            # or: .venvs/rasa/bin/python bench/nlu_heldout.py [--runs-per-message 3]

Each pipeline is trained on data/nlu and scored on tests/nlu/heldout.yml (never used for
training) in its own subprocess, so memory figures do not mix. Both run in the same invocation
and are reported as ratios, because absolute timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.heldout import (  # noqa: E402  (after the sys.path line above)
    HELDOUT_PATH,
    confusion_pairs,
    load_examples,
    prediction_from_parse,
    score,
)

PIPELINES = {
    "project": ROOT / "config.yml",
    "baseline": ROOT / "bench" / "baseline_config.yml",
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def evaluate(model_path: str, runs_per_message: int) -> dict:
    from rasa.core.agent import Agent

    agent = Agent.load(model_path)
    examples = load_examples(HELDOUT_PATH)
    await agent.parse_message("ウォームアップ")  # first call builds TF graphs
    predictions, latencies = [], []
    for example in examples:
        for _ in range(runs_per_message):
            started = time.perf_counter()
            parsed = await agent.parse_message(example.text)
            latencies.append(time.perf_counter() - started)
        predictions.append(prediction_from_parse(parsed))
    result = score(examples, predictions)
    return {
        "n": result.n,
        "accuracy": result.accuracy,
        "classifier_accuracy": result.classifier_accuracy,
        "macro_f1": result.macro_f1,
        "oos_answered_with_fact": result.out_of_scope_answered_with_fact,
        "fallback_on_in_scope": result.fallback_on_in_scope,
        "confusions": result.confusions,
        "confusion_pairs": [[g, p, c] for (g, p), c in confusion_pairs(result).items()],
        "latency_ms_p50": 1000 * percentile(latencies, 0.5),
        "latency_ms_p95": 1000 * percentile(latencies, 0.95),
        "throughput_msg_per_s": len(latencies) / sum(latencies),
    }


def run_one(name: str, runs_per_message: int, model: str | None = None) -> dict:
    """Trains and scores one pipeline (runs in a child process).

    With `model`, that trained model is scored instead (e.g. models/bot.tar.gz from `make train`,
    the model the bot runs) and train_seconds is reported as 0.
    """
    from rasa.model_training import train_nlu

    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        model_path = model or train_nlu(
            config=str(PIPELINES[name]),
            nlu_data=str(ROOT / "data" / "nlu"),
            output=out,
            fixed_model_name=name,
        )
        train_seconds = 0.0 if model else time.perf_counter() - started
        if not model_path:
            raise SystemExit(f"training {name} produced no model")
        model_mb = os.path.getsize(model_path) / 1e6
        figures = asyncio.run(evaluate(model_path, runs_per_message))
    figures.update(
        pipeline=name,
        train_seconds=train_seconds,
        model_mb=model_mb,
        max_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
    return figures


def child(name: str, runs_per_message: int, model: str | None = None) -> dict:
    extra = ["--project-model", model] if model else []
    completed = subprocess.run(
        [
            sys.executable,
            __file__,
            "--one",
            name,
            "--runs-per-message",
            str(runs_per_message),
            *extra,
        ],
        # Rasa's training cache (.rasa/cache) would turn a retrain into a 4-second lookup.
        env={**os.environ, "RASA_MAX_CACHE_SIZE": "0"},
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def report(results: dict[str, dict]) -> str:
    project, baseline = results["project"], results["baseline"]
    rows = [
        ("held-out messages", "n", "{:.0f}"),
        ("accuracy (as acted on, with fallback)", "accuracy", "{:.3f}"),
        ("classifier top-1 accuracy", "classifier_accuracy", "{:.3f}"),
        ("macro F1", "macro_f1", "{:.3f}"),
        ("in-scope messages that fell back", "fallback_on_in_scope", "{:.0f}"),
        ("train time (s)", "train_seconds", "{:.1f}"),
        ("model size (MB)", "model_mb", "{:.2f}"),
        ("parse latency p50 (ms)", "latency_ms_p50", "{:.1f}"),
        ("parse latency p95 (ms)", "latency_ms_p95", "{:.1f}"),
        ("throughput (messages/s)", "throughput_msg_per_s", "{:.1f}"),
        ("peak memory of the process (MB)", "max_rss_mb", "{:.0f}"),
    ]
    lines = [
        "| metric | project (fugashi) | baseline (char n-grams) | project / baseline |",
        "|---|---:|---:|---:|",
    ]
    for label, key, fmt in rows:
        a, b = float(project[key]), float(baseline[key])
        ratio = f"{a / b:.2f}" if b else "n/a"
        lines.append(f"| {label} | {fmt.format(a)} | {fmt.format(b)} | {ratio} |")
    oos = len(project["oos_answered_with_fact"]), len(baseline["oos_answered_with_fact"])
    lines.append(f"| out-of-scope answered with a fact | {oos[0]} | {oos[1]} | |")
    lines.append("")
    for name in ("project", "baseline"):
        lines.append(f"Confusions, {name} (gold → predicted: count):")
        pairs = results[name]["confusion_pairs"] or [["none", "", 0]]
        lines += [f"- {g} → {p}: {c}" for g, p, c in pairs]
        lines.append("")
    lines.append("Misclassified messages, project:")
    lines += [f"- 「{text}」 {gold} → {pred}" for text, gold, pred in project["confusions"]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--one", choices=sorted(PIPELINES), help=argparse.SUPPRESS)
    parser.add_argument("--runs-per-message", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write raw figures to this file")
    parser.add_argument(
        "--project-model",
        help="score this trained model (e.g. models/bot.tar.gz) instead of training the project "
        "pipeline NLU-only; the baseline is always trained",
    )
    args = parser.parse_args()
    if args.one:
        model = args.project_model if args.one == "project" else None
        print(json.dumps(run_one(args.one, args.runs_per_message, model), ensure_ascii=False))
        return
    results = {}
    for name in PIPELINES:
        print(f"training and scoring: {name} ...", file=sys.stderr, flush=True)
        results[name] = child(name, args.runs_per_message, args.project_model)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
