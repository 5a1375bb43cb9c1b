"""Tests of bot.text.segment: segmentation offsets, lemmas, POS, dictionary choice."""

from __future__ import annotations

import os
import sys
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import fugashi
import pytest
import unidic_lite
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.text import segment as ja_text
from bot.text.segment import JapaneseSegmenter, Morpheme, make_unidic_lite_tagger
from tests.unit.text.unicode_samples import tricky_text

Span = tuple[str, int, int]


@pytest.fixture(scope="module")
def segmenter() -> JapaneseSegmenter:
    return JapaneseSegmenter()


def assert_spans_valid(original: str, morphemes: Sequence[Morpheme]) -> None:
    """Core invariant: in range, ordered, non-overlapping, text == NFKC(original span)."""
    previous_end = 0
    for m in morphemes:
        assert 0 <= m.start < m.end <= len(original), m
        assert m.start >= previous_end, f"overlap or disorder at {m}"
        assert m.text == unicodedata.normalize("NFKC", original[m.start : m.end]).strip(), m
        assert m.text, m
        previous_end = m.end


def spans(morphemes: Sequence[Morpheme]) -> list[Span]:
    return [(m.text, m.start, m.end) for m in morphemes]


# (text, expected (token text, start, end)); offsets index the ORIGINAL text.
OFFSET_CASES = [
    pytest.param(
        "就労　定着 支援",
        [("就労", 0, 2), ("定着", 3, 5), ("支援", 6, 8)],
        id="ascii-and-fullwidth-spaces",
    ),
    pytest.param(
        # UniDic splits the loanword into two short units; together they cover the span.
        "ｼﾞｮﾌﾞｺｰﾁ",
        [("ジョブ", 0, 5), ("コーチ", 5, 8)],
        id="halfwidth-katakana",
    ),
    pytest.param(
        "ｼﾞｮﾌﾞｺｰﾁに相談",
        [("ジョブ", 0, 5), ("コーチ", 5, 8), ("に", 8, 9), ("相談", 9, 11)],
        id="halfwidth-katakana-in-sentence",
    ),
    pytest.param("か\u3099", [("が", 0, 2)], id="combining-voiced-mark"),
    pytest.param("Cafe\u0301", [("Café", 0, 5)], id="latin-combining-acute"),
    pytest.param("ありがとう😊", [("ありがとう", 0, 5), ("😊", 5, 6)], id="emoji"),
    pytest.param(
        "家族👨\u200d👩\u200d👧です",
        [("家族", 0, 2), ("👨\u200d👩\u200d👧", 2, 7), ("です", 7, 9)],
        id="zwj-family-emoji",
    ),
    pytest.param(
        "絵文字👍🏽です",
        [("絵", 0, 1), ("文字", 1, 3), ("👍🏽", 3, 5), ("です", 5, 7)],
        id="emoji-skin-tone",
    ),
    pytest.param(
        "🇯🇵から",
        [("🇯🇵", 0, 2), ("から", 2, 4)],
        id="flag",
    ),
    pytest.param(
        "２０２４年４月１日",
        [("2024", 0, 4), ("年", 4, 5), ("4", 5, 6), ("月", 6, 7), ("1", 7, 8), ("日", 8, 9)],
        id="fullwidth-numbers",
    ),
    pytest.param(
        "Rasaで作ったbot",
        [("Rasa", 0, 4), ("で", 4, 5), ("作っ", 5, 7), ("た", 7, 8), ("bot", 8, 11)],
        id="latin-words",
    ),
    pytest.param("ＡＩチャット", [("AI", 0, 2), ("チャット", 2, 6)], id="fullwidth-latin"),
    pytest.param("①と②", [("1", 0, 1), ("と", 1, 2), ("2", 2, 3)], id="circled-digits"),
    pytest.param("㈱テスト", [("(株)", 0, 1), ("テスト", 1, 4)], id="enclosed-ideograph"),
    pytest.param("㍻", [("平成", 0, 1)], id="square-era-name"),
    pytest.param(
        "就労\x00定着\t支援\u200b利用",
        [("就労", 0, 2), ("定着", 3, 5), ("支援", 6, 8), ("利用", 9, 11)],
        id="control-and-format-chars",
    ),
    pytest.param("テスト\r\nです", [("テスト", 0, 3), ("です", 5, 7)], id="crlf"),
]


