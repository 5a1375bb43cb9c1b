"""A Rasa NLU component: a question made only of words the bot has never seen gets no FAQ answer.

DIET always ranks some intent first, and character n-grams of nonsense such as
「ぴよぴよ もにょもにょ ふがふが」 can look enough like a FAQ to pass the FallbackClassifier's
threshold (the blind-set review found it answered with the eligibility FAQ at 0.83). A person who
gets a fact for a message the bot cannot have understood is misled, so: at training time this
component keeps every content word of the training examples (its text, lemma and kana reading,
so that 「ひよう」 still meets 「費用」); at run time, when a FAQ intent comes first and not one
content word of the message is known, the intent's confidence becomes 0 and the
FallbackClassifier after this component answers with the kind fallback instead.

Function words (particles, auxiliaries, symbols) never count: 「も」 and 「です」 are in every
training sentence and say nothing about the topic.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.ranking_guard import Intent, LearnedRankingGuard, Ranking
from bot.nlu.tokenizer import POS_TAG_KEY, READING_KEY

# UniDic coarse parts of speech that carry no topic.
FUNCTION_POS = frozenset({"助詞", "助動詞", "補助記号", "記号", "空白"})
# The intents that answer with a fact; the guard leaves the conversation intents alone.
GUARDED_PREFIXES = ("faq_", "ask_manual")
VOCABULARY_FILE = "vocabulary.json"


def token_keys(token: Token) -> set[str]:
    """The keys under which a token may have been seen in training: text, lemma, kana reading."""
    data = token.data or {}
    keys = {token.text.lower(), (token.lemma or "").lower(), str(data.get(READING_KEY) or "")}
    keys.discard("")
    return keys


def is_content(token: Token) -> bool:
    return (token.data or {}).get(POS_TAG_KEY) not in FUNCTION_POS


def content_keys(tokens: Iterable[Token]) -> list[set[str]]:
    """For each content token, the keys under which it may have been seen in training."""
    return [keys for token in tokens if is_content(token) and (keys := token_keys(token))]


def is_guarded(intent_name: str | None) -> bool:
    return bool(intent_name) and str(intent_name).startswith(GUARDED_PREFIXES)


def all_unknown(tokens: Iterable[Token], vocabulary: frozenset[str]) -> bool:
    """True when the message has content words and none of them was seen in training."""
    words = content_keys(tokens)
    return bool(words) and not any(keys & vocabulary for keys in words)


def silence(intent: Intent, ranking: Ranking) -> tuple[Intent, Ranking]:
    """(intent, ranking) with every confidence 0, so that the FallbackClassifier takes over."""
    return {**intent, "confidence": 0.0}, [{**r, "confidence": 0.0} for r in ranking]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class UnknownWordsGuard(LearnedRankingGuard[frozenset[str]]):
    FILE = VOCABULARY_FILE

    @property
    def vocabulary(self) -> frozenset[str]:
        return self.learned or frozenset()

    def learn(self, training_data: TrainingData) -> frozenset[str]:
        vocabulary: set[str] = set()
        for example in training_data.intent_examples:
            for keys in content_keys(example.get(TOKENS_NAMES[TEXT]) or []):
                vocabulary |= keys
        return frozenset(vocabulary)

    @staticmethod
    def encode(learned: frozenset[str]) -> str:
        return json.dumps(sorted(learned), ensure_ascii=False)

    @staticmethod
    def decode(text: str) -> frozenset[str]:
        return frozenset(json.loads(text))

    def adjust(self, intent: Intent, ranking: Ranking, message: Message) -> tuple[Intent, Ranking]:
        if not self.vocabulary or not is_guarded(intent.get("name")):
            return intent, ranking
        if not all_unknown(message.get(TOKENS_NAMES[TEXT]) or [], self.vocabulary):
            return intent, ranking
        return silence(intent, ranking)
