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
from bot.dates import texts
from bot.dates.parse import (
    FUTURE_DATE_JA,
    INVALID_REASON_JA,
    DateParseResult,
    InvalidReason,
    ParseStatus,
    complete_with_day,
    format_wareki,
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

# Examples of the input formats; one calendar per line (the 和暦 line also shows R6.4.1).
DATE_EXAMPLES_JA = "例：2024年4月1日\n和暦でも大丈夫です。例：令和6年4月1日、R6.4.1"
ASK_DATE_JA = "働き始めた日を教えてください。\n" + DATE_EXAMPLES_JA
# Said before the first question (FACTS.md "Period and dates"), so that a general
# 「いつから使える？」 is answered even before the date is given.
GENERAL_RULE_JA = "ふつうは、就職して7か月目から使えます。日付から計算します。"
# 復職支援型 counts from the return only after 就労移行支援等 during the leave (002 §3(3)); until
# the flow asks that question, the question for the date says both cases.
ASK_RETURN_DATE_JA = (
    "休職中に就労移行支援などを使った場合は、復職した日から数えます。\n"
    "復職した日を教えてください。\n"
    "使っていない場合は、就職した日から数えます。\n"
    "「〇年〇月〇日に就職して休職」のように教えてください。\n" + DATE_EXAMPLES_JA
)
ASK_EXTENDED_DATE_JA = "送り出し事業所を使い終わった日を教えてください。\n" + DATE_EXAMPLES_JA

# Words that pick the variant (002 §3(2)(3), 004 §5). A leave alone does not make 復職支援型:
# that is a way of using 就労移行支援等 during the leave, and a leave during 就労定着支援 keeps
# the 就職 count (002 §2). See detect_variant.
_EXTENDED_WORDS = ("労働時間延長", "時間延長", "延長支援")
_RETURN_TYPE_WORDS = ("復職支援型", "ふくしょくしえんがた")
_LEAVE_WORDS = ("復職", "休職", "職場復帰", "ふくしょく")
# Services that the 復職支援型 留意事項 names (就労移行支援、就労継続支援A型・B型).
_SERVICE_DURING_LEAVE_WORDS = (
    "就労移行",
    "移行支援",
    "就労継続",
    "A型",
    "Ａ型",
    "B型",
    "Ｂ型",
)
_WORK_START_WORDS = ("就職", "働き始め", "はたらきはじめ", "入社", "しゅうしょく")

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


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(word in text for word in words)


def detect_variant(text: str) -> dates.SupportVariant | None:
    """The variant a message names, or None when it names none.

    - 労働時間延長支援型 when it is named;
    - 復職支援型 when it is named, or a leave is mentioned together with 就労移行支援 or A型・B型;
    - STANDARD when a leave is mentioned together with the start of work (「2023年4月1日に就職
      して、途中で休職しました」): the 就職 count stays (002 §2), and the date given is 就職日;
    - 復職支援型 for a leave or return alone (「2025年1月10日に復職しました」): the date given is
      then the day of return, and the texts say that this count holds only after 就労移行支援等
      during the leave (texts.RETURN_TO_WORK_NOTES_JA). Phase 2 asks that question instead.
    """
    if _has(text, _EXTENDED_WORDS):
        return dates.SupportVariant.EXTENDED_HOURS
    if _has(text, _RETURN_TYPE_WORDS):
        return dates.SupportVariant.RETURN_TO_WORK
    if not _has(text, _LEAVE_WORDS):
        return None
    if _has(text, _SERVICE_DURING_LEAVE_WORDS):
        return dates.SupportVariant.RETURN_TO_WORK
    if _has(text, _WORK_START_WORDS):
        return dates.SupportVariant.STANDARD
    return dates.SupportVariant.RETURN_TO_WORK


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


def western_date_ja(d: date) -> str:
    """「2024年10月1日」: the 西暦 only; the 和暦 goes on its own line (wareki_line)."""
    return f"{d.year}年{d.month}月{d.day}日"


def wareki_line(d: date) -> list[str]:
    """The 和暦 of `d` as a line of its own, 「（令和6年10月1日）」; none before 昭和."""
    wareki = format_wareki(d)
    return [] if wareki is None else [f"（{wareki}）"]


def _dated_line(label: str, d: date) -> list[str]:
    return [f"{label}：{western_date_ja(d)}", *wareki_line(d)]


# When the dates of 労働時間延長支援型 end (texts.EXTENDED_HOURS_NOTES_JA says why).
LAST_DAY_NOT_FIRM_JA = "使える最後の日：市区町村に確かめてください"
# The sending office's part of the first 6 months differs by its kind (002 §2–3, 004 §4):
# a duty for 就労移行支援, an effort for A型・B型 and the others. The date flow does not ask.
SENDING_OFFICE_NOTE_JA = "前の事業所がどこまで支えるかは、事業所の種類で違います。"
# The usual application months (002 §3) are over, the service has not started yet.
WINDOW_PASSED_LINE_JA = "・申請のめやすの時期は過ぎています。早めに申請してください"
# Notes about applying, left out once the service can be used.
APPLICATION_NOTES_JA = (texts.APPLY_EARLY_NOTE_JA, texts.APPLY_EARLY_VARIANT_NOTE_JA)
# Renewal as the FAQ says it (utter_faq_renewal): the sources differ on the interval.
RENEWAL_SOURCES_DIFFER_JA = "更新は6か月ごととする資料もあります。市区町村に確かめてください。"


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
        if not personal.last_day_is_firm:
            return "今は、使い始められる日を過ぎています。"
        return f"今は使える期間の中です。最後の日まで、あと{status.days_to_last_day}日です。"
    return "使える期間は、もう終わっています。"


def personal_dates_text(personal: dates.PersonalDates) -> str:
    """A short timeline: conclusion (first and last day) first, then the details.

    One calendar per line: the 西暦, and the 和暦 of the two conclusions on a line of its own.
    """
    window = personal.application_window
    reviews = personal.plan_reviews
    renewals = personal.renewals.dates
    notes = personal.notes_ja
    sending_end = personal.sending_office_period.end
    # 復職支援型: the condition comes before the dates it conditions.
    lead = [texts.RETURN_TO_WORK_CONDITION_JA] if texts.RETURN_TO_WORK_CONDITION_JA in notes else []
    lines = [
        *lead,
        f"{_input_label(personal.variant)}：{western_date_ja(personal.input_date)}",
        *_dated_line("使い始められる日", personal.service_first_day),
    ]
    if personal.last_day_is_firm:
        lines += _dated_line("使える最後の日", personal.last_possible_day)
    else:
        lines.append(LAST_DAY_NOT_FIRM_JA)
    lines.append("")
    # The application matters only before the service can start (D15 of the review).
    before_service = personal.today_status.phase in (
        dates.Phase.BEFORE_START,
        dates.Phase.SENDING_OFFICE_PERIOD,
    )
    if window is not None and before_service:
        if personal.today > window.end:
            lines.append(WINDOW_PASSED_LINE_JA)
        else:
            lines.append(
                f"・申請のめやす：{western_date_ja(window.start)}〜{western_date_ja(window.end)}"
            )
    lines.append(f"・{western_date_ja(sending_end)}ごろまでは、前の事業所が支える時期です")
    if reviews:
        lines.append("・計画の見直し：少なくとも6か月ごと")
        lines.append(f"・1回目の見直し：{western_date_ja(reviews[0])}ごろまで")
    if renewals:
        lines.append(
            "・更新（1年ごとの場合）：" + "、".join(western_date_ja(d) for d in renewals) + "ごろ"
        )
    rest = [
        note
        for note in notes
        if note not in lead and (before_service or note not in APPLICATION_NOTES_JA)
    ]
    lines += ["", _today_line(personal), *rest, SENDING_OFFICE_NOTE_JA]
    if renewals:
        lines.append(RENEWAL_SOURCES_DIFFER_JA)
    lines.append(personal.disclaimer_ja)
    return "\n".join(lines)


# The handover (004 §10) is the office's work, shown as the manual's example, not as fixed
# months; it assumes the service runs to its maximum (D14 of the review).
HANDOVER_INTRO_JA = (
    "マニュアルの例では、終わる半年前ごろから、事業所が次のように準備します。",
    "引継ぎは、必要な人に、本人の希望を聞いてします。",
)
HANDOVER_NO_END_JA = (
    "使える最後の日は、資料によって数え方が違います。",
    "そのため、月ごとの日付は出せません。",
)
INFO_SHARING_NO_DATE_JA = (
    "続けて支援が必要な人は、終わる3か月前までに、次の相談先と情報を共有します。"
)
INFO_SHARING_CONSENT_JA = "情報の共有は、本人の同意を得てからです。"


def _months_before_label(months_before_end: int) -> str:
    return "終わる月" if months_before_end == 0 else f"{months_before_end}か月前"


def handover_text(personal: dates.PersonalDates) -> str:
    """The handover before the end (004 §10) and the 3-month rule (002 §31 イ)."""
    handover = personal.handover
    if personal.last_day_is_firm:
        last = personal.last_possible_day
        lines = [
            "最長まで使った場合の、使える最後の日です。",
            f"{western_date_ja(last)}（目安）",
            *wareki_line(last),
        ]
    else:
        lines = list(HANDOVER_NO_END_JA)
    lines += [*HANDOVER_INTRO_JA, "", f"・半年より前：{handover.before_text_ja}"]
    lines += [
        f"・{_months_before_label(step.months_before_end)}：{step.text_ja}"
        for step in handover.steps
    ]
    lines.append("")
    if personal.last_day_is_firm:
        deadline = western_date_ja(handover.info_sharing_deadline)
        lines.append("続けて支援が必要な人は、次の相談先と情報を共有します。")
        lines.append(f"最長まで使った場合、{deadline}までです。")
    else:
        lines.append(INFO_SHARING_NO_DATE_JA)
    lines += [INFO_SHARING_CONSENT_JA, handover.after_end_text_ja, personal.disclaimer_ja]
    return "\n".join(lines)
