"""ReadingFeaturizer: kana and kanji spellings of a message share features (readings)."""

from __future__ import annotations

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.reading_featurizer import ReadingFeaturizer, token_reading
from bot.nlu.tokenizer import READING_KEY, JapaneseTokenizer


def test_token_reading_falls_back_to_the_text() -> None:
    assert token_reading(Token("利用", 0, 2, data={READING_KEY: "リヨウ"})) == "リヨウ"
    assert token_reading(Token("?", 0, 1, data={READING_KEY: ""})) == "?"
    assert token_reading(Token("ABC", 0, 3)) == "ABC"


def sentence_vector(featurizer: ReadingFeaturizer, message: Message) -> np.ndarray:
    _, sentence = message.get_sparse_features(TEXT)
    assert sentence is not None
    return np.asarray(sentence.features.todense()).ravel()


def test_hiragana_and_kanji_spellings_get_the_same_features(tmp_path) -> None:
    tokenizer = JapaneseTokenizer(JapaneseTokenizer.get_default_config())
    storage = LocalModelStorage(tmp_path)
    config = {**ReadingFeaturizer.get_default_config(), "alias": "readings"}
    featurizer = ReadingFeaturizer.create(
        config, storage, Resource("readings"), ExecutionContext(GraphSchema({}), "readings")
    )
    training = TrainingData(
        [Message(data={TEXT: "利用料はいくら"}), Message(data={TEXT: "期間は何年"})]
    )
    tokenizer.process_training_data(training)
    featurizer.train(training)
    kanji, kana = (
        Message(data={TEXT: "利用料はいくら"}),
        Message(data={TEXT: "りようりょうは いくら"}),
    )
    tokenizer.process([kanji, kana])
    featurizer.process([kanji, kana])
    assert np.array_equal(sentence_vector(featurizer, kanji), sentence_vector(featurizer, kana))
    assert sentence_vector(featurizer, kana).sum() > 0
