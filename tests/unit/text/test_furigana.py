"""bot.text.furigana: readings from UniDic `kana`, hiragana, okurigana trimmed, escaped."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import fugashi
import pytest
import unidic_lite

from bot.text import furigana, segment
from bot.text.furigana import align, ruby_html, ruby_segments, to_hiragana


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("食べる", "<ruby>食<rt>た</rt></ruby>べる"),
        ("お茶", "お<ruby>茶<rt>ちゃ</rt></ruby>"),
        ("取り扱い", "<ruby>取<rt>と</rt></ruby>り<ruby>扱<rt>あつか</rt></ruby>い"),
        ("費用", "<ruby>費用<rt>ひよう</rt></ruby>"),
        ("3年", "3<ruby>年<rt>ねん</rt></ruby>"),
        ("ひらがなだけ", "ひらがなだけ"),
        ("カタカナ", "カタカナ"),
        ("", ""),
        # `kana`, not `pron`: 東京 is とうきょう, not とーきょー
        ("東京", "<ruby>東京<rt>とうきょう</rt></ruby>"),
        # HTML in the text is escaped, never passed through
        ("<b>支援</b>", "&lt;b&gt;<ruby>支援<rt>しえん</rt></ruby>&lt;/b&gt;"),
        ("A&B 支援", "A&amp;B <ruby>支援<rt>しえん</rt></ruby>"),
    ],
)
def test_ruby_all(text: str, expected: str) -> None:
    assert ruby_html(text, "all") == expected


@pytest.mark.parametrize(
    "text",
    [
        "就労定着支援は、最長3年です。\n更新があります。",
        "  前後の 空白  ",
        "1割（負担上限月額）",
        "①②",
        "ＡＢＣ　全角",
    ],
)
def test_segments_keep_the_text_exactly(text: str) -> None:
    assert "".join(base for base, _ in ruby_segments(text)) == text


def test_newlines_are_kept() -> None:
    assert (
        ruby_html("支援\n支援")
        == "<ruby>支援<rt>しえん</rt></ruby>\n<ruby>支援<rt>しえん</rt></ruby>"
    )


def test_off_mode_is_escaped_plain_text() -> None:
    assert ruby_html("<支援>", "off") == "&lt;支援&gt;"
    assert ruby_segments("支援", "off") == [("支援", None)]


def test_unknown_mode() -> None:
    with pytest.raises(ValueError):
        ruby_segments("支援", "grade3")


@pytest.mark.parametrize(
    ("kata", "hira"), [("シエン", "しえん"), ("ヴァ", "ゔぁ"), ("ー", "ー"), ("abc", "abc")]
)
def test_to_hiragana(kata: str, hira: str) -> None:
    assert to_hiragana(kata) == hira


@pytest.mark.parametrize(
    ("surface", "reading", "segments"),
    [
        ("食べる", "たべる", [("食", "た"), ("べる", None)]),
        ("お茶", "おちゃ", [("お", None), ("茶", "ちゃ")]),
        ("見送り", "みおくり", [("見送", "みおく"), ("り", None)]),
        # cannot align: one ruby for the whole word
        ("食べる", "xyz", [("食べる", "xyz")]),
    ],
)
def test_align(surface: str, reading: str, segments: list[tuple[str, str | None]]) -> None:
    assert align(surface, reading) == segments


def test_readings_come_from_the_segmenters_unidic_lite_tagger(
    fake_full_unidic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full `unidic` is installed (and fugashi would prefer it): furigana still reads with
    # unidic-lite, through the one factory in bot.text.segment.
    created: list[Any] = []
    real_tagger = fugashi.Tagger

    def counting_tagger(*args: Any) -> Any:
        created.append(args)
        return real_tagger(*args)

    monkeypatch.setattr(segment.fugashi, "Tagger", counting_tagger)
    reader = furigana._Reader()
    assert len(created) == 1
    loaded = reader._tagger.dictionary_info[0]["filename"]
    assert os.path.dirname(loaded) == str(unidic_lite.DICDIR)
    assert reader.words("支援") == [("", "支援", "シエン")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # UniDic splits these into short units (市+区+町+村, 利用+料, 上限+額): one ruby each
        ("市区町村", "<ruby>市区町村<rt>しくちょうそん</rt></ruby>"),
        ("利用料", "<ruby>利用料<rt>りようりょう</rt></ruby>"),
        ("上限額", "<ruby>上限額<rt>じょうげんがく</rt></ruby>"),
        ("就労定着支援", "<ruby>就労定着支援<rt>しゅうろうていちゃくしえん</rt></ruby>"),
        # a particle, okurigana, a number or a space ends the compound
        (
            "利用料の上限額",
            "<ruby>利用料<rt>りようりょう</rt></ruby>の<ruby>上限額<rt>じょうげんがく</rt></ruby>",
        ),
        ("支援 支援", "<ruby>支援<rt>しえん</rt></ruby> <ruby>支援<rt>しえん</rt></ruby>"),
        ("3年", "3<ruby>年<rt>ねん</rt></ruby>"),
        ("使った人", "<ruby>使<rt>つか</rt></ruby>った<ruby>人<rt>ひと</rt></ruby>"),
        # a verb written in kanji does not join the noun before it
        ("申請出来ます", "<ruby>申請<rt>しんせい</rt></ruby><ruby>出来<rt>でき</rt></ruby>ます"),
    ],
)
def test_a_kanji_compound_is_one_ruby_word(text: str, expected: str) -> None:
    assert ruby_html(text) == expected


def test_a_long_compound_is_cut_so_the_line_can_break() -> None:
    text = "就労定着支援事業所" * 2  # 18 kanji, no particle between
    bases = [base for base, reading in ruby_segments(text) if reading]
    assert "".join(bases) == text
    assert len(bases) >= 2
    assert max(len(b) for b in bases) <= furigana.MAX_COMPOUND


def test_compounds_join_only_nouns_prefixes_and_suffixes_with_readings() -> None:
    units = [
        ("", "利用", "リヨウ", "名詞"),
        ("", "料", "リョウ", "接尾辞"),
        ("", "は", "ハ", "助詞"),
        ("", "東京", "トウキョウ", "名詞"),
        ("", "都", None, "接尾辞"),  # no reading: stays apart
        (" ", "区", "ク", "名詞"),  # white space before: a new word
    ]
    assert furigana.compounds(units) == [
        ("", "利用料", "リヨウリョウ"),
        ("", "は", "ハ"),
        ("", "東京", "トウキョウ"),
        ("", "都", None),
        (" ", "区", "ク"),
    ]
