"""Rasa's throughput for two source trees, paired: each tree's own scripts/run.sh, rounds alternating.

    .venvs/api/bin/python bench/rasa_ab.py --baseline REF [--rounds 4] [--sessions 16]

For each round and tree (order A B, B A, A B, ...): start that tree's stack (tests/serving/stack.py:
scripts/run.sh in a temporary VAR_DIR, one Rasa on SQLite trackers, `models/bot.tar.gz` of this
tree for both, so only the code differs), run `bench/load.py --rasa` once to warm up and once to
measure (N sessions x 10 turns), stop it. Prints msg/s, p50/p95 and Rasa's RSS per round and the
ratio of the means. Not a timed test; figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.trees import checkout  # noqa: E402  (after the sys.path line)

API_PYTHON = ROOT / ".venvs" / "api" / "bin" / "python"
MODEL = Path(os.environ.get("BOT_MODEL", ROOT / "models" / "bot.tar.gz"))
# The seeds lie beside this tree, not beside a temporary worktree (the default of
# bot.retrieval.seeds.default_seed_dir, whose package needs numpy: not in the API venv).
SEEDS = os.environ.get("BOT_SEEDS_DIR", str(ROOT.parent / "shared" / "seeds"))

# Run inside the tree being measured, so its own tests/serving/stack.py starts its own run.sh.
ROUND = """
import json, subprocess, sys, tempfile
from pathlib import Path
sys.path.insert(0, ".")
from tests.serving.stack import Stack
stack = Stack(var_dir=Path(tempfile.mkdtemp(prefix="rasa-ab-")), replicas=1, env={})
stack.start()
try:
    for _ in range(2):  # a warm-up run, then the measured one
        out = subprocess.run(
            [sys.executable, "bench/load.py", "--rasa", stack.rasa_urls[0], "--sessions", SESSIONS,
             "--turns", "10", "--var-dir", str(stack.var_dir)],
            capture_output=True, text=True, check=True,
        ).stdout
    print([line for line in out.splitlines() if line.startswith("{")][-1])
finally:
    stack.stop()
"""


def one_round(tree: Path, sessions: int) -> dict[str, Any]:
    completed = subprocess.run(
        [str(API_PYTHON), "-c", ROUND.replace("SESSIONS", repr(str(sessions)))],
        cwd=tree,
        env={**os.environ, "BOT_MODEL": str(MODEL), "BOT_SEEDS_DIR": SEEDS},
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"the round in {tree} failed:\n{completed.stderr[-3000:]}")
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", required=True, help="a git ref to compare with")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--sessions", type=int, default=16)
    args = parser.parse_args()

    with ExitStack() as stack:
        trees = {f"before ({args.baseline})": checkout(args.baseline, stack, with_venvs=True)}
        trees["after (this tree)"] = ROOT
        results: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
        for number in range(args.rounds):
            order = list(trees.items())
            for name, tree in order if number % 2 == 0 else reversed(order):
                result = one_round(tree, args.sessions)
                results[name].append(result)
                print(
                    f"round {number + 1} {name}: {result['msg_per_s']:.2f} msg/s, "
                    f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, "
                    f"{result['ok']}/{result['turns']} ok, Rasa RSS {result['rss_end_mb'].get('rasa')} MB",
                    flush=True,
                )
    means = {name: sum(r["msg_per_s"] for r in rs) / len(rs) for name, rs in results.items()}
    for name, mean in means.items():
        print(f"{name}: mean {mean:.2f} msg/s")
    before, after = means.values()
    print(f"after / before, msg/s: {after / before:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
