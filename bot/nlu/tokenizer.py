"""Rasa tokenizer for Japanese: fugashi (MeCab) + UniDic via ``bot.text.segment``.

Token text is the NFKC-normalised surface (ｼﾞｮﾌﾞ -> ジョブ, ２０２４ -> 2024), while
``start``/``end`` index the original message so entity spans stay correct.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.spacy_tokenizer import POS_TAG_KEY
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.text.segment import JapaneseSegmenter

logger = logging.getLogger(__name__)

# POS of the fallback token for texts MeCab finds nothing in (only control characters).
_FALLBACK_POS = "空白"
# Token data key of the UniDic kana reading (bot/nlu/reading_featurizer.py reads it).
READING_KEY = "reading"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class JapaneseTokenizer(Tokenizer):
    """Splits Japanese text into UniDic short units with lemma and coarse POS.

    Each token stores the UniDic coarse POS (e.g. "名詞") under ``"pos"`` so that
    ``LexicalSyntacticFeaturizer`` can use its ``pos`` / ``pos2`` features, and its kana reading
    under ``"reading"`` (「利用」 and 「りよう」 both read リヨウ) for ``ReadingFeaturizer``.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Returns the component's default config."""
        return {
            # These four must be here because of the parent class: Rasa hands a component only
            # its default config merged with config.yml, and Tokenizer.__init__ reads
            # config["intent_tokenization_flag"] and config["intent_split_symbol"] (a KeyError
            # without them) and config.get()s the other two. Rasa's own defaults, unchanged.
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
            # Ours: "unidic-lite" (pinned), "unidic" (full UniDic package) or "auto" (fugashi).
            "dictionary": "unidic-lite",
        }

    @staticmethod
    def supported_languages() -> list[str] | None:
        """MeCab with UniDic only makes sense for Japanese."""
        return ["ja"]

    @staticmethod
    def required_packages() -> list[str]:
        """Packages needed at import/run time."""
        return ["fugashi", "unidic_lite"]

    def __init__(self, config: dict[str, Any]) -> None:
        """Creates the (single) MeCab tagger and states which dictionary it uses."""
        super().__init__(config)
        self._segmenter = JapaneseSegmenter(config.get("dictionary", "unidic-lite"))
        logger.info("JapaneseTokenizer dictionary: %s", self._segmenter.dictionary_description)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> JapaneseTokenizer:
        """Creates a new component (see parent class for full docstring)."""
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Tokenizes the text of the given attribute of the message."""
        text = message.get(attribute)
        tokens = [
            Token(
                m.text,
                m.start,
                m.end,
                data={POS_TAG_KEY: m.pos1, READING_KEY: m.reading},
                lemma=m.lemma,
            )
            for m in self._segmenter.segment(text)
        ]
        if not tokens:
            # Like WhitespaceTokenizer: featurizers expect at least one token.
            tokens = [Token(text, 0, len(text), data={POS_TAG_KEY: _FALLBACK_POS})]
        # Note: a token_pattern splits the normalised text, so sub-token offsets are
        # exact only where normalisation kept the length (true for most Japanese text).
        return self._apply_token_pattern(tokens)