@pytest.mark.parametrize(("text", "expected"), OFFSET_CASES)
def test_offsets(segmenter: JapaneseSegmenter, text: str, expected: list[Span]) -> None:
    morphemes = segmenter.segment(text)
    assert spans(morphemes) == expected
    assert_spans_valid(text, morphemes)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="spaces"),
        pytest.param("\u3000\u3000", id="fullwidth-spaces"),
        pytest.param("\x00", id="nul"),
        pytest.param("\x00\t\u200b\n", id="controls-only"),
    ],
)
def test_nothing_to_segment(segmenter: JapaneseSegmenter, text: str) -> None:
    assert segmenter.segment(text) == []


# The invariant must hold for odd input too, whatever the exact segmentation is.
ODD_TEXTS = [
    pytest.param("a\u0308\u0301\u0323b", id="stacked-combining-marks"),
    pytest.param("\u0301先頭の結合文字", id="leading-combining-mark"),
    pytest.param("ㄱㅏ", id="compat-jamo-composes-under-nfkc"),
    pytest.param("\u1100\u1161\u11a8", id="conjoining-jamo"),
    pytest.param("¨\u0301x", id="spacing-diaeresis"),
    pytest.param("ﷺ", id="nfkc-expands-with-spaces"),
    pytest.param("½と⅓", id="vulgar-fractions"),
    pytest.param(
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007fです", id="tag-flag"
    ),
    pytest.param("1\ufe0f\u20e3番", id="keycap"),
    pytest.param("x\u200dy", id="zwj-outside-emoji"),
    pytest.param("\ud800だめ", id="lone-surrogate"),
    pytest.param("\ue000私用\U0010fffd", id="private-use"),
    pytest.param("ｶﾞｷﾞｸﾞｹﾞｺﾞﾊﾟﾋﾟ", id="halfwidth-voiced-run"),
    pytest.param("\u3000就労\u00a0定着\u2003支援\u2028です\u3000", id="unicode-spaces"),
]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_invariant_on_odd_text(segmenter: JapaneseSegmenter, text: str) -> None:
    morphemes = segmenter.segment(text)
    assert morphemes
    assert_spans_valid(text, morphemes)


def test_long_text_is_fast_and_valid(segmenter: JapaneseSegmenter) -> None:
    sentence = "就労定着支援は、ｼﾞｮﾌﾞｺｰﾁと一緒に２０２４年から働き続けるための支援です。😊 "
    text = (sentence * (5000 // len(sentence) + 1))[:5000]
    began = time.perf_counter()
    morphemes = segmenter.segment(text)
    elapsed = time.perf_counter() - began
    assert len(text) == 5000
    assert_spans_valid(text, morphemes)
    assert len(morphemes) > 1000
    assert elapsed < 1.0  # typically ~10 ms


# (text, token surface, lemma): orthBase keeps the surface's script and skips
# UniDic's loanword tails; unknown words fall back to the lowercased surface.
LEMMA_CASES = [
    pytest.param("使えますか", "使え", "使える", id="potential-verb"),
    pytest.param("作った", "作っ", "作る", id="onbin-verb"),
    pytest.param("できない", "でき", "できる", id="kana-verb-not-kanji"),
    pytest.param("ない", "ない", "ない", id="nai-not-mu-i"),
    pytest.param("行ってください", "ください", "くださる", id="honorific"),
    pytest.param("アシスタント", "アシスタント", "アシスタント", id="loanword-without-tail"),
    pytest.param("Rasaで", "Rasa", "rasa", id="unknown-latin-lowercased"),
    pytest.param("ＡＩです", "AI", "ai", id="fullwidth-latin-lowercased"),
    pytest.param("ｼﾞｮﾌﾞ", "ジョブ", "ジョブ", id="halfwidth-katakana"),
]


@pytest.mark.parametrize(("text", "surface", "lemma"), LEMMA_CASES)
def test_lemma(segmenter: JapaneseSegmenter, text: str, surface: str, lemma: str) -> None:
    lemmas = {m.text: m.lemma for m in segmenter.segment(text)}
    assert lemmas[surface] == lemma


# (text, token surface, pos, pos1, reading)
POS_CASES = [
    pytest.param("支援", "支援", "名詞-普通名詞-サ変可能", "名詞", "シエン", id="noun"),
    pytest.param("使えますか", "使え", "動詞-一般", "動詞", "ツカエ", id="verb"),
    pytest.param("使えますか", "か", "助詞-終助詞", "助詞", "カ", id="final-particle"),
    pytest.param("何？", "?", "補助記号-句点", "補助記号", "", id="fullwidth-question-mark"),
    pytest.param("Rasaで", "Rasa", "名詞-普通名詞-一般", "名詞", "", id="unknown-word"),
]


@pytest.mark.parametrize(("text", "surface", "pos", "pos1", "reading"), POS_CASES)
def test_pos_and_reading(
    segmenter: JapaneseSegmenter, text: str, surface: str, pos: str, pos1: str, reading: str
) -> None:
    morpheme = next(m for m in segmenter.segment(text) if m.text == surface)
    assert (morpheme.pos, morpheme.pos1, morpheme.reading) == (pos, pos1, reading)


def test_every_token_has_pos(segmenter: JapaneseSegmenter) -> None:
    morphemes = segmenter.segment("就労定着支援を使えますか？ｼﾞｮﾌﾞｺｰﾁ😊①ＡＢＣ")
    assert all(m.pos and m.pos1 and m.pos.startswith(m.pos1) for m in morphemes)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text())
def test_property_segment_invariant(segmenter: JapaneseSegmenter, text: str) -> None:
    assert_spans_valid(text, segmenter.segment(text))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=tricky_text)
