"""What the bot says about personal dates, and how it reads a date answer (pure; no Rasa imports).

The Rasa actions call these functions; tests call them directly. Slot values are plain strings so
they survive the tracker store: `start_date` is ISO (2024-04-01), `pending_month` is
"2024-4" or "-4" (year unknown), `date_problem` is "future" or "invalid:<reason>".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.dates import rules as dates
from bot.dates.parse import (
    FUTURE_DATE_JA,
    INVALID_REASON_JA,
    DateParseResult,
    InvalidReason,
    ParseStatus,
    complete_with_day,
    format_date_ja,
    is_future,
    parse_japanese_date,
)

__all__ = [
    "ASK_DATE_JA",
    "DateSlots",
    "ask_date_text",
    "detect_person_ref",
    "detect_variant",
    "handover_text",
    "personal_dates_text",
    "read_date_answer",
]

ASK_DATE_JA = "働き始めた日を教えてください。\n例：2024年4月1日、令和6年4月1日、R6.4.1"
# Said before the first question (FACTS.md "Period and dates"), so that a general
# 「いつから使える？」 is answered even before the date is given.
GENERAL_RULE_JA = "ふつうは、就職して7か月目から使えます。日付から計算します。"
ASK_RETURN_DATE_JA = "復職した日を教えてください。\n例：2024年4月1日、令和6年4月1日"
ASK_EXTENDED_DATE_JA = (
    "送り出し事業所を使い終わった日を教えてください。\n例：2024年4月1日、令和6年4月1日"
)

# Keywords that pick the variant (002 §3(2)(3), 004 §5). Checked in this order.
_VARIANT_KEYWORDS: tuple[tuple[dates.SupportVariant, tuple[str, ...]], ...] = (
    (dates.SupportVariant.EXTENDED_HOURS, ("労働時間延長", "時間延長", "延長支援")),
    (dates.SupportVariant.RETURN_TO_WORK, ("復職", "休職", "職場復帰", "ふくしょく")),
)

_PERSON_REFS: tuple[tuple[str, str], ...] = (
    ("息子", "息子さん"),
    ("むすこ", "息子さん"),
    ("娘", "娘さん"),
    ("むすめ", "娘さん"),
    ("子ども", "お子さん"),
    ("子供", "お子さん"),
    ("うちの子", "お子さん"),
    ("夫", "ご家族"),
    ("妻", "ご家族"),
    ("兄", "ご家族"),
    ("弟", "ご家族"),
    ("姉", "ご家族"),
    ("妹", "ご家族"),
    ("家族", "ご家族"),
)


def detect_variant(text: str) -> dates.SupportVariant | None:
    """The variant a message names, or None when it names none."""
    for variant, words in _VARIANT_KEYWORDS:
        if any(word in text for word in words):
            return variant
    return None


def detect_person_ref(text: str) -> str | None:
    """How to refer to the person when a family member speaks (「息子が」→「息子さん」)."""
    for word, ref in _PERSON_REFS:
        if word in text:
            return ref
    return None


@dataclass(frozen=True)
class DateSlots:
    """Slot updates from one user message; None means "clear", missing key means "keep"."""

    values: dict[str, str | None]


def _pending_to_partial(pending_month: str) -> DateParseResult | None:
    m = re.fullmatch(r"(\d{4})?-(\d{1,2})", pending_month)
    if m is None:
        return None
    year = int(m.group(1)) if m.group(1) else None
    return DateParseResult(ParseStatus.NEED_DAY, year=year, month=int(m.group(2)))


def read_date_answer(text: str, *, today: date, pending_month: str | None = None) -> DateSlots:
    """Read a start date from `text` (or finish a 「4月」 answer with the day).

    Returns the slot updates: a good date clears the problem and the pending month; an
    impossible or future date, or a month without a day, is kept out of `start_date`.
    """
    result = parse_japanese_date(text, today=today)
    partial = _pending_to_partial(pending_month) if pending_month else None
    if partial is not None and result.status is ParseStatus.NOT_FOUND:
        result = complete_with_day(partial, text, today=today)
    if result.status is ParseStatus.NOT_FOUND:
        return DateSlots({})
    if result.status is ParseStatus.NEED_DAY:
        year = "" if result.year is None else str(result.year)
        return DateSlots({"pending_month": f"{year}-{result.month}", "date_problem": None})
    if result.status is ParseStatus.INVALID:
        reason = result.reason.value if result.reason else InvalidReason.IMPOSSIBLE_DATE.value
        return DateSlots({"date_problem": f"invalid:{reason}", "pending_month": None})
    assert result.value is not None
    if is_future(result.value, today):
        return DateSlots({"date_problem": "future", "pending_month": None})
    return DateSlots(
        {"start_date": result.value.isoformat(), "date_problem": None, "pending_month": None}
    )


def ask_date_text(
    *,
    variant: dates.SupportVariant = dates.SupportVariant.STANDARD,
    date_problem: str | None = None,
    pending_month: str | None = None,
) -> str:
    """The question for the date, with a kind explanation of what was wrong before."""
    if pending_month:
        partial = _pending_to_partial(pending_month)
        if partial is not None and partial.month is not None:
            return f"{partial.month}月の何日ですか。\n例：1日、15日"
    lines: list[str] = []
    if date_problem == "future":
        lines.append(FUTURE_DATE_JA)
    elif date_problem and date_problem.startswith("invalid:"):
        try:
            reason = InvalidReason(date_problem.split(":", 1)[1])
        except ValueError:
            reason = InvalidReason.IMPOSSIBLE_DATE
        lines.append(INVALID_REASON_JA[reason])
    elif variant is dates.SupportVariant.STANDARD:
        lines.append(GENERAL_RULE_JA)
    if variant is dates.SupportVariant.RETURN_TO_WORK:
        lines.append(ASK_RETURN_DATE_JA)
    elif variant is dates.SupportVariant.EXTENDED_HOURS:
        lines.append(ASK_EXTENDED_DATE_JA)
    else:
        lines.append(ASK_DATE_JA)
    return "\n".join(lines)


def _input_label(variant: dates.SupportVariant) -> str:
    if variant is dates.SupportVariant.RETURN_TO_WORK:
        return "復職した日"
    if variant is dates.SupportVariant.EXTENDED_HOURS:
        return "送り出し事業所を使い終わった日"
    return "働き始めた日"


def _today_line(personal: dates.PersonalDates) -> str:
    status = personal.today_status
    if status.phase is dates.Phase.BEFORE_START:
        return f"数え始めまで、あと{status.days_until_start}日です。"
    if status.phase is dates.Phase.SENDING_OFFICE_PERIOD:
        return (
            f"今は{status.period_month}か月目です。"
            f"使い始めまで、あと{status.days_until_service_start}日です。"
        )
    if status.phase is dates.Phase.IN_SERVICE:
        return f"今は使える期間の中です。最後の日まで、あと{status.days_to_last_day}日です。"
    return "使える期間は、もう終わっています。"


def personal_dates_text(personal: dates.PersonalDates) -> str:
    """A short timeline: conclusion (first and last day) first, then the details."""
    window = personal.application_window
    reviews = personal.plan_reviews
    renewals = personal.renewals.dates
    lines = [
        f"{_input_label(personal.variant)}：{format_date_ja(personal.input_date)}",
        f"使い始められる日：{format_date_ja(personal.service_first_day)}",
        f"使える最後の日：{format_date_ja(personal.last_possible_day)}",
        "",
        f"・申請のめやす：{format_date_ja(window.start)}〜{format_date_ja(window.end)}",
        (
            f"・それまでの支援：{format_date_ja(personal.sending_office_period.end)}まで"
            "前の事業所がします"
        ),
    ]
    if reviews:
        lines.append(f"・計画の見直し：6か月ごと（1回目は{format_date_ja(reviews[0])}ごろまで）")
    if renewals:
        lines.append("・支給決定の更新：" + "、".join(format_date_ja(d) for d in renewals) + "ごろ")
    lines += ["", _today_line(personal), *personal.notes_ja]
    if renewals:
        lines.append("更新の間隔は市区町村によって違います。")
    lines.append(personal.disclaimer_ja)
    return "\n".join(lines)


def handover_text(personal: dates.PersonalDates) -> str:
    """The month-by-month handover before the end (004 §10), with the 3-month deadline."""
    handover = personal.handover
    lines = [
        f"使える最後の日は{format_date_ja(personal.last_possible_day)}です（目安）。",
        "終わる半年前から、引継ぎの準備をします。",
        "",
    ]
    for step in handover.steps:
        start = step.period.start
        lines.append(f"・{step.label_ja}（{start.year}年{start.month}月ごろ）：{step.text_ja}")
    lines += [
        "",
        (
            f"次の相談先への情報共有は、{format_date_ja(handover.info_sharing_deadline)}までに"
            "することになっています。"
        ),
        handover.after_end_text_ja,
        personal.disclaimer_ja,
    ]
    return "\n".join(lines)
