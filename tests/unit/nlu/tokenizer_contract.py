"""What every Japanese tokenizer of the bot promises, as one set of checks run against each.

As rasa-nlu-examples' tests/test_featurizers/dense_featurizer_checks.py: the checks live here
once, and each tokenizer's test module runs them with a subclass,

    class TestMyTokenizerContract(TokenizerContract):
        @pytest.fixture(scope="class")
        def tokenize(self) -> Tokenize: ...   # text -> list[Piece]

which today are bot.nlu.tokenizer.JapaneseTokenizer (tests/unit/nlu/test_tokenizer.py) and
bot.nlu.spacy_ja.FugashiTokenizer (tests/unit/nlu/test_spacy_ja.py). The file's name does not
start with test_, so pytest collects the checks only through those subclasses.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.text.normalize import normalize_with_offsets


@dataclass(frozen=True)
class Piece:
    """One token as the contract sees it."""

    text: str
    """The token's normalised text (Rasa: ``Token.text``; spaCy: ``token.norm_``)."""
    start: int
    end: int
    """``start``/``end`` index the text the tokenizer was given."""
    pos: str
    """The token's part of speech, "" when the tokenizer set none."""


Tokenize = Callable[[str], list[Piece]]

# Texts every tokenizer must handle: plain, compatibility characters, controls, emoji, latin.
TEXTS = [
    pytest.param("就労定着支援は使えますか？", id="plain"),
    pytest.param("就労　定着 支援", id="ascii-and-fullwidth-spaces"),
    pytest.param("ｼﾞｮﾌﾞｺｰﾁに相談", id="halfwidth-katakana"),
    pytest.param("２０２４年４月１日①㈱", id="compatibility-characters"),
    pytest.param("定着\x00支援\u200bです", id="controls-inside"),
    pytest.param("家族👨\u200d👩\u200d👧と🇯🇵😊", id="emoji-sequences"),
    pytest.param("Rasaで作ったbot", id="latin"),
    pytest.param("テスト\r\nです\n", id="crlf"),
    pytest.param("Cafe\u0301とか\u3099", id="combining-marks"),
]

# Nothing MeCab would keep, yet featurizers need a token to attach features to.
BLANK_TEXTS = [
    pytest.param("   ", id="spaces"),
    pytest.param("\u3000", id="ideographic-space"),
    pytest.param("\x00\x00", id="nul"),
    pytest.param("\x00\t\u200b\n", id="controls-only"),
]

# NFKC shows in the token text; the offsets still index the original characters.
NFKC_CASES = [
    pytest.param("ｼﾞｮﾌﾞｺｰﾁ", [("ジョブ", 0, 5), ("コーチ", 5, 8)], id="halfwidth-katakana"),
    pytest.param("２０２４年", [("2024", 0, 4), ("年", 4, 5)], id="fullwidth-digits"),
    pytest.param("①番", [("1", 0, 1), ("番", 1, 2)], id="circled-digit"),
    pytest.param("か\u3099", [("が", 0, 2)], id="combining-voiced-mark"),
    pytest.param("ＡＩです", [("AI", 0, 2), ("です", 2, 4)], id="fullwidth-latin"),
]


def assert_offsets_index(original: str, pieces: Sequence[Piece]) -> None:
    """In range, in order, not overlapping; the text is the NFKC form of its own span."""
    previous_end = 0
    for piece in pieces:
        assert previous_end <= piece.start < piece.end <= len(original), piece
        span = original[piece.start : piece.end]
        previous_end = piece.end
        if piece.text == span and not normalize_with_offsets(span).text.strip():
            continue  # only white space and controls (a gap, a fallback token): kept as typed
        assert piece.text == unicodedata.normalize("NFKC", span).strip(), piece


class TokenizerContract:
    """The checks; a subclass named Test… provides the ``tokenize`` fixture."""

    @pytest.mark.parametrize("text", TEXTS)
    def test_offsets_index_the_original_text(self, tokenize: Tokenize, text: str) -> None:
        pieces = tokenize(text)
        assert pieces
        assert_offsets_index(text, pieces)

    @pytest.mark.parametrize("text", BLANK_TEXTS)
    def test_blank_text_still_yields_a_token(self, tokenize: Tokenize, text: str) -> None:
        pieces = tokenize(text)
        assert len(pieces) >= 1
        assert_offsets_index(text, pieces)

    @pytest.mark.parametrize("text", TEXTS + BLANK_TEXTS)
    def test_every_token_has_a_pos(self, tokenize: Tokenize, text: str) -> None:
        assert all(piece.pos for piece in tokenize(text))

    @pytest.mark.parametrize(("text", "expected"), NFKC_CASES)
    def test_nfkc_shows_in_the_text_not_in_the_offsets(
        self, tokenize: Tokenize, text: str, expected: list[tuple[str, int, int]]
    ) -> None:
        assert [(p.text, p.start, p.end) for p in tokenize(text)] == expected

    def test_property_offsets_and_pos_on_any_text(self, tokenize: Tokenize) -> None:
        # @given on an inner function: hypothesis refuses one test method that runs on two
        # classes (HealthCheck.differing_executors), and this method does on every subclass.
        @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(text=st.text(min_size=1))
        def offsets_and_pos_hold(text: str) -> None:
            pieces = tokenize(text)
            assert pieces
            assert_offsets_index(text, pieces)
            assert all(piece.pos for piece in pieces)

        offsets_and_pos_hold()
