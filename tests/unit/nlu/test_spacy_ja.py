"""Tests of bot.nlu.spacy_ja: spaCy pipeline on the fugashi tokenizer, without SudachiPy."""

from __future__ import annotations

import pickle
import sys

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from bot.nlu.spacy_ja import FugashiTokenizer, make_japanese_nlp
from bot.text.segment import JapaneseSegmenter
from tests.unit.nlu.tokenizer_contract import Piece, Tokenize, TokenizerContract


@pytest.fixture(scope="module")
def nlp() -> Language:
    return make_japanese_nlp()


ODD_TEXTS = [
    pytest.param("", id="empty"),
    pytest.param("就労定着支援", id="plain"),
    pytest.param("就労　定着 支援", id="fullwidth-and-ascii-space"),
    pytest.param("  先頭と末尾の空白  ", id="leading-trailing-spaces"),
    pytest.param("二つ  の空白", id="double-space"),
    pytest.param("   ", id="spaces-only"),
    pytest.param("\x00\t\u200b", id="controls-only"),
    pytest.param("テスト\r\nです\n", id="crlf"),
    pytest.param("ｼﾞｮﾌﾞｺｰﾁ", id="halfwidth-katakana"),
    pytest.param("家族👨\u200d👩\u200d👧と🇯🇵", id="emoji-sequences"),
    pytest.param("２０２４年４月１日①㈱", id="compatibility-chars"),
    pytest.param("Rasaで作ったbot", id="latin"),
    pytest.param("a\u0308\u0301\u0323b", id="combining-marks"),
]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_doc_text_round_trips(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert doc.text == text
    assert all(token.text for token in doc)


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_tokens_are_the_segmenters_morphemes(nlp: Language, text: str) -> None:
    segmenter = JapaneseSegmenter()
    expected = [(text[m.start : m.end], m.start, m.text) for m in segmenter.segment(text)]
    words = [(t.text, t.idx, t.norm_) for t in nlp(text) if t.tag_ != "空白"]
    assert words == expected


@pytest.mark.parametrize(
    ("text", "words", "spaces"),
    [
        pytest.param("就労 定着", ["就労", "定着"], [" ", ""], id="single-space-is-whitespace"),
        pytest.param("就労  定着", ["就労", " ", "定着"], [" ", "", ""], id="extra-space-token"),
        pytest.param(
            "就労　定着", ["就労", "\u3000", "定着"], ["", "", ""], id="ideographic-space"
        ),
        pytest.param(" 就労", [" ", "就労"], ["", ""], id="leading-space-token"),
        pytest.param("就労\n", ["就労", "\n"], ["", ""], id="trailing-newline-token"),
    ],
)
def test_gaps(nlp: Language, text: str, words: list[str], spaces: list[str]) -> None:
    doc = nlp(text)
    assert [t.text for t in doc] == words
    assert [t.whitespace_ for t in doc] == spaces
    assert all(t.pos_ == "SPACE" or t.tag_ != "空白" for t in doc if t.text == " ")


def test_token_attributes(nlp: Language) -> None:
    doc = nlp("ｼﾞｮﾌﾞｺｰﾁを使えますか？")
    attributes = [(t.text, t.norm_, t.lemma_, t.tag_, t.pos_) for t in doc]
    assert attributes == [
        ("ｼﾞｮﾌﾞ", "ジョブ", "ジョブ", "名詞-普通名詞-一般", "NOUN"),
        ("ｺｰﾁ", "コーチ", "コーチ", "名詞-普通名詞-サ変可能", "NOUN"),
        ("を", "を", "を", "助詞-格助詞", "ADP"),
        ("使え", "使え", "使える", "動詞-一般", "VERB"),
        ("ます", "ます", "ます", "助動詞", "AUX"),
        ("か", "か", "か", "助詞-終助詞", "PART"),
        ("？", "?", "?", "補助記号-句点", "PUNCT"),
    ]
    assert doc[3].morph.get("Reading") == ["ツカエ"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param("就労移行支援を利用したいです", ["就労移行支援"], id="start"),
        pytest.param("就労定着支援と就労移行支援の違いは？", ["就労移行支援"], id="middle"),
        # A single space is token whitespace, not a token, so the phrase still matches.
        pytest.param("就労 移行支援です", ["就労 移行支援"], id="single-space-inside"),
        pytest.param("就労の移行支援", [], id="interrupted"),
    ],
)
def test_phrase_matcher(nlp: Language, sentence: str, expected: list[str]) -> None:
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    matcher.add("SERVICE", [nlp.make_doc("就労移行支援")])
    doc = nlp(sentence)
    assert [doc[start:end].text for _, start, end in matcher(doc)] == expected


def test_phrase_matcher_on_norm_matches_halfwidth(nlp: Language) -> None:
    matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    matcher.add("JOB_COACH", [nlp.make_doc("ジョブコーチ")])
    doc = nlp("ｼﾞｮﾌﾞｺｰﾁに相談")
    assert [doc[start:end].text for _, start, end in matcher(doc)] == ["ｼﾞｮﾌﾞｺｰﾁ"]


def test_works_without_sudachipy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sudachipy", None)  # `import sudachipy` now fails
    with pytest.raises(ImportError, match="SudachiPy"):
        spacy.blank("ja")  # spaCy's default Japanese tokenizer
    nlp = make_japanese_nlp()
    assert isinstance(nlp.tokenizer, FugashiTokenizer)
    assert [t.text for t in nlp("就労定着支援")] == ["就労", "定着", "支援"]


def test_serialization(nlp: Language) -> None:
    assert nlp.to_bytes()
    tokenizer = pickle.loads(pickle.dumps(nlp.tokenizer))
    assert [t.text for t in tokenizer("使えますか")] == ["使え", "ます", "か"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text())
def test_property_doc_text_round_trips(nlp: Language, text: str) -> None:
    assert nlp(text).text == text


class TestFugashiTokenizerContract(TokenizerContract):
    """The contract every tokenizer keeps (tests/unit/nlu/tokenizer_contract.py).

    spaCy keeps the original text in ``token.text``; its normalised form is ``token.norm_``.
    A POS counts as set when spaCy has both the UniDic tag and a UD part of speech.
    """

    @pytest.fixture(scope="class")
    def tokenize(self) -> Tokenize:
        nlp = make_japanese_nlp()

        def tokenize(text: str) -> list[Piece]:
            return [
                Piece(
                    text=t.norm_,
                    start=t.idx,
                    end=t.idx + len(t.text),
                    pos=t.tag_ if t.pos_ else "",
                )
                for t in nlp(text)
            ]

        return tokenize
