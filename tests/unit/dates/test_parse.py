"""Japanese date parsing and formatting (bot/dates/parse.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dates.parse import (
    FUTURE_DATE_JA,
    INVALID_REASON_JA,
    DateParseResult,
    InvalidReason,
    ParseStatus,
    complete_with_day,
    format_date_ja,
    format_wareki,
    is_future,
    mentions_a_date,
    parse_japanese_date,
    to_wareki,
)

D = date
TODAY = D(2025, 6, 15)


def parse(text: str, today: date = TODAY) -> DateParseResult:
    return parse_japanese_date(text, today=today)


# --- dates ----------------------------------------------------------------------------

DATE_CASES = [
    pytest.param("2024年4月1日", D(2024, 4, 1), id="kanji-western"),
    pytest.param("2024年04月01日", D(2024, 4, 1), id="kanji-western-zero-padded"),
    pytest.param("2024 年 4 月 1 日", D(2024, 4, 1), id="spaces"),
    pytest.param("2024年の4月1日", D(2024, 4, 1), id="year-no-month"),
    pytest.param("2024/4/1", D(2024, 4, 1), id="slash"),
    pytest.param("2024-04-01", D(2024, 4, 1), id="iso"),
    pytest.param("2024.4.1", D(2024, 4, 1), id="dot"),
    pytest.param("令和6年4月1日", D(2024, 4, 1), id="reiwa"),
    pytest.param("令和元年5月1日", D(2019, 5, 1), id="reiwa-gannen"),
    pytest.param("令和1年5月1日", D(2019, 5, 1), id="reiwa-1"),
    pytest.param("平成31年4月1日", D(2019, 4, 1), id="heisei-31"),
    pytest.param("平成31年4月30日", D(2019, 4, 30), id="heisei-last-day"),
    pytest.param("平成元年1月8日", D(1989, 1, 8), id="heisei-first-day"),
    pytest.param("昭和64年1月7日", D(1989, 1, 7), id="showa-last-day"),
    pytest.param("R6.4.1", D(2024, 4, 1), id="R-dot"),
    pytest.param("R6/4/1", D(2024, 4, 1), id="R-slash"),
    pytest.param("R6-4-1", D(2024, 4, 1), id="R-dash"),
    pytest.param("R6\u22124\u22121", D(2024, 4, 1), id="R-minus-sign"),
    pytest.param("2024\u20104\u20101", D(2024, 4, 1), id="unicode-hyphen"),
    pytest.param("2024\u20124\u20121", D(2024, 4, 1), id="figure-dash"),
    pytest.param("2024\u20154\u20151", D(2024, 4, 1), id="horizontal-bar"),
    pytest.param("２０２４ー４ー１", D(2024, 4, 1), id="ime-long-vowel-as-dash"),
    pytest.param("r6.4.1", D(2024, 4, 1), id="r-lower"),
    pytest.param("R6年4月1日", D(2024, 4, 1), id="R-kanji"),
    pytest.param("R元.5.1", D(2019, 5, 1), id="R-gannen"),
    pytest.param("H31.4.1", D(2019, 4, 1), id="H-dot"),
    pytest.param("S63.12.1", D(1988, 12, 1), id="S-dot"),
    pytest.param("２０２４年４月１日", D(2024, 4, 1), id="full-width"),
    pytest.param("２０２４／４／１", D(2024, 4, 1), id="full-width-slash"),
    pytest.param("Ｒ６．４．１", D(2024, 4, 1), id="full-width-R"),
    pytest.param("㋿6年4月1日", D(2024, 4, 1), id="reiwa-ligature"),
    pytest.param("㍻31年4月1日", D(2019, 4, 1), id="heisei-ligature"),
    pytest.param("令和六年四月一日", D(2024, 4, 1), id="kanji-numerals"),
    pytest.param("令和元年五月一日", D(2019, 5, 1), id="kanji-gannen"),
    pytest.param("平成三十一年四月三十日", D(2019, 4, 30), id="kanji-tens"),
    pytest.param("二〇二四年十二月三十一日", D(2024, 12, 31), id="kanji-positional-year"),
    pytest.param("2024年2月29日", D(2024, 2, 29), id="leap-2024"),
    pytest.param("2000年2月29日", D(2000, 2, 29), id="leap-2000"),
    pytest.param("2028年2月29日", D(2028, 2, 29), id="leap-2028"),
    pytest.param("2024年12月31日", D(2024, 12, 31), id="dec31"),
    pytest.param("2024年4月1日に就職しました。いつから使えますか？", D(2024, 4, 1), id="sentence"),
    pytest.param("就職したのは令和6年4月1日です", D(2024, 4, 1), id="sentence-reiwa"),
    pytest.param("えっと、R6.4.1からです", D(2024, 4, 1), id="sentence-R"),
    pytest.param(
        "先月の面談で聞きました。2024年4月1日に就職です", D(2024, 4, 1), id="complete-beats-partial"
    ),
    pytest.param("2024年10月1日（令和6年10月1日）", D(2024, 10, 1), id="own-format"),
    pytest.param("れいわ6ねん4がつ1にち", D(2024, 4, 1), id="hiragana-only"),
    pytest.param("れいわがんねん5がつ1にち", D(2019, 5, 1), id="hiragana-gannen"),
    pytest.param("へいせい31ねん4がつ30にち", D(2019, 4, 30), id="hiragana-heisei"),
    pytest.param("2024ねん4がつついたち", D(2024, 4, 1), id="hiragana-tsuitachi"),
    pytest.param("2024年4月はつか", D(2024, 4, 20), id="hiragana-hatsuka"),
]


@pytest.mark.parametrize(("text", "expected"), DATE_CASES)
def test_parses_date(text: str, expected: date) -> None:
    result = parse(text)
    assert result.status is ParseStatus.DATE
    assert result.ok
    assert result.value == expected
    assert (result.year, result.month, result.day) == (
        expected.year,
        expected.month,
        expected.day,
    )


# 「4月1日」 alone: the most recent such day on or before today.
MONTH_DAY_CASES = [
    pytest.param("4月1日", D(2025, 6, 15), D(2025, 4, 1), id="earlier-this-year"),
    pytest.param("6月15日", D(2025, 6, 15), D(2025, 6, 15), id="today"),
    pytest.param("6月16日", D(2025, 6, 15), D(2024, 6, 16), id="tomorrow-is-last-year"),
    pytest.param("12月31日", D(2025, 1, 1), D(2024, 12, 31), id="dec31-last-year"),
    pytest.param("1月1日", D(2025, 1, 1), D(2025, 1, 1), id="new-year"),
    pytest.param("2月29日", D(2024, 3, 1), D(2024, 2, 29), id="feb29-this-leap-year"),
    pytest.param("2月29日", D(2025, 2, 28), D(2024, 2, 29), id="feb29-last-leap-year"),
    pytest.param("4/1", D(2025, 6, 15), D(2025, 4, 1), id="slash-month-day"),
    pytest.param("４月１日に入社", D(2025, 6, 15), D(2025, 4, 1), id="full-width-sentence"),
]


@pytest.mark.parametrize(("text", "today", "expected"), MONTH_DAY_CASES)
def test_month_day_alone(text: str, today: date, expected: date) -> None:
    result = parse(text, today)
    assert result.value == expected
    assert not is_future(expected, today)


RELATIVE_CASES = [
    pytest.param("去年の4月1日", D(2025, 1, 10), D(2024, 4, 1), id="kyonen"),
    pytest.param("昨年4月1日", D(2025, 1, 10), D(2024, 4, 1), id="sakunen"),
    pytest.param("今年の4月1日", D(2025, 6, 15), D(2025, 4, 1), id="kotoshi"),
    pytest.param("一昨年の12月31日", D(2025, 6, 15), D(2023, 12, 31), id="ototoshi"),
    pytest.param("先月の15日", D(2025, 1, 10), D(2024, 12, 15), id="sengetsu-year-wrap"),
    pytest.param("先月15日", D(2025, 6, 15), D(2025, 5, 15), id="sengetsu-no-no"),
    pytest.param("今月の1日", D(2025, 1, 10), D(2025, 1, 1), id="kongetsu"),
    pytest.param("先々月の1日", D(2025, 1, 10), D(2024, 11, 1), id="sensengetsu"),
    pytest.param("去年の4月1日から働いています", D(2025, 6, 15), D(2024, 4, 1), id="sentence"),
]


@pytest.mark.parametrize(("text", "today", "expected"), RELATIVE_CASES)
def test_relative_dates(text: str, today: date, expected: date) -> None:
    assert parse(text, today).value == expected


# --- need the day -----------------------------------------------------------------------

NEED_DAY_CASES = [
    pytest.param("4月", None, 4, id="month-only"),
    pytest.param("4月に就職しました", None, 4, id="month-in-sentence"),
    pytest.param("2024年4月", 2024, 4, id="year-month"),
    pytest.param("令和6年4月", 2024, 4, id="reiwa-month"),
    pytest.param("平成31年4月", 2019, 4, id="heisei-last-month"),
    pytest.param("令和元年5月", 2019, 5, id="reiwa-first-month"),
    pytest.param("2024/4", 2024, 4, id="slash-year-month"),
    pytest.param("R7.1", 2025, 1, id="R-year-month"),
    pytest.param("去年の4月", 2024, 4, id="kyonen-month"),
    pytest.param("先月", 2025, 5, id="sengetsu"),
    pytest.param("今月", 2025, 6, id="kongetsu"),
]


@pytest.mark.parametrize(("text", "year", "month"), NEED_DAY_CASES)
def test_need_day(text: str, year: int | None, month: int) -> None:
    result = parse(text)
    assert result.status is ParseStatus.NEED_DAY
    assert (result.year, result.month, result.value) == (year, month, None)


@pytest.mark.parametrize(
    ("first", "answer", "today", "expected"),
    [
        pytest.param("4月", "1日", D(2025, 6, 15), D(2025, 4, 1), id="this-year"),
        pytest.param("7月", "1日です", D(2025, 6, 15), D(2024, 7, 1), id="last-year"),
        pytest.param("2024年4月", "15", D(2025, 6, 15), D(2024, 4, 15), id="bare-number"),
        pytest.param("令和6年4月", "１５日", D(2025, 6, 15), D(2024, 4, 15), id="full-width"),
        pytest.param("4月", "2024年4月2日", D(2025, 6, 15), D(2024, 4, 2), id="full-answer"),
    ],
)
def test_complete_with_day(first: str, answer: str, today: date, expected: date) -> None:
    partial = parse(first, today)
    assert complete_with_day(partial, answer, today=today).value == expected


@pytest.mark.parametrize(
    ("first", "answer", "status", "reason"),
    [
        pytest.param(
            "2024年4月", "31日", ParseStatus.INVALID, InvalidReason.IMPOSSIBLE_DATE, id="april-31"
        ),
        pytest.param("2024年4月", "32", ParseStatus.INVALID, InvalidReason.BAD_DAY, id="day-32"),
        pytest.param("2024年4月", "わかりません", ParseStatus.NOT_FOUND, None, id="no-day"),
    ],
)
def test_complete_with_day_errors(
    first: str, answer: str, status: ParseStatus, reason: InvalidReason | None
) -> None:
    result = complete_with_day(parse(first), answer, today=TODAY)
    assert (result.status, result.reason) == (status, reason)


def test_complete_with_day_needs_partial() -> None:
    with pytest.raises(ValueError, match="NEED_DAY"):
        complete_with_day(parse("2024年4月1日"), "1日", today=TODAY)


# --- invalid ---------------------------------------------------------------------------

INVALID_CASES = [
    pytest.param("2月30日", InvalidReason.IMPOSSIBLE_DATE, id="feb30"),
    pytest.param("2024年2月30日", InvalidReason.IMPOSSIBLE_DATE, id="feb30-with-year"),
    pytest.param("2023年2月29日", InvalidReason.IMPOSSIBLE_DATE, id="feb29-non-leap"),
    pytest.param("2100年2月29日", InvalidReason.IMPOSSIBLE_DATE, id="feb29-2100"),
    pytest.param("2月29日", InvalidReason.IMPOSSIBLE_DATE, id="feb29-inferred-2025"),
    pytest.param("2024年4月31日", InvalidReason.IMPOSSIBLE_DATE, id="apr31"),
    pytest.param("2024/2/30", InvalidReason.IMPOSSIBLE_DATE, id="slash-feb30"),
    pytest.param("13月1日", InvalidReason.BAD_MONTH, id="month-13"),
    pytest.param("2024年13月", InvalidReason.BAD_MONTH, id="month-13-no-day"),
    pytest.param("2024年0月1日", InvalidReason.BAD_MONTH, id="month-0"),
    pytest.param("2024/13/1", InvalidReason.BAD_MONTH, id="slash-month-13"),
    pytest.param("4月32日", InvalidReason.BAD_DAY, id="day-32"),
    pytest.param("2024年4月0日", InvalidReason.BAD_DAY, id="day-0"),
    pytest.param("令和0年4月1日", InvalidReason.ERA_YEAR_ZERO, id="reiwa-0"),
    pytest.param("R0.4.1", InvalidReason.ERA_YEAR_ZERO, id="R0"),
    pytest.param("平成32年1月1日", InvalidReason.AFTER_ERA_END, id="heisei-32"),
    pytest.param("平成32年4月", InvalidReason.AFTER_ERA_END, id="heisei-32-month"),
    pytest.param("H32.1.1", InvalidReason.AFTER_ERA_END, id="H32"),
    pytest.param("平成31年5月1日", InvalidReason.AFTER_ERA_END, id="heisei-31-may"),
    pytest.param("平成31年5月", InvalidReason.AFTER_ERA_END, id="heisei-31-may-month"),
    pytest.param("昭和64年1月8日", InvalidReason.AFTER_ERA_END, id="showa-64-jan8"),
    pytest.param("令和元年4月30日", InvalidReason.BEFORE_ERA_START, id="reiwa-before-start"),
    pytest.param("令和元年4月", InvalidReason.BEFORE_ERA_START, id="reiwa-1-april"),
    pytest.param("令和1年1月1日", InvalidReason.BEFORE_ERA_START, id="reiwa-1-jan"),
    pytest.param("平成元年1月7日", InvalidReason.BEFORE_ERA_START, id="heisei-before-start"),
    pytest.param("6年4月1日", InvalidReason.YEAR_UNCLEAR, id="short-year"),
    pytest.param("24年4月1日", InvalidReason.YEAR_UNCLEAR, id="two-digit-year"),
    pytest.param("1800年4月1日", InvalidReason.YEAR_OUT_OF_RANGE, id="year-1800"),
    pytest.param("3000年4月1日", InvalidReason.YEAR_OUT_OF_RANGE, id="year-3000"),
]


@pytest.mark.parametrize(("text", "reason"), INVALID_CASES)
def test_invalid(text: str, reason: InvalidReason) -> None:
    result = parse(text)
    assert result.status is ParseStatus.INVALID
    assert result.reason is reason
    assert result.value is None
    assert not result.ok


def test_every_reason_has_a_message() -> None:
    assert set(INVALID_REASON_JA) == set(InvalidReason)
    assert all(msg.endswith("。") for msg in INVALID_REASON_JA.values())


# --- not found -----------------------------------------------------------------------

NOT_FOUND_CASES = [
    pytest.param("", id="empty"),
    pytest.param("こんにちは", id="greeting"),
    pytest.param("費用はいくらですか", id="question"),
    pytest.param("2024年", id="year-only"),
    pytest.param("令和6年", id="era-year-only"),
    pytest.param("15日", id="day-only"),
    pytest.param("就職後4〜5月目に申請します", id="month-ordinal"),
    pytest.param("6月後から使えます", id="duration-after"),
    pytest.param("3年6カ月まで", id="duration-kana"),
    pytest.param("一昨年から一般就労です", id="kanji-words"),
    pytest.param("なんねんつかえるの", id="hiragana-question"),
    pytest.param("いつかいきたい", id="itsuka-is-not-the-5th"),
]


@pytest.mark.parametrize("text", NOT_FOUND_CASES)
def test_not_found(text: str) -> None:
    assert parse(text).status is ParseStatus.NOT_FOUND


# --- mentions a date (what the NLU's DateIntentGuard asks) -----------------------------


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        pytest.param("2024年4月1日に就職しました", True, id="date"),
        pytest.param("4月です", True, id="month-without-day"),
        pytest.param("2月30日", True, id="impossible-date"),
        pytest.param("15日", True, id="bare-day"),
        pytest.param("１日です", True, id="bare-day-full-width"),
        pytest.param("1+1は？", False, id="arithmetic"),
        pytest.param("123", False, id="digits"),
        pytest.param("費用はいくらですか", False, id="question"),
        pytest.param("", False, id="empty"),
    ],
)
def test_mentions_a_date(text: str, mentions: bool) -> None:
    assert mentions_a_date(text) is mentions


# --- future dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "today", "future"),
    [
        pytest.param("2025年6月16日", D(2025, 6, 15), True, id="tomorrow"),
        pytest.param("2025年6月15日", D(2025, 6, 15), False, id="today"),
        pytest.param("2024年6月16日", D(2025, 6, 15), False, id="past"),
        pytest.param("今年の12月1日", D(2025, 6, 15), True, id="later-this-year"),
        pytest.param("来月の1日", D(2025, 6, 15), True, id="next-month"),
        pytest.param("来年4月1日", D(2025, 6, 15), True, id="next-year"),
        pytest.param("令和8年4月1日", D(2025, 6, 15), True, id="reiwa-8"),
    ],
)
def test_is_future(text: str, today: date, future: bool) -> None:
    result = parse(text, today)
    assert result.value is not None
    assert is_future(result.value, today) is future


def test_future_message_is_kind_japanese() -> None:
    assert "ください" in FUTURE_DATE_JA


# --- formatting --------------------------------------------------------------------------

FORMAT_CASES = [
    pytest.param(D(2024, 10, 1), "2024年10月1日（令和6年10月1日）", id="reiwa"),
    pytest.param(D(2019, 5, 1), "2019年5月1日（令和元年5月1日）", id="reiwa-gannen"),
    pytest.param(D(2020, 1, 1), "2020年1月1日（令和2年1月1日）", id="reiwa-2"),
    pytest.param(D(2019, 4, 30), "2019年4月30日（平成31年4月30日）", id="heisei-last"),
    pytest.param(D(1989, 1, 8), "1989年1月8日（平成元年1月8日）", id="heisei-gannen"),
    pytest.param(D(1989, 1, 7), "1989年1月7日（昭和64年1月7日）", id="showa-last"),
    pytest.param(D(1926, 12, 25), "1926年12月25日（昭和元年12月25日）", id="showa-gannen"),
    pytest.param(D(1926, 12, 24), "1926年12月24日", id="before-showa"),
    pytest.param(D(2024, 2, 29), "2024年2月29日（令和6年2月29日）", id="leap-day"),
]


@pytest.mark.parametrize(("d", "text"), FORMAT_CASES)
def test_format_date_ja(d: date, text: str) -> None:
    assert format_date_ja(d) == text


def test_to_wareki() -> None:
    found = to_wareki(D(2024, 4, 1))
    assert found is not None
    assert (found[0].name, found[1]) == ("令和", 6)
    assert to_wareki(D(1900, 1, 1)) is None
    assert format_wareki(D(1900, 1, 1)) is None


# --- properties ----------------------------------------------------------------------

any_dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2999, 12, 31))
era_dates = st.dates(min_value=D(1926, 12, 25), max_value=D(2999, 12, 31))
todays = st.dates(min_value=D(1950, 1, 1), max_value=D(2900, 12, 31))


@given(any_dates)
def test_prop_format_round_trip(d: date) -> None:
    assert parse(format_date_ja(d)).value == d


@given(era_dates)
def test_prop_wareki_round_trip(d: date) -> None:
    wareki = format_wareki(d)
    assert wareki is not None
    assert parse(wareki).value == d
    era, year = to_wareki(d) or (None, 0)
    assert era is not None
    assert parse(f"{era.letter}{year}.{d.month}.{d.day}").value == d


@given(
    any_dates,
    st.sampled_from(
        [
            "{y}/{m}/{d}",
            "{y}-{m:02}-{d:02}",
            "{y}.{m}.{d}",
            "{y}年{m}月{d}日",
            "{y}年{m:02}月{d:02}日に就職",
        ]
    ),
)
def test_prop_numeric_formats(d: date, pattern: str) -> None:
    text = pattern.format(y=d.year, m=d.month, d=d.day)
    assert parse(text).value == d
    full_width = text.translate(str.maketrans("0123456789/.-", "０１２３４５６７８９／．－"))
    assert parse(full_width).value == d


@given(todays, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=31))
def test_prop_month_day_never_future(today: date, month: int, day: int) -> None:
    result = parse(f"{month}月{day}日", today)
    if result.status is ParseStatus.DATE:
        assert result.value is not None
        assert not is_future(result.value, today)
        assert today - result.value < timedelta(days=366)
    else:
        assert result.status is ParseStatus.INVALID
        assert result.reason is InvalidReason.IMPOSSIBLE_DATE


@given(st.text(max_size=60), todays)
def test_prop_never_raises_and_is_consistent(text: str, today: date) -> None:
    result = parse(text, today)
    assert (result.status is ParseStatus.DATE) == (result.value is not None)
    assert (result.status is ParseStatus.INVALID) == (result.reason is not None)
    if result.status is ParseStatus.NEED_DAY:
        assert result.month is not None
        assert 1 <= result.month <= 12


date_ish = st.text(
    alphabet="0123456789０１２３年月日/.-令和平成昭RHSr元の去今先来十一二三〇 ", max_size=25
)


@given(date_ish, todays)
def test_prop_date_like_text_never_raises(text: str, today: date) -> None:
    result = parse(text, today)
    assert (result.status is ParseStatus.DATE) == (result.value is not None)
    if result.status is ParseStatus.NEED_DAY:
        partial_done = complete_with_day(result, "1日", today=today)
        assert partial_done.status in (ParseStatus.DATE, ParseStatus.INVALID)