def test_property_segment_invariant_tricky(segmenter: JapaneseSegmenter, text: str) -> None:
    assert_spans_valid(text, segmenter.segment(text))


def test_dictionary_description(segmenter: JapaneseSegmenter) -> None:
    description = segmenter.dictionary_description
    assert description.startswith(f"unidic-lite {unidic_lite.VERSION} at {unidic_lite.DICDIR}")
    assert "entries" in description


def test_unknown_dictionary_is_rejected() -> None:
    with pytest.raises(ValueError, match="unidic-lite"):
        JapaneseSegmenter("ipadic")


def test_one_tagger_per_segmenter(monkeypatch: pytest.MonkeyPatch) -> None:
    created: list[Any] = []
    real_tagger = fugashi.Tagger

    def counting_tagger(*args: Any) -> Any:
        created.append(args)
        return real_tagger(*args)

    monkeypatch.setattr(ja_text.fugashi, "Tagger", counting_tagger)
    segmenter = JapaneseSegmenter()
    for text in ["就労定着支援", "使えますか", "ｼﾞｮﾌﾞｺｰﾁ"]:
        segmenter.segment(text)
    assert len(created) == 1


def test_unidic_lite_is_pinned_even_if_unidic_is_installed(fake_full_unidic: Path) -> None:
    assert os.path.dirname(fugashi.Tagger().dictionary_info[0]["filename"]) == str(fake_full_unidic)
    pinned = JapaneseSegmenter("unidic-lite")
    assert f"at {unidic_lite.DICDIR} " in pinned.dictionary_description
    auto = JapaneseSegmenter("auto")
    assert auto.dictionary_description.startswith(
        f"unidic {unidic_lite.VERSION} at {fake_full_unidic} "
    )
    full = JapaneseSegmenter("unidic")
    assert f"at {fake_full_unidic} " in full.dictionary_description


def test_unidic_without_package_explains(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "unidic", None)  # makes `import unidic` fail
    with pytest.raises(ImportError, match="python -m unidic download"):
        JapaneseSegmenter("unidic")


def test_the_factory_checks_which_dictionary_mecab_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    class TaggerOnAnotherDictionary:
        def __init__(self, args: str) -> None:
            self.dictionary_info = [{"filename": "/usr/lib/mecab/dic/ipadic/sys.dic"}]

    monkeypatch.setattr(ja_text.fugashi, "Tagger", TaggerOnAnotherDictionary)
    with pytest.raises(RuntimeError, match="expected .*unidic-lite"):
        make_unidic_lite_tagger()
    with pytest.raises(RuntimeError, match="ipadic"):
        JapaneseSegmenter()
