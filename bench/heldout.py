"""Scoring of an NLU model on the held-out set (tests/nlu/heldout.yml).

Shared by bench/nlu_heldout.py (numbers for docs/benchmarks.md) and the held-out gate in
tests/integration, so that both judge a model the same way.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELDOUT_PATH = ROOT / "tests" / "nlu" / "heldout.yml"

OUT_OF_SCOPE = "out_of_scope"
FALLBACK = "nlu_fallback"
FACT_PREFIX = "faq_"


@dataclass(frozen=True)
class Example:
    text: str
    intent: str


@dataclass(frozen=True)
class Prediction:
    """What the bot acts on (after FallbackClassifier) and what the classifier ranked first."""

    intent: str
    classifier_intent: str
    confidence: float


@dataclass
class Score:
    n: int
    accuracy: float
    classifier_accuracy: float
    macro_f1: float
    out_of_scope_answered_with_fact: list[str]
    fallback_on_in_scope: int
    confusions: list[tuple[str, str, str]] = field(default_factory=list)


def load_examples(path: Path = HELDOUT_PATH) -> list[Example]:
    # Imported here so that `score` stays usable without Rasa (plain unit tests).
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [Example(m.get("text"), m.get("intent")) for m in data.intent_examples]


def is_correct(gold: str, predicted: str) -> bool:
    """An out-of-scope message that falls back is handled right: the bot answers no fact."""
    return predicted == gold or (gold == OUT_OF_SCOPE and predicted == FALLBACK)


def macro_f1(golds: Sequence[str], predicted: Sequence[str]) -> float:
    """Macro F1 over the gold labels (fallback on an out-of-scope message counts as correct)."""
    normalised = [
        gold if is_correct(gold, p) else p for gold, p in zip(golds, predicted, strict=True)
    ]
    labels = sorted(set(golds))
    f1s = []
    for label in labels:
        tp = sum(1 for g, p in zip(golds, normalised, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(golds, normalised, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(golds, normalised, strict=True) if g == label and p != label)
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return statistics.fmean(f1s) if f1s else 0.0


def score(examples: Sequence[Example], predictions: Sequence[Prediction]) -> Score:
    golds = [e.intent for e in examples]
    acted = [p.intent for p in predictions]
    confusions = [
        (e.text, e.intent, p.intent)
        for e, p in zip(examples, predictions, strict=True)
        if not is_correct(e.intent, p.intent)
    ]
    oos_facts = [
        e.text
        for e, p in zip(examples, predictions, strict=True)
        if e.intent == OUT_OF_SCOPE and p.intent.startswith(FACT_PREFIX)
    ]
    n = len(examples)
    return Score(
        n=n,
        accuracy=sum(is_correct(g, p) for g, p in zip(golds, acted, strict=True)) / n if n else 0.0,
        classifier_accuracy=(
            sum(e.intent == p.classifier_intent for e, p in zip(examples, predictions, strict=True))
            / n
            if n
            else 0.0
        ),
        macro_f1=macro_f1(golds, acted),
        out_of_scope_answered_with_fact=oos_facts,
        fallback_on_in_scope=sum(
            1 for g, p in zip(golds, acted, strict=True) if g != OUT_OF_SCOPE and p == FALLBACK
        ),
        confusions=confusions,
    )


def confusion_pairs(score_: Score) -> dict[tuple[str, str], int]:
    return dict(Counter((gold, pred) for _, gold, pred in score_.confusions).most_common())


def prediction_from_parse(parsed: dict) -> Prediction:
    """Reads Rasa's parse result; the ranking's first non-fallback entry is the classifier's pick."""
    intent = parsed.get("intent") or {}
    ranking = [r for r in parsed.get("intent_ranking") or [] if r.get("name") != FALLBACK]
    top = ranking[0] if ranking else intent
    return Prediction(
        intent=intent.get("name") or FALLBACK,
        classifier_intent=top.get("name") or FALLBACK,
        confidence=float(top.get("confidence") or 0.0),
    )
