"""The blind evaluation sets (tests/nlu/blind/) and the end-to-end judgement of the bot's answers.

Shared by bench/nlu_compare.py and the tests, so that the report and the gates count the same way.

- ``intent_set(split)``: the blind intent messages of a split (dev for error analysis; test is
  sealed: scored for reports only; fresh, tests/nlu/fresh/, written blind later by another
  author, is sealed too).
- ``core_score``: accuracy (as acted on) on the five core topics (cost, duration, eligibility,
  where, apply).
- ``Judge``: what the bot answers to a message, from its parse, the way the dialogue does it
  (a FAQ rule ``intent → utter_<intent>``; nlu_fallback / out_of_scope / ask_manual → the manual
  action, ``bot.retrieval.dialogue.manual_reply``), and whether that answer carries the
  passage's content or a figure.

How a manual question counts as "answered with the passage's content": the bot gives a
grounded answer from a passage the qrels list as relevant (tests/retrieval/seeds/qrels.json,
from the question's cited lines), or it answers with a hand-written FAQ one of whose facts.yml
claims (for the answer, or for its 「詳しく」 text: counted apart) quotes a line of the same
seed inside the question's cited line ranges (from 2 lines before a range to its end: 002 has a
blank line between two lines of text).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
BLIND = ROOT / "tests" / "nlu" / "blind"
FRESH = ROOT / "tests" / "nlu" / "fresh"
QRELS = ROOT / "tests" / "retrieval" / "seeds" / "qrels.json"
CORE_INTENTS = ("faq_cost", "faq_duration", "faq_eligibility", "faq_where", "faq_apply")
SPLITS = ("dev", "test", "fresh")
SEALED_SPLITS = ("test", "fresh")  # scored for reports; their messages are never printed
MANUAL_ROUTES = ("nlu_fallback", "out_of_scope", "ask_manual")
QUOTE_SLACK = 2  # lines before a cited range where a quote may start


def intent_set(split: str) -> Path:
    if split not in SPLITS:
        raise ValueError(split)
    return FRESH / "intents.yml" if split == "fresh" else BLIND / f"intents_{split}.yml"


def manual_questions(split: str) -> list[dict[str, Any]]:
    """The fresh set has no manual questions (it was written for the core topics and safety)."""
    items = json.loads((BLIND / "manual_questions.json").read_text(encoding="utf-8"))
    return [q for q in items if q["split"] == split]


def unanswerable(split: str) -> list[dict[str, Any]]:
    path = FRESH / "unanswerable.json" if split == "fresh" else BLIND / "unanswerable.json"
    items = json.loads(path.read_text(encoding="utf-8"))
    return [q for q in items if q["split"] == split]


def cited_ranges(question: dict[str, Any]) -> dict[str, list[tuple[int, int]]]:
    """{seed number: [(first, last), ...]} of the lines a manual question cites."""
    sources = question.get("sources") or [{"seed": question["seed"], "lines": question["lines"]}]
    cited: dict[str, list[tuple[int, int]]] = {}
    for source in sources:
        number = str(source["seed"])[:3]
        cited.setdefault(number, []).extend((int(a), int(b)) for a, b in source["lines"])
    return cited


def core_score(golds: Sequence[str], acted: Sequence[str]) -> tuple[int, int]:
    """(correct, total) over the messages whose gold intent is a core topic."""
    pairs = [(g, p) for g, p in zip(golds, acted, strict=True) if g in CORE_INTENTS]
    return sum(g == p for g, p in pairs), len(pairs)


# --- what the bot answers -------------------------------------------------------------------


def numbers(text: str) -> list[str]:
    return re.findall(r"\d[\d,]*", unicodedata.normalize("NFKC", text))


def sources_text(shared: Path) -> str:
    parts = [(shared / "FACTS.md").read_text(encoding="utf-8")]
    parts += [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]
    return unicodedata.normalize("NFKC", "\n".join(parts)).replace(",", "")


@dataclass(frozen=True)
class Reply:
    """What the bot says to one message."""

    kind: str  # "faq" | "manual" | "refusal" | "other"
    intent: str
    response: str | None = None  # the FAQ response (kind faq)
    text: str = ""  # what the user reads (FAQ text, or the grounded sentences)
    passage: str | None = None  # the grounded answer's passage id (kind manual)

    @property
    def states_a_fact(self) -> bool:
        return self.kind in ("faq", "manual")


@dataclass
class Judge:
    """Turns parses into replies with one project's domain, facts.yml and (optional) manual."""

    domain: dict[str, Any]
    facts: dict[str, Any]
    index: Any = None  # bot.retrieval.ManualIndex, or None: the variant has no manual route
    sources: str = ""
    _claims: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def from_tree(cls, tree: Path, *, index: Any = None, shared: Path | None = None) -> Judge:
        domain = yaml.safe_load((tree / "domain.yml").read_text(encoding="utf-8"))
        facts = yaml.safe_load((tree / "facts.yml").read_text(encoding="utf-8"))
        shared = shared or ROOT.parent / "shared"
        return cls(domain, facts, index, sources_text(shared))

    def claims_of(self, response: str) -> list[dict[str, Any]]:
        if not self._claims:
            for claim in self.facts.get("claims") or []:
                for name in claim.get("responses") or []:
                    self._claims.setdefault(name, []).append(claim)
        return self._claims.get(response, [])

    def reply(self, text: str, intent: str) -> Reply:
        if intent in MANUAL_ROUTES:
            if self.index is not None:
                from bot.retrieval.dialogue import manual_reply

                answer = manual_reply(self.index, text, intent=intent)
                if answer is not None:
                    return Reply("manual", intent, text=answer.text, passage=answer.passage.id)
            return Reply("refusal", intent)
        response = f"utter_{intent}"
        variants = (self.domain.get("responses") or {}).get(response)
        if intent.startswith("faq_") and variants:
            return Reply("faq", intent, response=response, text=variants[0]["text"])
        return Reply("other", intent)

    def invented_figures(self, reply: Reply) -> list[str]:
        """Numbers in the reply that occur nowhere in FACTS.md or the seeds."""
        return [n for n in numbers(reply.text) if n.replace(",", "") not in self.sources]

    def covers(
        self, reply: Reply, question: dict[str, Any], qrels: dict[str, dict[str, int]]
    ) -> tuple[bool, bool]:
        """(the answer carries the passage's content, the answer or its 詳しく does)."""
        if reply.kind == "manual":
            hit = reply.passage in (qrels.get(question["id"]) or {})
            return hit, hit
        if reply.kind != "faq" or reply.response is None:
            return False, False
        cited = cited_ranges(question)

        def quotes_inside(response: str) -> bool:
            for claim in self.claims_of(response):
                for source in claim.get("sources") or []:
                    seed = str(source.get("seed") or "")
                    line = int(source.get("line") or 0)
                    for first, last in cited.get(seed, []):
                        if first - QUOTE_SLACK <= line <= last:
                            return True
            return False

        answer = quotes_inside(reply.response)
        return answer, answer or quotes_inside(f"{reply.response}_detail")


