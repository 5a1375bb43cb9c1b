"""Japanese date parsing and formatting (pure; no Rasa imports).

Finds the first date in free text such as 「2024年4月1日に就職しました」,
「令和6年4月1日」, 「R6.4.1」, full-width digits, 「去年の4月1日」 or
「先月の15日」, and formats dates as 「2024年10月1日(令和6年10月1日)」 with
full-width parentheses.

Written in-house: ja-timex needs an exact beta pin (pendulum==3.0.0b1, a
compiled package) and jpdatetime only parses with a fixed strptime format
and installs a top-level `test` package; neither covers the relative forms
or the NEED_DAY / INVALID answers the dialogue needs.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from bot.text.normalize import nfkc_with_ascii_hyphens

__all__ = [
    "ERAS",
    "FUTURE_DATE_JA",
    "INVALID_REASON_JA",
    "MAX_YEAR",
    "MIN_YEAR",
    "DateParseResult",
    "Era",
    "FoundDate",
    "InvalidReason",
    "ParseStatus",
    "complete_with_day",
    "find_japanese_dates",
    "format_date_ja",
    "format_wareki",
    "is_future",
    "mentions_a_date",
    "parse_japanese_date",
    "to_wareki",
]

# Plausible range for a start-of-work date typed by a user.
MIN_YEAR = 1900
MAX_YEAR = 2999


@dataclass(frozen=True)
class Era:
    name: str
    letter: str  # abbreviation used in forms: R6.4.1
    first_day: date
    last_day: date | None  # None: current era


# Small own table; 明治/大正 are not needed for start-of-work dates.
ERAS: tuple[Era, ...] = (
    Era("令和", "R", date(2019, 5, 1), None),
    Era("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    Era("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
)
_ERA_BY_KEY: dict[str, Era] = {e.name: e for e in ERAS} | {e.letter: e for e in ERAS}


class ParseStatus(str, Enum):
    DATE = "date"
    NEED_DAY = "need_day"  # month known, day missing: ask for the day
    INVALID = "invalid"  # a date was written but cannot exist
    NOT_FOUND = "not_found"


class InvalidReason(str, Enum):
    BAD_MONTH = "bad_month"  # 13月, 0月
    BAD_DAY = "bad_day"  # 32日, 0日
    IMPOSSIBLE_DATE = "impossible_date"  # 2月30日, 2023年2月29日, 4月31日
    ERA_YEAR_ZERO = "era_year_zero"  # 令和0年
    BEFORE_ERA_START = "before_era_start"  # 令和元年4月30日
    AFTER_ERA_END = "after_era_end"  # 平成31年5月1日, 平成32年
    YEAR_OUT_OF_RANGE = "year_out_of_range"  # 1800年, 3000年
    YEAR_UNCLEAR = "year_unclear"  # 「6年4月1日」: no era, not 4 digits


# Short polite explanations the bot can show as is.
INVALID_REASON_JA: dict[InvalidReason, str] = {
    InvalidReason.BAD_MONTH: "月は1から12までで教えてください。",
    InvalidReason.BAD_DAY: "日は1から31までで教えてください。",
    InvalidReason.IMPOSSIBLE_DATE: "その日付はカレンダーにありません。もう一度確かめてください。",
    InvalidReason.ERA_YEAR_ZERO: "和暦の年は「元年」または1年から始まります。",
    InvalidReason.BEFORE_ERA_START: (
        "その日はまだその元号になる前です。元号と日付を確かめてください。"
    ),
    InvalidReason.AFTER_ERA_END: "その日はもう次の元号です。元号と日付を確かめてください。",
    InvalidReason.YEAR_OUT_OF_RANGE: "年をもう一度確かめてください。",
    InvalidReason.YEAR_UNCLEAR: "年は「2024年」や「令和6年」のように教えてください。",
}


@dataclass(frozen=True)
class DateParseResult:
    """Outcome of parse_japanese_date; check `status` first.

    DATE: `value` is set (and year/month/day). NEED_DAY: `month` is set,
    `year` is set when known (None for a bare 「4月」). INVALID: `reason` is
    set. `matched` is the normalised text that produced the result.
    """

    status: ParseStatus
    value: date | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    reason: InvalidReason | None = None
    matched: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is ParseStatus.DATE


_NOT_FOUND = DateParseResult(ParseStatus.NOT_FOUND)


# --- normalisation -----------------------------------------------------------

_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
# Kanji numbers only right before a date unit, so 一昨年 / 一般 stay as they are.
_KANJI_NUMBER_RE = re.compile(r"[〇零一二三四五六七八九十]+(?=\s*[年月日])")


def _kanji_to_int(text: str) -> int | None:
    if "十" not in text:
        # Positional: 二〇二四 -> 2024, 四 -> 4.
        return int("".join(str(_KANJI_DIGITS[c]) for c in text))
    tens_text, _, ones_text = text.partition("十")
    if len(tens_text) > 1 or len(ones_text) > 1 or "十" in ones_text:
        return None  # not a simple number like 二十四; leave it alone
    tens = _KANJI_DIGITS[tens_text] if tens_text else 1
    ones = _KANJI_DIGITS[ones_text] if ones_text else 0
    return tens * 10 + ones


def _kanji_repl(match: re.Match[str]) -> str:
    number = _kanji_to_int(match.group(0))
    return match.group(0) if number is None else str(number)


# Hiragana-only dates (「れいわ6ねん4がつ1にち」): readings of the units, only right after a
# number (or an era reading), so ordinary words are left alone.
_KANA_ERAS = {"れいわ": "令和", "へいせい": "平成", "しょうわ": "昭和"}
_KANA_ERA_RE = re.compile(r"(れいわ|へいせい|しょうわ)\s*(?=\d|がん)")
_KANA_GANNEN_RE = re.compile(r"(?<=[令平昭][和成])\s*がんねん")
_KANA_UNIT_RE = re.compile(r"(?<=\d)\s*(ねん|がつ|にち)")
_KANA_UNITS = {"ねん": "年", "がつ": "月", "にち": "日"}
# 「ついたち」「ふつか」…: only the common day readings users type.
_KANA_DAYS = {
    "ついたち": "1日",
    "ふつか": "2日",
    "みっか": "3日",
    "よっか": "4日",
    "いつか": "5日",
    "むいか": "6日",
    "なのか": "7日",
    "ようか": "8日",
    "ここのか": "9日",
    "とおか": "10日",
    "はつか": "20日",
}
_KANA_DAY_RE = re.compile(r"(?<=月)\s*(" + "|".join(_KANA_DAYS) + ")")


def _kana_units(text: str) -> str:
    text = _KANA_ERA_RE.sub(lambda m: _KANA_ERAS[m.group(1)], text)
    text = _KANA_GANNEN_RE.sub("元年", text)
    text = _KANA_UNIT_RE.sub(lambda m: _KANA_UNITS[m.group(1)], text)
    return _KANA_DAY_RE.sub(lambda m: _KANA_DAYS[m.group(1)], text)


def _normalise(text: str) -> str:
    # NFKC: full-width digits/letters/punctuation to ASCII, ㋿ -> 令和, ㍻ -> 平成; every dash
    # (bot.text.normalize.DASHES, ー between digits) to "-".
    text = nfkc_with_ascii_hyphens(text)
    return _kana_units(_KANJI_NUMBER_RE.sub(_kanji_repl, text))


# --- patterns ------------------------------------------------------------------

# 「月」 not followed by 目/後/間/前 (「5月目」「6月後」 are durations in the sources).
_MONTH = r"(?P<month>\d{1,3})\s*月(?![目後間前])"
_DAY = r"(?P<day>\d{1,3})\s*日(?![目間])"
# Optional 「の4月1日」 after a year; month may come without day.
_KANJI_MD = r"(?:\s*の?\s*" + _MONTH + r"(?:\s*" + _DAY + r")?)?"
# 「.4.1」 「/4/1」 「-04-01」 (same separator) or 「/4」.
_SEP_MD = (
    r"\s*(?P<sep>[./\-])\s*(?P<month>\d{1,3})"
    r"(?:\s*(?P=sep)\s*(?P<day>\d{1,3}))?(?![\d./\-]*\d)"
)
_ERA = r"(?P<era>令和|平成|昭和|(?<![A-Za-z])[RHSrhs])\s*(?P<year>元|\d{1,3})(?!\d)"

_ERA_KANJI_RE = re.compile(_ERA + r"\s*年" + _KANJI_MD)
_ERA_SEP_RE = re.compile(_ERA + _SEP_MD)
_WESTERN_KANJI_RE = re.compile(r"(?<!\d)(?P<year>\d{4})\s*年" + _KANJI_MD)
_WESTERN_SEP_RE = re.compile(r"(?<![\d./\-])(?P<year>\d{4})" + _SEP_MD)
# 「6年4月1日」: a year without era that is not 4 digits.
_SHORT_YEAR_RE = re.compile(r"(?<![\d./\-])(?P<year>\d{1,3})\s*年\s*の?\s*\d{1,3}\s*月")
_REL_YEAR = r"(?P<rel>一昨年|おととし|去年|昨年|今年|本年|来年)\s*の?\s*"
_REL_YEAR_RE = re.compile(_REL_YEAR + _MONTH + r"(?:\s*" + _DAY + r")?")
_REL_MONTH_RE = re.compile(r"(?P<rel>先々月|先月|今月|来月)(?:\s*の?\s*" + _DAY + r")?")
_MONTH_DAY_RE = re.compile(r"(?<![\d年])" + _MONTH + r"(?:\s*" + _DAY + r")?")
_SLASH_MONTH_DAY_RE = re.compile(r"(?<![\d/.\-])(?P<month>\d{1,2})/(?P<day>\d{1,2})(?![\d/])")

_REL_YEAR_OFFSET = {
    "一昨年": -2,
    "おととし": -2,
    "去年": -1,
    "昨年": -1,
    "今年": 0,
    "本年": 0,
    "来年": 1,
}
_REL_MONTH_OFFSET = {"先々月": -2, "先月": -1, "今月": 0, "来月": 1}


# --- building results ------------------------------------------------------------


def _int(text: str | None) -> int | None:
    return None if text is None else int(text)


def _invalid(
    reason: InvalidReason,
    matched: str,
    *,
    year: int | None = None,
    month: int | None = None,
    day: int | None = None,
) -> DateParseResult:
    return DateParseResult(
        ParseStatus.INVALID, year=year, month=month, day=day, reason=reason, matched=matched
    )


def _build(year: int | None, month: int, day: int | None, matched: str) -> DateParseResult:
    """Validate parts; `year` None only for a bare month without day."""
    if not 1 <= month <= 12:
        return _invalid(InvalidReason.BAD_MONTH, matched, year=year, month=month, day=day)
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return _invalid(InvalidReason.YEAR_OUT_OF_RANGE, matched, year=year, month=month)
    if day is None:
        return DateParseResult(ParseStatus.NEED_DAY, year=year, month=month, matched=matched)
    if not 1 <= day <= 31:
        return _invalid(InvalidReason.BAD_DAY, matched, year=year, month=month, day=day)
    if year is None or day > calendar.monthrange(year, month)[1]:
        return _invalid(InvalidReason.IMPOSSIBLE_DATE, matched, year=year, month=month, day=day)
    value = date(year, month, day)
    return DateParseResult(
        ParseStatus.DATE, value=value, year=year, month=month, day=day, matched=matched
    )


def _from_era(m: re.Match[str]) -> DateParseResult | None:
    era = _ERA_BY_KEY[m.group("era").upper() if len(m.group("era")) == 1 else m.group("era")]
    era_year = 1 if m.group("year") == "元" else int(m.group("year"))
    month, day, matched = _int(m.group("month")), _int(m.group("day")), m.group(0)
    if month is None:
        return None  # 「令和6年」 alone: not a date yet
    if era_year == 0:
        return _invalid(InvalidReason.ERA_YEAR_ZERO, matched, month=month, day=day)
    year = era.first_day.year + era_year - 1
    if era.last_day is not None and year > era.last_day.year:
        return _invalid(InvalidReason.AFTER_ERA_END, matched, year=year, month=month, day=day)
    result = _build(year, month, day, matched)
    if result.status is ParseStatus.INVALID:
        return result
    # Compare the whole month for NEED_DAY, the day itself for a full date.
    low = result.value or date(year, month, calendar.monthrange(year, month)[1])
    high = result.value or date(year, month, 1)
    if low < era.first_day:
        return _invalid(InvalidReason.BEFORE_ERA_START, matched, year=year, month=month, day=day)
    if era.last_day is not None and high > era.last_day:
        return _invalid(InvalidReason.AFTER_ERA_END, matched, year=year, month=month, day=day)
    return result


def _from_western(m: re.Match[str]) -> DateParseResult | None:
    month = _int(m.group("month"))
    if month is None:
        return None  # 「2024年」 alone
    return _build(int(m.group("year")), month, _int(m.group("day")), m.group(0))


def _from_short_year(m: re.Match[str]) -> DateParseResult:
    return _invalid(InvalidReason.YEAR_UNCLEAR, m.group(0), year=int(m.group("year")))


def _from_rel_year(m: re.Match[str], today: date) -> DateParseResult:
    year = today.year + _REL_YEAR_OFFSET[m.group("rel")]
    return _build(year, int(m.group("month")), _int(m.group("day")), m.group(0))


def _from_rel_month(m: re.Match[str], today: date) -> DateParseResult:
    year, month = divmod(today.year * 12 + today.month - 1 + _REL_MONTH_OFFSET[m.group("rel")], 12)
    return _build(year, month + 1, _int(m.group("day")), m.group(0))


def _from_month_day(m: re.Match[str], today: date) -> DateParseResult:
    month, day = int(m.group("month")), _int(m.group("day"))
    if day is None:
        # 「4月」: year unknown, keep the month and ask for the day.
        return _build(None, month, None, m.group(0))
    return _build(_infer_year(month, day, today), month, day, m.group(0))


def _infer_year(month: int, day: int, today: date) -> int:
    # Most recent such day on or before today: this year if not yet past,
    # else last year (a start date is normally in the past).
    return today.year if (month, day) <= (today.month, today.day) else today.year - 1


@dataclass(frozen=True)
class FoundDate:
    """A date, month or impossible date found in a text, with where it is.

    `start`/`end` index `normalised`, the text as the parser reads it (NFKC, kanji digits as
    digits), which is what a caller looks at for the words around the date.
    """

    start: int
    end: int
    result: DateParseResult
    normalised: str


def find_japanese_dates(text: str, *, today: date) -> list[FoundDate]:
    """Every date in `text`, in order; `today` resolves 去年 / 先月 / 4月1日.

    Overlapping matches: the earliest, then longest, then most specific wins, so 「令和6年4月1日」
    beats the 「6年4月1日」 and 「4月1日」 inside it.
    """
    norm = _normalise(text)
    found: list[tuple[int, int, int, int, DateParseResult]] = []
    scanners: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], DateParseResult | None]], ...]
    scanners = (
        (_ERA_KANJI_RE, _from_era),
        (_ERA_SEP_RE, _from_era),
        (_WESTERN_KANJI_RE, _from_western),
        (_WESTERN_SEP_RE, _from_western),
        (_REL_YEAR_RE, lambda m: _from_rel_year(m, today)),
        (_REL_MONTH_RE, lambda m: _from_rel_month(m, today)),
        (_SHORT_YEAR_RE, _from_short_year),
        (_MONTH_DAY_RE, lambda m: _from_month_day(m, today)),
        (_SLASH_MONTH_DAY_RE, lambda m: _from_month_day(m, today)),
    )
    for priority, (pattern, build) in enumerate(scanners):
        for m in pattern.finditer(norm):
            result = build(m)
            if result is not None:
                found.append((m.start(), -len(m.group(0)), priority, m.end(), result))
    kept: list[FoundDate] = []
    end = -1
    for start, _, _, stop, result in sorted(found, key=lambda c: c[:3]):
        if start >= end:
            kept.append(FoundDate(start, stop, result, norm))
            end = stop
    return kept


def parse_japanese_date(text: str, *, today: date) -> DateParseResult:
    """Parse the first date in `text`; `today` resolves 去年 / 先月 / 4月1日."""
    kept = [found.result for found in find_japanese_dates(text, today=today)]
    # A complete answer (date or impossible date) beats a partial one, so
    # 「先月の面談で…2024年4月1日に就職」 finds the date.
    for result in kept:
        if result.status is not ParseStatus.NEED_DAY:
            return result
    return kept[0] if kept else _NOT_FOUND


# A bare day (「15日」, 「1日です」) answers 「4月の何日ですか」.
_BARE_DAY_RE = re.compile(r"(?<![0-9０-９])[0-9０-９]{1,2}\s*日")


def mentions_a_date(text: str, *, today: date | None = None) -> bool:
    """True if `text` holds a date, a month, an impossible date or a bare day."""
    result = parse_japanese_date(text, today=today or date(2000, 1, 1))
    return result.status is not ParseStatus.NOT_FOUND or bool(_BARE_DAY_RE.search(text))


def complete_with_day(partial: DateParseResult, text: str, *, today: date) -> DateParseResult:
    """Finish a NEED_DAY result with the user's answer (「15日」, 「15」).

    If the answer holds its own month (a full date or another month), that
    parse is returned instead. Without a known year, the most recent such day
    on or before `today` is used, as for 「4月1日」.
    """
    if partial.status is not ParseStatus.NEED_DAY or partial.month is None:
        raise ValueError("partial must be a NEED_DAY result")
    answer = parse_japanese_date(text, today=today)
    if answer.month is not None or answer.status is ParseStatus.INVALID:
        return answer
    m = re.search(r"(?<!\d)(?P<day>\d{1,3})(?!\d)", _normalise(text))
    if m is None:
        return _NOT_FOUND
    day = int(m.group("day"))
    year = partial.year if partial.year is not None else _infer_year(partial.month, day, today)
    return _build(year, partial.month, day, m.group(0))


# Kind reply when is_future() is true for a start date.
FUTURE_DATE_JA = (
    "その日はまだ来ていないようです。"
    "働き始めた日や復職した日は、今日かそれより前の日付で教えてください。"
)


def is_future(d: date, today: date) -> bool:
    """True if `d` is after `today` (a start of work cannot be in the future)."""
    return d > today


# --- formatting ------------------------------------------------------------------


def to_wareki(d: date) -> tuple[Era, int] | None:
    """(era, era year) for `d`, or None before 昭和."""
    for era in ERAS:
        if d >= era.first_day and (era.last_day is None or d <= era.last_day):
            return era, d.year - era.first_day.year + 1
    return None


def format_wareki(d: date) -> str | None:
    """「令和6年10月1日」, with 元年 for year 1; None before 昭和."""
    found = to_wareki(d)
    if found is None:
        return None
    era, year = found
    year_text = "元" if year == 1 else str(year)
    return f"{era.name}{year_text}年{d.month}月{d.day}日"


# Full-width parentheses, as usual in Japanese text.
_LPAREN, _RPAREN = "\uff08", "\uff09"


def format_date_ja(d: date) -> str:
    """「2024年10月1日(令和6年10月1日)」 with full-width parentheses; 西暦 only before 昭和."""
    western = f"{d.year}年{d.month}月{d.day}日"
    wareki = format_wareki(d)
    return western if wareki is None else f"{western}{_LPAREN}{wareki}{_RPAREN}"
