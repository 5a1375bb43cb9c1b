"""Tests of bot.text.normalize: NFKC with offsets into the original text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.normalize import DASHES, nfkc_with_ascii_hyphens, normalize_with_offsets
from tests.unit.text.unicode_samples import tricky_text

# (text, normalised text, starts, ends)
NORMALIZE_CASES = [
    pytest.param("ｶﾞ", "ガ", [0], [2], id="halfwidth-voiced"),
    pytest.param("ﾊﾟｰ", "パー", [0, 2], [2, 3], id="halfwidth-semi-voiced"),
    pytest.param("Ａ１", "A1", [0, 1], [1, 2], id="fullwidth-ascii"),
    pytest.param("\u3000", " ", [0], [1], id="ideographic-space"),
    pytest.param("㍻", "平成", [0, 0], [1, 1], id="expansion"),
    pytest.param("a\x00b", "a b", [0, 1, 2], [1, 2, 3], id="control-to-space"),
    pytest.param("x\u200by", "x y", [0, 1, 2], [1, 2, 3], id="format-to-space"),
    pytest.param("e\u0301", "é", [0], [2], id="composition"),
    pytest.param(
        "👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧", [0] * 5, [5] * 5, id="zwj-kept-in-emoji"
    ),
    pytest.param("", "", [], [], id="empty"),
]


@pytest.mark.parametrize(("text", "normalized", "starts", "ends"), NORMALIZE_CASES)
def test_normalize_with_offsets(
    text: str, normalized: str, starts: list[int], ends: list[int]
) -> None:
    result = normalize_with_offsets(text)
    assert (result.text, result.starts, result.ends) == (normalized, starts, ends)


def _is_break(char: str) -> bool:
    return unicodedata.category(char) in {"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"}


def assert_normalization_consistent(text: str) -> None:
    result = normalize_with_offsets(text)
    assert len(result.starts) == len(result.ends) == len(result.text)
    # Distinct spans tile the original text, in order.
    tiles = list(dict.fromkeys(zip(result.starts, result.ends, strict=True)))
    assert [start for start, _ in tiles] == [0, *(end for _, end in tiles)][: len(tiles)]
    assert (tiles[-1][1] if tiles else 0) == len(text)
    # Per-cluster NFKC equals whole-text NFKC: no composition was cut apart.
    if not any(_is_break(c) for c in text):
        assert result.text == unicodedata.normalize("NFKC", text)


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(st.text(), tricky_text))
def test_property_normalization(text: str) -> None:
    assert_normalization_consistent(text)


# --- the dash table --------------------------------------------------------------------


@pytest.mark.parametrize("dash", list(DASHES))
def test_every_dash_becomes_hyphen_minus(dash: str) -> None:
    assert nfkc_with_ascii_hyphens(f"2024{dash}4{dash}1") == "2024-4-1"


def test_nfkc_leaves_the_table_to_us() -> None:
    # The table lists exactly what NFKC does not already turn into "-" (U+2011 -> U+2010 only).
    assert all(unicodedata.normalize("NFKC", dash) != "-" for dash in DASHES)
    assert unicodedata.normalize("NFKC", "－﹣") == "--"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("２０２４ー４ー１", "2024-4-1", id="ime-long-vowel-between-digits"),
        pytest.param("03ー1234ー5678", "03-1234-5678", id="phone-long-vowel"),
        pytest.param("０３－１２３４－５６７８", "03-1234-5678", id="full-width-hyphen-minus"),
        pytest.param("ジョブコーチ", "ジョブコーチ", id="long-vowel-in-a-word-stays"),
        pytest.param("ｺｰﾁ", "コーチ", id="half-width-long-vowel-in-a-word-stays"),
        pytest.param("ー1", "ー1", id="long-vowel-not-between-digits"),
        pytest.param("4〜5月目", "4〜5月目", id="wave-dash-is-a-range-not-a-hyphen"),
        pytest.param("㋿6年", "令和6年", id="nfkc"),
    ],
)
def test_nfkc_with_ascii_hyphens(text: str, expected: str) -> None:
    assert nfkc_with_ascii_hyphens(text) == expected