def load_qrels() -> dict[str, dict[str, int]]:
    return json.loads(QRELS.read_text(encoding="utf-8"))


@dataclass
class EndToEnd:
    """End-to-end figures for one split."""

    manual_n: int = 0
    manual_answered: int = 0  # answered with the passage's content (answer only)
    manual_answered_with_detail: int = 0  # ... by the answer or its 詳しく
    manual_by_kind: dict[str, int] = field(default_factory=dict)
    unanswerable_n: int = 0
    unanswerable_with_fact: list[str] = field(default_factory=list)
    unanswerable_with_figure: list[str] = field(default_factory=list)
    oos_n: int = 0
    oos_with_fact: list[str] = field(default_factory=list)
    oos_with_figure: list[str] = field(default_factory=list)
    invented_figures: list[str] = field(default_factory=list)
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # dev error analysis only

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def judge_split(
    judge: Judge,
    *,
    manual: Iterable[tuple[dict[str, Any], str]],
    unanswerables: Iterable[tuple[dict[str, Any], str]],
    out_of_scope: Iterable[tuple[str, str]],
    keep_misses: bool,
) -> EndToEnd:
    """``manual`` and ``unanswerables``: (item, predicted intent); ``out_of_scope``: (text,
    predicted intent) for the blind out_of_scope messages."""
    qrels = load_qrels()
    result = EndToEnd()
    for question, intent in manual:
        reply = judge.reply(question["question"], intent)
        answer, with_detail = judge.covers(reply, question, qrels)
        result.manual_n += 1
        result.manual_answered += answer
        result.manual_answered_with_detail += with_detail
        key = f"{reply.kind}:{'ok' if with_detail else 'miss'}"
        result.manual_by_kind[key] = result.manual_by_kind.get(key, 0) + 1
        result.invented_figures += judge.invented_figures(reply)
        if keep_misses and not with_detail:
            result.misses.append((question["id"], question["question"], f"{reply.kind} {intent}"))
    for item, intent in unanswerables:
        reply = judge.reply(item["question"], intent)
        result.unanswerable_n += 1
        if reply.states_a_fact:
            result.unanswerable_with_fact.append(f"{item['question']} → {reply.kind} {intent}")
        if numbers(reply.text):
            result.unanswerable_with_figure.append(item["question"])
        result.invented_figures += judge.invented_figures(reply)
    for text, intent in out_of_scope:
        reply = judge.reply(text, intent)
        result.oos_n += 1
        if reply.states_a_fact:
            result.oos_with_fact.append(f"{text} → {reply.kind} {intent}")
        if numbers(reply.text):
            result.oos_with_figure.append(text)
        result.invented_figures += judge.invented_figures(reply)
    return result
