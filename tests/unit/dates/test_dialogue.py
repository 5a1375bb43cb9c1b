"""Reading a date answer and the texts built from the date rules (bot/dates/dialogue.py)."""

from __future__ import annotations

from datetime import date as D

import pytest

from bot.dates.dialogue import (
    ask_date_text,
    detect_person_ref,
    detect_variant,
    handover_text,
    personal_dates_text,
    read_date_answer,
)
from bot.dates.rules import SupportVariant, compute_personal_dates

TODAY = D(2026, 11, 21)


@pytest.mark.parametrize(
    ("text", "pending", "expected"),
    [
        pytest.param(
            "2024年4月1日に就職しました。いつから使えますか？",
            None,
            {"start_date": "2024-04-01", "date_problem": None, "pending_month": None},
            id="acceptance-sentence",
        ),
        pytest.param(
            "R6.4.1",
            None,
            {"start_date": "2024-04-01", "date_problem": None, "pending_month": None},
            id="era-letter",
        ),
        pytest.param(
            "やっぱり2024年5月1日",
            None,
            {"start_date": "2024-05-01", "date_problem": None, "pending_month": None},
            id="correction",
        ),
        pytest.param(
            "4月です", None, {"pending_month": "-4", "date_problem": None}, id="month-only"
        ),
        pytest.param(
            "2024年4月",
            None,
            {"pending_month": "2024-4", "date_problem": None},
            id="year-month-only",
        ),
        pytest.param(
            "15日です",
            "2024-4",
            {"start_date": "2024-04-15", "date_problem": None, "pending_month": None},
            id="day-completes-month",
        ),
        pytest.param(
            "15",
            "-4",
            {"start_date": "2026-04-15", "date_problem": None, "pending_month": None},
            id="bare-day-most-recent-april",
        ),
        pytest.param(
            "2月30日",
            None,
            {"date_problem": "invalid:impossible_date", "pending_month": None},
            id="impossible",
        ),
        pytest.param(
            "令和0年4月1日",
            None,
            {"date_problem": "invalid:era_year_zero", "pending_month": None},
            id="era-year-zero",
        ),
        pytest.param(
            "13月1日",
            None,
            {"date_problem": "invalid:bad_month", "pending_month": None},
            id="bad-month",
        ),
        pytest.param(
            "2027年4月1日", None, {"date_problem": "future", "pending_month": None}, id="future"
        ),
        pytest.param("わかりません", None, {}, id="no-date"),
        pytest.param("", None, {}, id="empty"),
    ],
)
def test_read_date_answer(text: str, pending: str | None, expected: dict) -> None:
    assert read_date_answer(text, today=TODAY, pending_month=pending).values == expected


@pytest.mark.parametrize(
    ("text", "variant"),
    [
        ("復職したのは2025年2月3日です", SupportVariant.RETURN_TO_WORK),
        ("休職から戻りました", SupportVariant.RETURN_TO_WORK),
        ("労働時間延長支援型です", SupportVariant.EXTENDED_HOURS),
        ("2024年4月1日に就職", None),
    ],
)
def test_detect_variant(text: str, variant: SupportVariant | None) -> None:
    assert detect_variant(text) == variant


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("息子がB型から就職しました", "息子さん"),
        ("娘は使えますか", "娘さん"),
        ("うちの子のことです", "お子さん"),
        ("私は使えますか", None),
    ],
)
def test_detect_person_ref(text: str, ref: str | None) -> None:
    assert detect_person_ref(text) == ref


@pytest.mark.parametrize(
    ("kwargs", "must_contain"),
    [
        ({}, "働き始めた日を教えてください"),
        ({"variant": SupportVariant.RETURN_TO_WORK}, "復職した日"),
        ({"variant": SupportVariant.EXTENDED_HOURS}, "使い終わった日"),
        ({"date_problem": "future"}, "まだ来ていない"),
        ({"date_problem": "invalid:impossible_date"}, "カレンダーにありません"),
        ({"date_problem": "invalid:nonsense"}, "カレンダーにありません"),
        ({"pending_month": "2024-4"}, "4月の何日ですか"),
    ],
)
def test_ask_date_text_explains_then_asks(kwargs: dict, must_contain: str) -> None:
    assert must_contain in ask_date_text(**kwargs)


def test_personal_dates_text_for_the_acceptance_example() -> None:
    text = personal_dates_text(compute_personal_dates(start=D(2024, 4, 1), today=TODAY))
    lines = text.splitlines()
    # conclusion first
    assert lines[1] == "使い始められる日：2024年10月1日（令和6年10月1日）"
    assert lines[2] == "使える最後の日：2027年9月30日（令和9年9月30日）"
    assert "日付は目安です。正式な期間は受給者証と市区町村が決めます。" in lines
    assert "市区町村によって違います" in text


def test_handover_text_lists_every_month_and_the_deadline() -> None:
    text = handover_text(compute_personal_dates(start=D(2024, 4, 1), today=TODAY))
    for label in ("6月前", "5月前", "4月前", "3月前", "2月前", "1月前", "終了月"):
        assert f"・{label}（" in text
    # 3 months before the end (2027-09-30): information shared by 2027-06-30
    assert "2027年6月30日" in text
    # month 42 (the end month) is 2027-09, so 6月前 is month 36, 2027-03
    assert "・終了月（2027年9月ごろ）" in text
    assert "・3月前（2027年6月ごろ）" in text
    assert "・6月前（2027年3月ごろ）" in text
