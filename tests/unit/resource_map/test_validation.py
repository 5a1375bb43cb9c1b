"""Field limits, normalisation and error messages (bot/resource_map/validation.py)."""

from __future__ import annotations

import re

import pytest

from bot.resource_map.validation import (
    ErrorCode,
    Problem,
    field_problems,
    normalize_phone,
    normalize_url,
)
from bot.resource_map.validation import problem as make_problem

SENTENCE = re.compile(r"[^。？！]+[。？！]")


# --- phone numbers and web addresses --------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("03-1234-5678", "03-1234-5678"),
        ("０３ー１２３４ー５６７８", "03-1234-5678"),  # 長音記号 typed as hyphen
        ("03−1234−5678", "03-1234-5678"),  # minus sign
        ("0120 123 456", "0120 123 456"),
        ("(03) 1234-5678", "(03) 1234-5678"),
        ("+81-3-1234-5678", "+81-3-1234-5678"),
        ("000-0000-0000", "000-0000-0000"),  # shape only: never requires a real number
        ("#7119", "#7119"),
        ("110", "110"),
        ("12", None),  # too few digits
        ("1234567890123456", None),  # too many digits
        ("03--1234", None),
        ("-03-1234", None),
        ("tel:0312345678", None),
        ("03-1234-5678 内線12", None),
        ("abc", None),
    ],
)
def test_normalize_phone(raw: str, expected: str | None) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://example.com", "https://example.com"),
        ("http://example.com/path?q=1#x", "http://example.com/path?q=1#x"),
        ("HTTPS://EXAMPLE.COM", "HTTPS://EXAMPLE.COM"),
        ("www.example.com/a", "https://www.example.com/a"),
        ("https://例え.jp/", "https://例え.jp/"),
        ("ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｃｏｍ", "https://example.com"),
        ("example.com", None),  # no scheme and not www.
        ("https://localhost", None),
        ("https://example", None),
        ("https://exa mple.com", None),
        ("https://user:pw@example.com", None),
        ("https://example.com:99999", None),
        ("javascript:alert(1)", None),
        ("mailto:a@example.com", None),
        ("file:///etc/passwd", None),
        ("https://", None),
    ],
)
def test_normalize_url(raw: str, expected: str | None) -> None:
    assert normalize_url(raw) == expected


# --- one field at a time (the staff schema) -------------------------------------------------


@pytest.mark.parametrize(
    ("fld", "value", "required", "expected"),
    [
        ("name", "", True, (ErrorCode.NAME_REQUIRED,)),
        ("name", "", False, ()),
        ("name", "名" * 80, True, ()),
        ("name", "名" * 81, True, (ErrorCode.TOO_LONG,)),
        ("hours", "平日\x00", False, (ErrorCode.INVALID_CHARACTERS,)),
        ("phone", "受付に電話", False, (ErrorCode.BAD_PHONE,)),
        ("phone", "０３ー１２３４ー５６７８", False, ()),
        ("url", "https://localhost", False, (ErrorCode.BAD_URL,)),
        ("url", "", False, ()),
    ],
)
def test_field_problems_are_the_domain_types_problems(
    fld: str, value: str, required: bool, expected: tuple[ErrorCode, ...]
) -> None:
    assert tuple(p.code for p in field_problems(fld, value, required=required)) == expected


# --- messages -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_error_code_has_a_short_polite_japanese_message(code: ErrorCode) -> None:
    problem: Problem = make_problem(code, "about", limit=80)
    sentences = SENTENCE.findall(problem.message)
    assert sentences and "".join(sentences) == problem.message
    for s in sentences:
        assert len(s) <= 40, s
        assert re.search(r"(です|ます|ください|でした|ません)。$", s), s
    assert re.search(r"[\u3040-\u30ff]", problem.message)


def test_error_codes_are_stable_strings() -> None:
    assert {c.value for c in ErrorCode} >= {
        "name_required",
        "too_long",
        "invalid_characters",
        "bad_phone",
        "bad_url",
        "too_many_contacts",
        "duplicate_contact",
        "contact_not_found",
        "area_not_empty",
        "unknown_area",
        "bad_data",
    }
