"""Tests of bot.text.normalize: NFKC with offsets into the original text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.normalize import normalize_with_offsets
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
