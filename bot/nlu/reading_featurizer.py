"""Count features over the tokens' kana readings, so that kana and kanji spellings meet.

A message written all in hiragana (「りようりょうは いくら」) shares few surface or lemma tokens
with the training examples (「利用料はいくら」), but MeCab gives both the same readings (リヨウ,
リョウ). This is Rasa's CountVectorsFeaturizer reading ``token.data["reading"]`` (set by
``bot.nlu.tokenizer.JapaneseTokenizer``) instead of the token text; a token without a reading
(symbols, unknown words) falls back to its text. Every CountVectorsFeaturizer option applies
(``analyzer: char_wb`` for n-grams of the readings).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.tokenizer import READING_KEY

__all__ = ["ReadingFeaturizer", "token_reading"]


def token_reading(token: Token) -> str:
    """The token's kana reading, or its text when it has none."""
    return str(token.get(READING_KEY) or "") or token.text


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class ReadingFeaturizer(CountVectorsFeaturizer):
    """CountVectorsFeaturizer over readings for the message text (other attributes as usual)."""

    def _get_message_tokens_by_attribute(self, message: Message, attribute: str) -> list[str]:
        if attribute != TEXT:
            return super()._get_message_tokens_by_attribute(message, attribute)
        return [token_reading(token) for token in message.get(TOKENS_NAMES[TEXT]) or []]
