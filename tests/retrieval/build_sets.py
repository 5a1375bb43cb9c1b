"""Build the shipped evaluation sets (run from the repo root; output is committed).

    .venvs/rasa/bin/python -m tests.retrieval.build_sets

seeds/       the seed passages (exactly as the bot indexes them) and the blind manual questions
             (tests/nlu/blind/manual_questions.json). A question's line ranges are mapped to
             passage ids: grade 2 when the passage holds at least half of the cited lines,
             grade 1 when it holds some of them, or when a passage of the other manual edition
             (002 ↔ 004) repeats the cited text (≥ 60 % of its character trigrams).
             splits.json keeps the blind set's dev/test split.
domain_faq/  a generic FAQ-style proxy: the bot's own FAQ answers in domain.yml (utter_faq_X and
             utter_faq_X_detail, first text of each, joined: one document per intent), and the blind intent messages
             (tests/nlu/blind/intents_{dev,test}.yml) of the faq_* intents as queries, each
             relevant to its intent's answer (grade 1). splits.json: dev/test by file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from bot.retrieval.passages import Passage
from bot.retrieval.seeds import default_seed_dir, load_seed_passages

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BLIND = ROOT / "tests" / "nlu" / "blind"


def indexed_text(passage: Passage) -> str:
    return f"{passage.title}\n{passage.text}"


def _write(folder: Path, name: str, data: object) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    (folder / name).write_text(text + "\n", encoding="utf-8")


def _trigrams(text: str) -> set[str]:
    compact = re.sub(r"\s+", "", text)
    return {compact[i : i + 3] for i in range(len(compact) - 2)}


def _cited(item: dict[str, object]) -> list[tuple[str, list[list[int]]]]:
    if "sources" in item:
        return [(s["seed"], s["lines"]) for s in item["sources"]]  # type: ignore[index,union-attr]
    return [(str(item["seed"]), item["lines"])]  # type: ignore[list-item]


def grade_passages(
    item: dict[str, object], passages: list[Passage], seed_lines: dict[str, list[str]]
) -> dict[str, int]:
    grades: dict[str, int] = {}
    for seed, ranges in _cited(item):
        lines = seed_lines[seed]
        cited = {
            n for first, last in ranges for n in range(first, last + 1) if lines[n - 1].strip()
        }
        cited_text = "".join(lines[n - 1] for n in sorted(cited))
        for passage in passages:
            if passage.seed == seed:
                held = {n for first, last in passage.lines for n in range(first, last + 1)}
                overlap = len(cited & held)
                if overlap:
                    grade = 2 if overlap >= 0.5 * len(cited) else 1
                    grades[passage.id] = max(grades.get(passage.id, 0), grade)
            elif {seed[:3], passage.seed[:3]} == {"002", "004"}:
                wanted = _trigrams(cited_text)
                shared = len(wanted & _trigrams(passage.text)) / max(1, len(wanted))
                if shared >= 0.6:
                    grades[passage.id] = max(grades.get(passage.id, 0), 1)
    return grades


def build_seed_set(folder: Path) -> None:
    passages = load_seed_passages()
    seed_dir = default_seed_dir()
    seed_lines = {
        path.name: path.read_text(encoding="utf-8").split("\n") for path in seed_dir.glob("*.txt")
    }
    items = json.loads((BLIND / "manual_questions.json").read_text(encoding="utf-8"))
    corpus = {passage.id: indexed_text(passage) for passage in passages}
    queries = {item["id"]: item["question"] for item in items}
    qrels = {item["id"]: grade_passages(item, passages, seed_lines) for item in items}
    splits = {item["id"]: item["split"] for item in items}
    for name, data in (("corpus", corpus), ("queries", queries), ("qrels", qrels)):
        _write(folder, f"{name}.json", data)
    _write(folder, "splits.json", splits)


def _intent_examples(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: list[tuple[str, str]] = []
    for block in data.get("nlu", []):
        intent = block.get("intent")
        for line in str(block.get("examples", "")).splitlines():
            text = line.strip()
            if intent and text.startswith("- "):
                out.append((intent, re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text[2:].strip())))
    return out


def build_domain_faq_set(folder: Path) -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    corpus: dict[str, str] = {}
    for name, variants in domain.get("responses", {}).items():
        if name.startswith("utter_faq_") and variants and "text" in variants[0]:
            intent = name[len("utter_") :].removesuffix("_detail")
            corpus[intent] = (corpus.get(intent, "") + "\n" + variants[0]["text"]).strip()
    queries: dict[str, str] = {}
    qrels: dict[str, dict[str, int]] = {}
    splits: dict[str, str] = {}
    for split in ("dev", "test"):
        for number, (intent, text) in enumerate(_intent_examples(BLIND / f"intents_{split}.yml")):
            if intent in corpus:
                qid = f"{split}-{number:03d}"
                queries[qid] = text
                qrels[qid] = {intent: 1}
                splits[qid] = split
    for name, data in (("corpus", corpus), ("queries", queries), ("qrels", qrels)):
        _write(folder, f"{name}.json", data)
    _write(folder, "splits.json", splits)


if __name__ == "__main__":
    build_seed_set(HERE / "seeds")
    build_domain_faq_set(HERE / "domain_faq")
    print("wrote", HERE / "seeds", "and", HERE / "domain_faq")
