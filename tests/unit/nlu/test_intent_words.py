"""IntentWordsGuard: a FAQ is answered only when the message is about that FAQ's words
(bot/nlu/intent_words.py).

The share arithmetic on a hand-made vocabulary first, then the component trained on the
project's own NLU data with the real tokenizer, as `rasa train` does.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY

from bot.nlu.intent_words import IntentWords, IntentWordsGuard, topic_words
from bot.nlu.tokenizer import JapaneseTokenizer
from tests.unit.nlu.guards import judged, project_training_data, tokenized, train_and_load

# Four examples: 費用 in two of them, 期間 in one, 会社 in one.
TINY = IntentWords.learn(
    [
        ("faq_cost", [{"費用"}, {"上限"}]),
        ("faq_cost", [{"費用"}]),
        ("faq_duration", [{"期間"}]),
        ("greet", [{"会社"}]),
    ]
)


@pytest.mark.parametrize(
    ("intent", "words", "share"),
    [
        ("faq_cost", [{"費用"}], 1.0),
        ("faq_cost", [{"費用"}, {"上限"}], 1.0),
        # 期間 (df 1) is known to faq_duration only; 費用 (df 2) weighs less than it.
        ("faq_cost", [{"費用"}, {"期間"}], math.log(4 / 3) / (math.log(4 / 3) + math.log(4 / 2))),
        # A word never seen weighs log(4/1); the other keys of a token count as one word.
        ("faq_cost", [{"訪問看護"}, {"費用"}], math.log(4 / 3) / (math.log(4) + math.log(4 / 3))),
        ("faq_cost", [{"ヒヨウ", "費用"}], 1.0),
        ("faq_cost", [], 1.0),  # nothing names a topic: nothing to judge
        ("faq_unknown", [{"費用"}], 0.0),
    ],
)
def test_known_share(intent: str, words: list[set[str]], share: float) -> None:
    assert TINY.known_share(intent, words) == pytest.approx(share)


def test_the_words_survive_the_model_storage_format() -> None:
    again = IntentWords.from_json(TINY.to_json())
    assert again == TINY
    assert again.known_share("faq_cost", [{"費用"}, {"期間"}]) == TINY.known_share(
        "faq_cost", [{"費用"}, {"期間"}]
    )


@pytest.fixture(scope="module")
def tokenizer() -> JapaneseTokenizer:
    return JapaneseTokenizer(JapaneseTokenizer.get_default_config())


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        # The figure question's own words ask; they name no topic.
        ("訪問看護の自己負担はいくらですか", {"訪問", "看護", "自己", "負担"}, {"いくら", "です"}),
        ("対象となる難病はいくつある？", {"対象", "難病"}, {"いく", "つ"}),  # いくつ split in two
        ("事業所の電話番号を教えて", {"事業", "所"}, {"電話", "番号"}),
        ("何年使えますか", {"使える"}, {"何", "年"}),
        ("3年って本当？", {"年", "本当"}, {"3"}),  # digits name no topic; 3年 asks nothing
    ],
)
def test_topic_words(
    tokenizer: JapaneseTokenizer, text: str, kept: set[str], dropped: set[str]
) -> None:
    message = tokenized(tokenizer, text)
    keys = set().union(*topic_words(text, message.get("text_tokens")))
    assert kept <= keys
    assert not dropped & keys


@pytest.fixture(scope="module")
def guard(
    tmp_path_factory: pytest.TempPathFactory, tokenizer: JapaneseTokenizer
) -> IntentWordsGuard:
    data = project_training_data(tokenizer)
    return train_and_load(IntentWordsGuard, data, tmp_path_factory.mktemp("intent-words"))


@pytest.mark.parametrize(
    ("text", "intent", "silenced"),
    [
        # Blind dev split (error analysis): what DIET answered with a FAQ.
        pytest.param("このメールを英語にして", "faq_online", True, id="translate-mail"),
        pytest.param(
            "訪問看護を利用したら自己負担はいくらですか？", "faq_cost", True, id="other-service-fee"
        ),
        pytest.param("就労定着支援の基本報酬は何単位ですか？", "faq_what_is", True, id="fee-units"),
        pytest.param(
            "職場適応援助者助成金は1日いくら出ますか？", "faq_job_coach", True, id="subsidy-amount"
        ),
        # Real questions keep their FAQ: kanji, kana only, figure questions on the FAQ's topic.
        pytest.param("費用はいくらですか", "faq_cost", False, id="cost"),
        pytest.param("りようりょうは いくらですか", "faq_cost", False, id="cost-kana"),
        pytest.param("じこふたんは いくら", "faq_cost", False, id="kana-only-is-not-judged"),
        pytest.param("自己負担の上限はいくらですか", "faq_cost", False, id="cost-cap"),
        pytest.param("何年使えますか", "faq_duration", False, id="duration"),
        pytest.param(
            "ていちゃくしえんの じぎょうしょを さがしてる", "faq_where", False, id="kana-where"
        ),
        pytest.param("どんな人が使えますか", "faq_eligibility", False, id="eligibility"),
        # Not a FAQ: the conversation intents are not this guard's business.
        pytest.param("このメールを英語にして", "inform", False, id="not-a-faq"),
    ],
)
def test_a_faq_needs_its_own_words(
    guard: IntentWordsGuard, tokenizer: JapaneseTokenizer, text: str, intent: str, silenced: bool
) -> None:
    message = judged(guard, tokenizer, text, intent, 0.9)
    assert message.get(INTENT)["name"] == intent
    assert (message.get(INTENT)["confidence"] == 0.0) is silenced
    if silenced:
        assert all(r["confidence"] == 0.0 for r in message.get(INTENT_RANKING_KEY))


def test_a_model_without_stored_words_guards_nothing(
    tmp_path: Path, tokenizer: JapaneseTokenizer
) -> None:
    empty = IntentWordsGuard.load(
        {},
        LocalModelStorage(tmp_path),
        Resource("missing"),
        ExecutionContext(GraphSchema({}), "run"),
    )
    message = judged(empty, tokenizer, "このメールを英語にして", "faq_online", 0.9)
    assert message.get(INTENT)["confidence"] == 0.9
