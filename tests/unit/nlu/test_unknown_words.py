"""UnknownWordsGuard: a FAQ intent needs at least one known content word (bot/nlu/unknown_words.py).

Trained on the project's own NLU data with the real tokenizer, then asked about messages whose
words are or are not in it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.tokenizer import JapaneseTokenizer
from bot.nlu.unknown_words import UnknownWordsGuard, content_keys, is_guarded
from tests.unit.nlu.guards import judged, project_training_data, train_and_load


@pytest.fixture(scope="module")
def tokenizer() -> JapaneseTokenizer:
    return JapaneseTokenizer(JapaneseTokenizer.get_default_config())


@pytest.fixture(scope="module")
def guard(
    tmp_path_factory: pytest.TempPathFactory, tokenizer: JapaneseTokenizer
) -> UnknownWordsGuard:
    data = project_training_data(tokenizer)
    return train_and_load(UnknownWordsGuard, data, tmp_path_factory.mktemp("unknown-words"))


def parse(
    guard: UnknownWordsGuard, tokenizer: JapaneseTokenizer, text: str, intent: str
) -> Message:
    return judged(guard, tokenizer, text, intent, 0.83)


@pytest.mark.parametrize(
    ("text", "intent", "silenced"),
    [
        # The blind review's case and other nonsense: no word of it is in the training data.
        pytest.param("ぴよぴよ もにょもにょ ふがふが", "faq_eligibility", True, id="nonsense"),
        pytest.param("ぷにぷに むにむに", "faq_cost", True, id="nonsense-2"),
        pytest.param("ぴよぴよ", "ask_manual", True, id="nonsense-manual"),
        # Real questions keep their intent, in kanji, hiragana only, or with one known word.
        pytest.param("費用はいくらですか", "faq_cost", False, id="cost"),
        pytest.param("ひようは いくらですか", "faq_cost", False, id="cost-hiragana"),
        pytest.param("りようりょうは？", "faq_cost", False, id="fee-hiragana"),
        pytest.param("ぴよぴよ 費用", "faq_cost", False, id="one-known-word"),
        pytest.param("何年使えますか", "faq_duration", False, id="duration"),
        # Conversation intents are not the guard's business (a name typed in a form, a date).
        pytest.param("ぴよぴよ", "inform", False, id="not-a-faq"),
        pytest.param("ぴよぴよ", "greet", False, id="greet"),
    ],
)
def test_only_unknown_faq_questions_are_silenced(
    guard: UnknownWordsGuard, tokenizer: JapaneseTokenizer, text: str, intent: str, silenced: bool
) -> None:
    message = parse(guard, tokenizer, text, intent)
    confidence = message.get(INTENT)["confidence"]
    assert message.get(INTENT)["name"] == intent
    assert (confidence == 0.0) is silenced
    if silenced:
        assert all(r["confidence"] == 0.0 for r in message.get(INTENT_RANKING_KEY))


def test_function_words_never_count(tokenizer: JapaneseTokenizer) -> None:
    message = Message(data={TEXT: "もにょもにょですか"})
    tokenizer.process([message])
    keys = set().union(*content_keys(message.get("text_tokens")))
    assert not keys & {"も", "です", "か", "モ", "デス", "カ"}


def test_the_vocabulary_holds_lemmas_and_readings(guard: UnknownWordsGuard) -> None:
    assert {"費用", "ヒヨウ", "使える"} <= guard.vocabulary
    assert "ぴよぴよ" not in guard.vocabulary


def test_a_model_without_a_stored_vocabulary_guards_nothing(
    tmp_path: Path, tokenizer: JapaneseTokenizer
) -> None:
    storage = LocalModelStorage(tmp_path)
    empty = UnknownWordsGuard.load(
        {}, storage, Resource("missing"), ExecutionContext(GraphSchema({}), "run")
    )
    message = parse(empty, tokenizer, "ぴよぴよ", "faq_cost")
    assert message.get(INTENT)["confidence"] == 0.83


@pytest.mark.parametrize(
    ("name", "guarded"),
    [("faq_cost", True), ("ask_manual", True), ("inform_date", False), (None, False)],
)
def test_guarded_intents(name: str | None, guarded: bool) -> None:
    assert is_guarded(name) is guarded
