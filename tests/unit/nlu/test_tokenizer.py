"""Tests of the Rasa component bot.nlu.tokenizer.JapaneseTokenizer through its public API."""

from __future__ import annotations

import logging
import unicodedata
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import unidic_lite
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.lexical_syntactic_featurizer import (
    LexicalSyntacticFeaturizer,
)
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.tokenizer import JapaneseTokenizer
from tests.unit.nlu.tokenizer_contract import Piece, Tokenize, TokenizerContract

Span = tuple[str, int, int]


@pytest.fixture
def model_storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


@pytest.fixture
def execution_context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), node_name="test_node")


def create_tokenizer(
    model_storage: LocalModelStorage,
    execution_context: ExecutionContext,
    **overrides: Any,
) -> JapaneseTokenizer:
    config: dict[str, Any] = {**JapaneseTokenizer.get_default_config(), **overrides}
    return JapaneseTokenizer.create(config, model_storage, Resource("tokenizer"), execution_context)


@pytest.fixture
def tokenizer(
    model_storage: LocalModelStorage, execution_context: ExecutionContext
) -> JapaneseTokenizer:
    return create_tokenizer(model_storage, execution_context)


def text_tokens(tokenizer: JapaneseTokenizer, text: str) -> list[Token]:
    message = Message(data={TEXT: text})
    tokenizer.process([message])
    tokens: list[Token] = message.get(TOKENS_NAMES[TEXT])
    return tokens


def assert_tokens_valid(original: str, tokens: Sequence[Token]) -> None:
    """Same invariant as for the segmenter, on the Rasa tokens."""
    previous_end = 0
    for token in tokens:
        assert 0 <= token.start < token.end <= len(original), token
        assert token.start >= previous_end, token
        normalized = unicodedata.normalize("NFKC", original[token.start : token.end]).strip()
        assert token.text == normalized, token
        previous_end = token.end


PROCESS_CASES = [
    pytest.param(
        "就労　定着 支援",
        [("就労", 0, 2), ("定着", 3, 5), ("支援", 6, 8)],
        id="ascii-and-fullwidth-spaces",
    ),
    pytest.param(
        "ｼﾞｮﾌﾞｺｰﾁは？",
        [("ジョブ", 0, 5), ("コーチ", 5, 8), ("は", 8, 9), ("?", 9, 10)],
        id="halfwidth-katakana",
    ),
    pytest.param("ありがとう😊", [("ありがとう", 0, 5), ("😊", 5, 6)], id="emoji"),
    pytest.param(
        "２０２４年４月",
        [("2024", 0, 4), ("年", 4, 5), ("4", 5, 6), ("月", 6, 7)],
        id="fullwidth-numbers",
    ),
    pytest.param(
        "Rasaで作ったbot",
        [("Rasa", 0, 4), ("で", 4, 5), ("作っ", 5, 7), ("た", 7, 8), ("bot", 8, 11)],
        id="latin-words",
    ),
    pytest.param("①番", [("1", 0, 1), ("番", 1, 2)], id="circled-digit"),
    pytest.param(
        "定着\x00支援\u200bです", [("定着", 0, 2), ("支援", 3, 5), ("です", 6, 8)], id="controls"
    ),
]


@pytest.mark.parametrize(("text", "expected"), PROCESS_CASES)
def test_process_offsets(tokenizer: JapaneseTokenizer, text: str, expected: list[Span]) -> None:
    tokens = text_tokens(tokenizer, text)
    assert [(t.text, t.start, t.end) for t in tokens] == expected
    assert_tokens_valid(text, tokens)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("\x00\x00", ("\x00\x00", 0, 2), id="controls-only"),
        pytest.param("   ", ("   ", 0, 3), id="spaces-only"),
        pytest.param("", ("", 0, 0), id="empty"),
    ],
)
def test_single_fallback_token(tokenizer: JapaneseTokenizer, text: str, expected: Span) -> None:
    tokens = text_tokens(tokenizer, text)
    assert [(t.text, t.start, t.end) for t in tokens] == [expected]
    assert tokens[0].get("pos") == "空白"


@pytest.mark.parametrize(
    ("text", "surface", "lemma", "pos"),
    [
        pytest.param("使えますか", "使え", "使える", "動詞", id="verb"),
        pytest.param("使えますか", "か", "か", "助詞", id="particle"),
        pytest.param("就労支援", "支援", "支援", "名詞", id="noun"),
        pytest.param("Rasaです", "Rasa", "rasa", "名詞", id="unknown-latin"),
    ],
)
def test_lemma_and_pos(
    tokenizer: JapaneseTokenizer, text: str, surface: str, lemma: str, pos: str
) -> None:
    token = next(t for t in text_tokens(tokenizer, text) if t.text == surface)
    assert (token.lemma, token.get("pos")) == (lemma, pos)


