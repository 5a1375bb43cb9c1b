"""What the dialogue does with the manual: answer or refuse, and what 「詳しく」 shows next.

Pure (no Rasa): ``actions/manual.py`` calls these, and so does the end-to-end benchmark
(``bench/blind.py``), so both judge the same behaviour.

- ``manual_reply(index, question, intent=...)``: the grounded answer for a message the NLU
  routed to the manual, or None (the bot then gives today's kind fallback). How sure the index
  must be depends on why the message came: ``nlu_fallback`` and ``ask_manual`` use the
  calibrated ``ANSWER_THRESHOLD``; a message the NLU itself called ``out_of_scope`` needs
  ``OUT_OF_SCOPE_THRESHOLD`` (the NLU's verdict is evidence against answering).
- ``ManualState``: which passage was shown and which of its sentences, kept in a slot as JSON
  so that 「詳しく」 can show the passage's next sentences.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from bot.retrieval.answer import showable
from bot.retrieval.manual import ANSWER_THRESHOLD, GroundedAnswer, ManualIndex
from bot.retrieval.passages import Passage

__all__ = [
    "MANUAL_ROUTES",
    "MORE_SENTENCES",
    "OUT_OF_SCOPE_THRESHOLD",
    "ManualState",
    "manual_reply",
    "more_from",
    "route_threshold",
]

# Intents whose messages go to the manual (data/rules/manual.yml).
MANUAL_ROUTES = ("nlu_fallback", "out_of_scope", "ask_manual")
# On the blind dev split, messages the NLU calls out_of_scope that the index would answer
# reach confidence 0.81 (「就職先を紹介してください」); no dev manual question the NLU calls
# out_of_scope needs less than this to be answered from a relevant passage
# (bench/blind.py --threshold-sweep, docs/benchmarks.md).
OUT_OF_SCOPE_THRESHOLD = 1.01  # above any confidence: out_of_scope is never answered
# Sentences 「詳しく」 adds at a time (the answer itself has 1-3).
MORE_SENTENCES = 3


def route_threshold(intent: str) -> float:
    """How confident the index must be to answer a message the NLU labelled ``intent``."""
    return OUT_OF_SCOPE_THRESHOLD if intent == "out_of_scope" else ANSWER_THRESHOLD


def manual_reply(index: ManualIndex, question: str, *, intent: str) -> GroundedAnswer | None:
    """The grounded answer to ``question``, or None when the bot should say it cannot answer."""
    if intent not in MANUAL_ROUTES:
        return None
    assessment = index.assess(question)
    answer = assessment.answer
    if answer is None or answer.confidence < route_threshold(intent):
        return None
    return answer


@dataclass(frozen=True)
class ManualState:
    """The passage last answered from and the positions of its sentences already shown."""

    passage_id: str
    shown: tuple[int, ...]

    @classmethod
    def for_answer(cls, answer: GroundedAnswer) -> ManualState:
        sentences = answer.passage.sentences
        return cls(answer.passage.id, _positions(sentences, answer.sentences))

    def to_json(self) -> str:
        return json.dumps({"passage": self.passage_id, "shown": list(self.shown)})

    @classmethod
    def from_json(cls, value: object) -> ManualState | None:
        """The state kept in the slot, or None when it is unset or not ours."""
        if not isinstance(value, str) or not value:
            return None
        try:
            data = json.loads(value)
            return cls(str(data["passage"]), tuple(int(i) for i in data["shown"]))
        except (ValueError, KeyError, TypeError):
            return None


def _positions(sentences: list[str], picked: Iterable[str]) -> tuple[int, ...]:
    wanted = set(picked)
    return tuple(i for i, sentence in enumerate(sentences) if sentence in wanted)


def more_from(
    passage: Passage, state: ManualState, *, limit: int = MORE_SENTENCES
) -> tuple[tuple[str, ...], ManualState]:
    """The passage's next showable sentences not yet shown, and the new state: first those
    after the last sentence shown (reading on), then the earlier ones. An empty tuple means
    the passage has nothing more to show."""
    sentences = passage.sentences
    last = max(state.shown, default=-1)
    unseen = [
        i for i, sentence in enumerate(sentences) if i not in state.shown and showable(sentence)
    ]
    fresh = ([i for i in unseen if i > last] + [i for i in unseen if i < last])[:limit]
    if not fresh:
        return (), state
    new_state = ManualState(state.passage_id, tuple(sorted({*state.shown, *fresh})))
    return tuple(sentences[i] for i in fresh), new_state
