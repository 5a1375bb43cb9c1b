"""Calibrate the answerability threshold: the trade-off between answering the blind manual
questions and refusing the near-domain questions the seeds do not answer (docs/benchmarks.md).

    .venvs/rasa/bin/python bench/retrieval_threshold.py [--split dev|test]

Answerable: tests/nlu/blind/manual_questions.json (split). Unanswerable: the split's items of
tests/nlu/blind/unanswerable.json, plus (dev only) tests/retrieval/unanswerable_extra.json.
"answered right" = answered from a passage judged relevant in tests/retrieval/seeds/qrels.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.retrieval.manual import ANSWER_THRESHOLD, ManualIndex  # noqa: E402

BLIND = ROOT / "tests/nlu/blind"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="dev", choices=("dev", "test"))
    parser.add_argument("--show", action="store_true", help="list the answered unanswerables")
    args = parser.parse_args()
    index = ManualIndex.from_seeds(threshold=0.0)
    qrels = json.loads((ROOT / "tests/retrieval/seeds/qrels.json").read_text(encoding="utf-8"))
    manual = [
        i
        for i in json.loads((BLIND / "manual_questions.json").read_text())
        if i["split"] == args.split
    ]
    refuse = [
        i for i in json.loads((BLIND / "unanswerable.json").read_text()) if i["split"] == args.split
    ]
    if args.split == "dev":
        refuse += json.loads((ROOT / "tests/retrieval/unanswerable_extra.json").read_text())[
            "items"
        ]
    answerable = []
    for item in manual:
        assessment = index.assess(item["question"])
        right = bool(assessment.answer) and assessment.answer.passage.id in qrels[item["id"]]
        answerable.append((assessment.confidence, assessment.answerable, right))
    unanswerable = []
    for item in refuse:
        assessment = index.assess(item["question"])
        unanswerable.append((assessment.confidence, assessment.answerable, item["question"]))
    print(
        f"split={args.split}: {len(answerable)} answerable, {len(unanswerable)} unanswerable; "
        f"bot threshold {ANSWER_THRESHOLD}"
    )
    print(
        "| threshold | answerable answered | answered from a relevant passage | unanswerable answered |"
    )
    print("|---:|---:|---:|---:|")
    for step in range(0, 13):
        threshold = round(step * 0.05, 2)
        answered = sum(1 for c, ok, _ in answerable if ok and c >= threshold)
        right = sum(1 for c, ok, r in answerable if ok and r and c >= threshold)
        leaked = [q for c, ok, q in unanswerable if ok and c >= threshold]
        mark = " **(bot)**" if abs(threshold - ANSWER_THRESHOLD) < 1e-9 else ""
        print(
            f"| {threshold:.2f}{mark} | {answered}/{len(answerable)} | {right}/{len(answerable)} "
            f"| {len(leaked)}/{len(unanswerable)} |"
        )
        if args.show and leaked:
            print("    answered:", " / ".join(leaked))
    return 0


if __name__ == "__main__":
    sys.exit(main())
