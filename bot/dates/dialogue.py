"""What the bot says about personal dates, and how it reads a date answer (pure; no Rasa imports).

The Rasa actions call these functions; tests call them directly. Slot values are plain strings so
they survive the tracker store: `start_date` is ISO (2024-04-01), `pending_month` is
"2024-4" or "-4" (year unknown), `date_problem` is "future", "far_future", "invalid:<reason>",
"return_given" or "work_start_given".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.dates import rules as dates
from bot.dates import texts
from bot.dates.leave import DateRole, LeaveServices, date_roles
from bot.dates.parse import (
    FUTURE_DATE_JA,
    INVALID_REASON_JA,
    DateParseResult,
    InvalidReason,
    ParseStatus,
    complete_with_day,
    format_wareki,
    is_future,
)

__all__ = [
    "ASK_DATE_JA",
    "ASK_RETURN_DATE_JA",
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
# 復職支援型 (002 §3(3)): asked after the person said they used 就労移行支援等 during the leave.
ASK_RETURN_DATE_JA = "復職した日を教えてください。\n" + DATE_EXAMPLES_JA
# After a leave without 就労移行支援等 (or when the person does not know): the 就職日 count
# (002 §2). The texts of bot.dates.texts.LEAVE_*_NOTES_JA say why; this is the question.
ASK_WORK_START_DATE_JA = (
    "就職した日を教えてください。\n休職する前に、働き始めた日です。\n" + DATE_EXAMPLES_JA
)
# The date flow takes a date up to a year ahead (a family or a sending office planning ahead).
FAR_FUTURE_DATE_JA = "その日は、1年より先のようです。1年以内の日付で教えてください。"
# A 復職日 given where the 就職日 was asked (「2025年1月10日に復職しました」), and the other way.
RETURN_DAY_GIVEN_JA = "復職した日は、わかりました。"
WORK_START_GIVEN_JA = "就職した日は、わかりました。"
ASK_EXTENDED_DATE_JA = "送り出し事業所を使い終わった日を教えてください。\n" + DATE_EXAMPLES_JA

# Words that name 労働時間延長支援型 (002 §3(2), 004 §5(1)).
_EXTENDED_WORDS = ("労働時間延長", "時間延長", "延長支援")

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
    """労働時間延長支援型 when a message names it, else None.

    A leave never sets a variant by itself: 復職支援型 is a way of using 就労移行支援等 during the
    leave (002 §3(3)), so the flow asks (bot.dates.leave) and sets the variant from the answer.
    """
    if any(word in text for word in _EXTENDED_WORDS):
        return dates.SupportVariant.EXTENDED_HOURS
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


def _slot_for(role: DateRole | None, asked: str) -> str | None:
    if role is DateRole.WORK_START:
        return "start_date"
    if role is DateRole.RETURN:
        return "return_date"
    if role is DateRole.LEAVE_START:
        return None  # the first day of the leave counts for nothing (002 §2, §3(3))
    return asked


def read_date_answer(
    text: str,
    *,
    today: date,
    pending_month: str | None = None,
    asked: str = "start_date",
    future_days: int = 0,
) -> DateSlots:
    """Read the dates of `text` (or finish a 「4月」 answer with the day).

    `asked` is the slot a date goes to when its words do not say what it is: "start_date" (the
    就職日, or the variant's date) or "return_date" (the 復職日). A date the words call a 就職日
    goes to start_date, one they call a 復職日 to return_date (bot.dates.leave.date_roles).

    `future_days`: how far ahead a date may be (0: none; the date flow allows a year, so that a
    family or a sending office can plan ahead, review §2.6).

    Returns the slot updates: a good date for `asked` clears the problem and the pending month;
    an impossible or too late date, or a month without a day, is kept out of the date slots. When
    only the other date is given, `date_problem` says so ("return_given" / "work_start_given").
    """
    by_slot: dict[str, list[DateParseResult]] = {}
    for item in date_roles(text, today=today):
        slot = _slot_for(item.role, asked)
        if slot is not None:
            by_slot.setdefault(slot, []).append(item.found.result)
    partial = _pending_to_partial(pending_month) if pending_month else None
    if partial is not None and asked not in by_slot:
        completed = complete_with_day(partial, text, today=today)
        if completed.status is not ParseStatus.NOT_FOUND:
            by_slot[asked] = [completed]
    values: dict[str, str | None] = {}
    problem: str | None = None
    pending: str | None = None
    for slot, results in by_slot.items():
        result = next((r for r in results if r.status is not ParseStatus.NEED_DAY), results[0])
        if result.status is ParseStatus.NEED_DAY:
            if slot == asked:
                year = "" if result.year is None else str(result.year)
                pending = f"{year}-{result.month}"
        elif result.status is ParseStatus.INVALID:
            reason = result.reason or InvalidReason.IMPOSSIBLE_DATE
            problem = problem or f"invalid:{reason.value}"
        elif result.value is not None and is_future(result.value, today + timedelta(future_days)):
            problem = problem or ("far_future" if future_days else "future")
        elif result.value is not None:
            values[slot] = result.value.isoformat()
    if asked in values:
        return DateSlots({**values, "date_problem": None, "pending_month": None})
    if problem is not None:
        return DateSlots({**values, "date_problem": problem, "pending_month": None})
    if pending is not None:
        return DateSlots({**values, "pending_month": pending, "date_problem": None})
    if values:
        other = "return_given" if "return_date" in values else "work_start_given"
        return DateSlots({**values, "date_problem": other})
    return DateSlots({})


def ask_date_text(
    *,
    variant: dates.SupportVariant = dates.SupportVariant.STANDARD,
    date_problem: str | None = None,
    pending_month: str | None = None,
    asked: str = "start_date",
    leave_services: LeaveServices | None = None,
) -> str:
    """The question for the date, with a kind explanation of what was wrong before.

    `asked` is the slot the form asks for (start_date or return_date); `leave_services` the
    answer about the leave, which decides whether the 就職日 is asked as such.
    """
    if pending_month:
        partial = _pending_to_partial(pending_month)
        if partial is not None and partial.month is not None:
            return f"{partial.month}月の何日ですか。\n例：1日、15日"
    lines: list[str] = []
    after_leave = leave_services is not None or date_problem == "return_given"
    if date_problem == "future":
        lines.append(FUTURE_DATE_JA)
    elif date_problem == "far_future":
        lines.append(FAR_FUTURE_DATE_JA)
    elif date_problem and date_problem.startswith("invalid:"):
        try:
            reason = InvalidReason(date_problem.split(":", 1)[1])
        except ValueError:
            reason = InvalidReason.IMPOSSIBLE_DATE
        lines.append(INVALID_REASON_JA[reason])
    elif date_problem == "return_given":
        lines.append(RETURN_DAY_GIVEN_JA)
    elif date_problem == "work_start_given" and asked == "return_date":
        lines.append(WORK_START_GIVEN_JA)
    elif variant is dates.SupportVariant.STANDARD and not after_leave and asked == "start_date":
        lines.append(GENERAL_RULE_JA)
    if asked == "return_date":
        lines.append(ASK_RETURN_DATE_JA)
    elif variant is dates.SupportVariant.EXTENDED_HOURS:
        lines.append(ASK_EXTENDED_DATE_JA)
    elif after_leave:
        if leave_services is LeaveServices.NOT_USED:
            lines.append(texts.LEAVE_NOT_USED_NOTES_JA[0])
        elif leave_services is LeaveServices.UNKNOWN:
            lines.append(UNKNOWN_COUNTS_FROM_WORK_START_JA)
        lines.append(ASK_WORK_START_DATE_JA)
    else:
        lines.append(ASK_DATE_JA)
    return "\n".join(lines)


# The person does not know whether 就労移行支援等 were used: the flow counts from the 就職日.
UNKNOWN_COUNTS_FROM_WORK_START_JA = "わからないときは、ここでは就職した日から数えます。"


def _input_label(variant: dates.SupportVariant, *, ahead: bool = False) -> str:
    """What the date the user gave is: 「働き始めた日」, or 「働き始める日」 for one still to come."""
    if variant is dates.SupportVariant.RETURN_TO_WORK:
        return "復職する日" if ahead else "復職した日"
    if variant is dates.SupportVariant.EXTENDED_HOURS:
        return "送り出し事業所を使い終わる日" if ahead else "送り出し事業所を使い終わった日"
    return "働き始める日" if ahead else "働き始めた日"


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
        f"{_input_label(personal.variant, ahead=personal.input_date > personal.today)}："
        f"{western_date_ja(personal.input_date)}",
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
    lines += [f"・{step.label_ja}：{step.text_ja}" for step in handover.steps]
    lines.append("")
    if personal.last_day_is_firm:
        deadline = western_date_ja(handover.info_sharing_deadline)
        lines.append("続けて支援が必要な人は、次の相談先と情報を共有します。")
        lines.append(f"最長まで使った場合、{deadline}までです。")
    else:
        lines.append(INFO_SHARING_NO_DATE_JA)
    lines += [INFO_SHARING_CONSENT_JA, handover.after_end_text_ja, personal.disclaimer_ja]
    return "\n".join(lines)