def test_token_pattern_is_applied(
    model_storage: LocalModelStorage, execution_context: ExecutionContext
) -> None:
    tokenizer = create_tokenizer(model_storage, execution_context, token_pattern=r"\d")
    tokens = text_tokens(tokenizer, "2024年")
    assert [(t.text, t.start, t.end) for t in tokens] == [
        ("2", 0, 1),
        ("0", 1, 2),
        ("2", 2, 3),
        ("4", 3, 4),
        ("年", 4, 5),
    ]


def test_intent_is_split_by_base_class(
    model_storage: LocalModelStorage, execution_context: ExecutionContext
) -> None:
    tokenizer = create_tokenizer(model_storage, execution_context, intent_tokenization_flag=True)
    message = Message(data={TEXT: "期間は？", INTENT: "faq_period"})
    tokenizer.process_training_data(TrainingData([message]))
    assert [t.text for t in message.get(TOKENS_NAMES[INTENT])] == ["faq", "period"]


def test_logs_dictionary_once(
    caplog: pytest.LogCaptureFixture,
    model_storage: LocalModelStorage,
    execution_context: ExecutionContext,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.nlu.tokenizer")
    tokenizer = create_tokenizer(model_storage, execution_context)
    for text in ["就労定着支援", "使えますか", "ありがとう"]:
        text_tokens(tokenizer, text)
    records = [r for r in caplog.records if r.name == "bot.nlu.tokenizer"]
    assert len(records) == 1
    assert records[0].levelno == logging.INFO
    assert "unidic-lite" in records[0].getMessage()
    assert unidic_lite.DICDIR in records[0].getMessage()


def test_component_metadata() -> None:
    assert JapaneseTokenizer.supported_languages() == ["ja"]
    assert JapaneseTokenizer.required_packages() == ["fugashi", "unidic_lite"]
    assert JapaneseTokenizer.get_default_config() == {
        "intent_tokenization_flag": False,
        "intent_split_symbol": "_",
        "token_pattern": None,
        "prefix_separator_symbol": None,
        "dictionary": "unidic-lite",
    }


def test_lexical_syntactic_featurizer_uses_pos(
    tokenizer: JapaneseTokenizer,
    model_storage: LocalModelStorage,
    execution_context: ExecutionContext,
) -> None:
    training_data = TrainingData(
        [
            Message(data={TEXT: "就労定着支援は使えますか？", INTENT: "faq_service"}),
            Message(data={TEXT: "ｼﾞｮﾌﾞｺｰﾁに相談したい", INTENT: "faq_service"}),
            Message(data={TEXT: "ありがとう😊", INTENT: "thanks"}),
        ]
    )
    tokenizer.process_training_data(training_data)
    featurizer = LexicalSyntacticFeaturizer.create(
        {
            **LexicalSyntacticFeaturizer.get_default_config(),
            "features": [["low", "pos"], ["BOS", "EOS", "pos", "pos2"], ["low", "pos"]],
        },
        model_storage,
        Resource("lexical_syntactic"),
        execution_context,
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        featurizer.train(training_data)
        featurizer.process_training_data(training_data)
    assert not [w for w in caught if "pos" in str(w.message)]

    message = Message(data={TEXT: "支援の期間は？"})
    tokenizer.process([message])
    featurizer.process([message])
    for example in [*training_data.training_examples, message]:
        sequence, _ = example.get_sparse_features(TEXT)
        assert sequence is not None
        assert sequence.features.shape[0] == len(example.get(TOKENS_NAMES[TEXT]))
        assert sequence.features.nnz > 0
    # The pos feature actually distinguishes tokens: vocabulary holds UniDic POS values.
    vocabulary = featurizer._feature_to_idx_dict
    assert {"名詞", "助詞"} <= set(vocabulary[(1, "pos")])


class TestJapaneseTokenizerContract(TokenizerContract):
    """The contract every tokenizer keeps (tests/unit/nlu/tokenizer_contract.py)."""

    @pytest.fixture(scope="class")
    def tokenize(self, tmp_path_factory: pytest.TempPathFactory) -> Tokenize:
        tokenizer = create_tokenizer(
            LocalModelStorage(tmp_path_factory.mktemp("contract")),
            ExecutionContext(GraphSchema({}), node_name="contract"),
        )

        def tokenize(text: str) -> list[Piece]:
            return [
                Piece(text=t.text, start=t.start, end=t.end, pos=t.get("pos") or "")
                for t in text_tokens(tokenizer, text)
            ]

        return tokenize
