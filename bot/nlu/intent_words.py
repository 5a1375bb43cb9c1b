"""A Rasa NLU component: a FAQ is only answered when the message is about that FAQ's words.

DIET picks a FAQ from a few shared words and can be sure of it: 「このメールを英語にして」 came out
as the online-support FAQ (メール), 「訪問看護を利用したら自己負担はいくら」 as the cost FAQ
(自己負担) at 0.99. A fact given for a question it does not answer misleads; a figure the
question did not ask about misleads most. So at training time this component keeps, for each
intent, every content word of its examples (text, lemma and kana reading, as
``bot.nlu.unknown_words`` does) and each word's document frequency. At run time, when a FAQ
intent comes first, it weighs the message's topic words by IDF and takes the share of that
weight the intent's examples know:

- below ``GENERAL_SHARE`` (nearly all of the message is foreign to the FAQ), or
- for a figure question (``bot.text.figures``: いくら, 何人, 電話番号…), below
  ``FIGURE_TOPIC_SHARE`` (the share the retrieval asks of a passage before it gives a figure),

the intent's confidence becomes 0, so the FallbackClassifier hands the message to the manual
route, which answers from a passage only if it holds the message's topic, or says kindly that
the bot cannot answer.

Words that ask rather than name the topic (いくら, 何, 平均…) do not count, nor do digits.
A message written only in kana is not judged: MeCab splits such text badly
(「ていちゃくしえん」 → て/いちゃ/くし/え/ん), so its words say little, and the people who write
in kana only are the ones the bot must not turn away.

The thresholds were chosen on the blind dev split (error analysis) and a leave-one-out run over
data/nlu (each FAQ example judged with its own words removed: how often an unseen phrasing of
a FAQ would be silenced); docs/benchmarks.md has both.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.ranking_guard import Intent, LearnedRankingGuard, Ranking
from bot.nlu.unknown_words import content_keys, is_content, silence, token_keys
from bot.text.figures import ASKING_WORDS, FIGURE_QUESTION, FIGURE_TOPIC_SHARE

# Blind dev split: out-of-scope messages given a FAQ had 0.14-0.48 of their weight known to
# it, no in-scope one less than 0.30; but left out of data/nlu, 0.30 would silence 7 % of the
# FAQ examples, 0.15 only 2 % (mostly figure questions, below).
GENERAL_SHARE = 0.15
GUARDED_PREFIX = "faq_"
WORDS_FILE = "intent_words.json"
_KANA_ONLY = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\s、。，．,.！？!?〜~ー・]+")


@dataclass(frozen=True)
class IntentWords:
    """Per intent, the content-word keys of its training examples; and how many examples hold
    each key (for the IDF)."""

    by_intent: Mapping[str, frozenset[str]]
    document_frequency: Mapping[str, int]
    examples: int

    def idf(self, keys: Iterable[str]) -> float:
        """The rarest of a token's keys; a word never seen weighs most."""
        return max(
            (math.log(self.examples / (1 + self.document_frequency.get(k, 0))) for k in keys),
            default=0.0,
        )

    def known_share(self, intent: str, words: list[set[str]]) -> float:
        """Share of the topic words' IDF weight that the intent's examples know (1.0 if none)."""
        vocabulary = self.by_intent.get(intent, frozenset())
        total = sum(self.idf(keys) for keys in words)
        if total <= 0:
            return 1.0
        return sum(self.idf(keys) for keys in words if keys & vocabulary) / total

    def to_json(self) -> str:
        return json.dumps(
            {
                "examples": self.examples,
                "document_frequency": self.document_frequency,
                "by_intent": {k: sorted(v) for k, v in self.by_intent.items()},
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> IntentWords:
        data = json.loads(text)
        return cls(
            by_intent={k: frozenset(v) for k, v in data["by_intent"].items()},
            document_frequency=dict(data["document_frequency"]),
            examples=int(data["examples"]),
        )

    @classmethod
    def learn(cls, examples: Iterable[tuple[str, list[set[str]]]]) -> IntentWords:
        """From (intent, content-word keys of one example) pairs."""
        by_intent: dict[str, set[str]] = {}
        frequency: dict[str, int] = {}
        count = 0
        for intent, words in examples:
            count += 1
            seen = set().union(*words) if words else set()
            by_intent.setdefault(intent, set()).update(seen)
            for key in seen:
                frequency[key] = frequency.get(key, 0) + 1
        return cls({k: frozenset(v) for k, v in by_intent.items()}, frequency, count)


def topic_words(text: str, tokens: Iterable[Token]) -> list[set[str]]:
    """Keys of the content tokens that name the topic: not function words, not digits, not the
    words of a figure question that only ask (いくら, 何単位, 電話番号…)."""
    asking_spans = [m.span() for m in FIGURE_QUESTION.finditer(text)]
    out: list[set[str]] = []
    for token in tokens:
        if not is_content(token) or token.text.isdigit():
            continue
        if any(token.start < end and start < token.end for start, end in asking_spans):
            continue
        keys = token_keys(token)
        if keys and not keys & ASKING_WORDS:
            out.append(keys)
    return out


def is_foreign(
    intent: str,
    text: str,
    tokens: list[Token],
    words: IntentWords,
    *,
    general: float = GENERAL_SHARE,
    figure: float = FIGURE_TOPIC_SHARE,
) -> bool:
    """True when the message is too little about the FAQ ``intent`` to be answered with it.
    (The shares are parameters for bench/intent_words_loo.py, which tries others.)"""
    if _KANA_ONLY.fullmatch(text):
        return False
    share = words.known_share(intent, topic_words(text, tokens))
    return share < (figure if FIGURE_QUESTION.search(text) else general)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class IntentWordsGuard(LearnedRankingGuard[IntentWords]):
    FILE = WORDS_FILE

    def learn(self, training_data: TrainingData) -> IntentWords:
        return IntentWords.learn(
            (str(example.get("intent")), content_keys(example.get(TOKENS_NAMES[TEXT]) or []))
            for example in training_data.intent_examples
        )

    @staticmethod
    def encode(learned: IntentWords) -> str:
        return learned.to_json()

    @staticmethod
    def decode(text: str) -> IntentWords:
        return IntentWords.from_json(text)

    def adjust(self, intent: Intent, ranking: Ranking, message: Message) -> tuple[Intent, Ranking]:
        name = str(intent.get("name") or "")
        if self.learned is None or not name.startswith(GUARDED_PREFIX):
            return intent, ranking
        tokens = message.get(TOKENS_NAMES[TEXT]) or []
        if not is_foreign(name, message.get(TEXT) or "", tokens, self.learned):
            return intent, ranking
        return silence(intent, ranking)
