"""Date rules for 就労定着支援 (employment-retention support).

Pure domain code: no Rasa / FastAPI imports, so it can be unit-tested and
reused by actions and the API alike.

Sources (see /work/shared/FACTS.md and /work/shared/seeds/):
- FACTS.md "Period and dates"
- 002_c44a9c1a033e23c4.txt §2, §3 (制度の仕組み, 労働時間延長支援型, 復職支援型),
  §14 (計画の見直し), §31 (支援体制構築未実施減算の確認事項 イ; 002's headings follow their
  text, so the passage before the heading 「31．」 is §31, as FACTS.md cites it)
- 004_eb78f6d728725137.txt §5 (制度設計), §10 (サービス終了を見越した支援)

Where the sources leave a date open, the rules say so instead of choosing one: the variants get
no application window (002 §3 gives 就職後4〜5月目 for the standard case only), and
労働時間延長支援型 gets no firm last day (PersonalDates.last_day_is_firm). docs/facts.md has the
reasoning; facts.yml the passages.

Month arithmetic follows 民法 §140/§143 with the first day counted as day 1
(初日算入), as the sources phrase it: 「復職した日を1日目として6月後」.
All dates shown to users are estimates (目安); the 受給者証 and the
municipality decide the official period.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from enum import Enum

from bot.dates.texts import (
    APPLY_EARLY_NOTE_JA,
    APPLY_EARLY_VARIANT_NOTE_JA,
    DISCLAIMER_JA,
    EXTENDED_HOURS_NOTES_JA,
    HANDOVER_AFTER_END_TEXT_JA,
    HANDOVER_BEFORE_TEXT_JA,
    HANDOVER_STEPS_JA,
    LEAVE_NOT_USED_NOTES_JA,
    LEAVE_UNKNOWN_NOTES_JA,
    RENEWAL_NOTE_JA,
    RETURN_TO_WORK_NOTES_JA,
)

__all__ = [
    "APPLICATION_FIRST_MONTH",
    "APPLICATION_LAST_MONTH",
    "HANDOVER_START_MONTHS_BEFORE_END",
    "INFO_SHARING_MONTHS_BEFORE_END",
    "PLAN_REVIEW_INTERVAL_MONTHS",
    "SENDING_OFFICE_MONTHS",
    "SERVICE_MONTHS",
    "TOTAL_MONTHS",
    "DateRange",
    "HandoverStep",
    "HandoverTimeline",
    "PersonalDates",
    "Phase",
    "RenewalSchedule",
    "SupportVariant",
    "TodayStatus",
    "add_months_corresponding",
    "application_window",
    "compute_personal_dates",
    "dates_after_leave",
    "handover_timeline",
    "info_sharing_deadline",
    "last_possible_day",
    "month_range",
    "period_end",
    "period_month",
    "period_start",
    "plan_review_dates",
    "renewal_schedule",
    "sending_office_period",
    "service_first_day",
    "service_period",
    "today_in_japan",
    "variant_notes_ja",
    "where_is_today",
]

# Japan has one time zone and no daylight saving time; servers may run in UTC.
JST = timezone(timedelta(hours=9), "JST")


def today_in_japan() -> date:
    """Today's date in Japan, which every "today" of the date rules means."""
    return datetime.now(JST).date()


# FACTS.md "Eligibility"/"Period and dates"; 002 §2: the sending office
# supports for the first 6 months after starting work.
SENDING_OFFICE_MONTHS = 6
# FACTS.md "Period and dates"; 002 §2(5): 就労定着支援 lasts at most 3 years.
SERVICE_MONTHS = 36
# 000, 001, 003; 002 §2: "就職後7ヶ月目から就職後3年6ヶ月まで" -> 42 months in all.
TOTAL_MONTHS = SENDING_OFFICE_MONTHS + SERVICE_MONTHS
# 002 §3 timeline: 就職後4〜5月目 is the application step.
APPLICATION_FIRST_MONTH = 4
APPLICATION_LAST_MONTH = 5
# 002 §14: 少なくとも6月に1回以上、就労定着支援計画の見直し.
PLAN_REVIEW_INTERVAL_MONTHS = 6
# 002 §31 イ: share information with the next agencies 「提供を行う期間が終了する３月以上前に、
# 要継続支援利用者の同意を得て」 — for users who need support after the end, with consent.
INFO_SHARING_MONTHS_BEFORE_END = 3
# 002 §31: 「サービス終了予定の6月前を目安に動き始めることも一考されます」; 004 §10 timeline.
HANDOVER_START_MONTHS_BEFORE_END = 6


class SupportVariant(str, Enum):
    """How the 6-month period before 就労定着支援 is anchored."""

    # Input: 就職日. FACTS.md "Period and dates"; 002 §2.
    STANDARD = "standard"
    # 復職支援型. Input: day of return, counted as day 1. 002 §3(3), 004 §5(2).
    RETURN_TO_WORK = "return_to_work"
    # 労働時間延長支援型. Input: last day at the sending office; counting starts
    # the next day (「利用終了日の翌日から起算して6月」). 002 §3(2), 004 §5(1).
    EXTENDED_HOURS = "extended_hours"


class Phase(str, Enum):
    """Where a given day falls in the person's timeline."""

    BEFORE_START = "before_start"
    SENDING_OFFICE_PERIOD = "sending_office_period"
    IN_SERVICE = "in_service"
    OVER = "over"


@dataclass(frozen=True)
class DateRange:
    """Inclusive range of days."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"range end {self.end} before start {self.start}")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class RenewalSchedule:
    """Estimated yearly renewal dates of the 支給決定; the sources differ on the interval."""

    dates: tuple[date, ...]
    sources_differ: bool = True
    note_ja: str = RENEWAL_NOTE_JA


@dataclass(frozen=True)
class HandoverStep:
    months_before_end: int  # 6..1, 0 = the end month
    label_ja: str  # "6か月前" .. "1か月前", "終わる月" (the figure's 6月前 .. サービス終了月)
    period: DateRange
    text_ja: str
    # True for the 3月前 step: information must be shared by its last day.
    is_info_sharing_deadline: bool


@dataclass(frozen=True)
class HandoverTimeline:
    steps: tuple[HandoverStep, ...]
    info_sharing_deadline: date
    before_text_ja: str = HANDOVER_BEFORE_TEXT_JA
    after_end_text_ja: str = HANDOVER_AFTER_END_TEXT_JA


@dataclass(frozen=True)
class TodayStatus:
    """Position of `today`; fields not relevant to the phase are None."""

    phase: Phase
    today: date
    # BEFORE_START: days until the period starts.
    days_until_start: int | None = None
    # SENDING_OFFICE_PERIOD and IN_SERVICE: month N counted from the period
    # start (1..6 with the sending office, 7..42 in service).
    period_month: int | None = None
    # SENDING_OFFICE_PERIOD: days until the first possible service day.
    days_until_service_start: int | None = None
    # IN_SERVICE: service month M of SERVICE_MONTHS.
    service_month: int | None = None
    # IN_SERVICE: days from today to the last possible day (0 on that day).
    days_to_last_day: int | None = None
    # OVER: days since the last possible day (1 on the day after).
    days_since_end: int | None = None


@dataclass(frozen=True)
class PersonalDates:
    """Everything the bot can tell one person; all dates are 目安."""

    input_date: date
    variant: SupportVariant
    today: date
    period_start: date
    sending_office_period: DateRange
    # 就職後4〜5月目 for the standard case; None for the variants (no source gives a month).
    application_window: DateRange | None
    service_first_day: date
    # The latest day the count allows. For 労働時間延長支援型 it is only an upper bound: the sources
    # differ on the end (last_day_is_firm is False), so texts must not state it as the last day.
    last_possible_day: date
    service_period: DateRange
    plan_reviews: tuple[date, ...]
    renewals: RenewalSchedule
    handover: HandoverTimeline
    today_status: TodayStatus
    notes_ja: tuple[str, ...]
    last_day_is_firm: bool = True
    disclaimer_ja: str = DISCLAIMER_JA
    is_estimate: bool = True


# --- month arithmetic (民法 §140, §143; 初日算入) -----------------------------


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def add_months_corresponding(start: date, months: int) -> date:
    """First day after a period of `months` months that starts on `start`.

    It is the day in the month `months` later with the same day number as
    `start`; when that month has no such day, the period ended on its last
    day (民法 §143②ただし書), so the result is the 1st of the next month.
    Always equals period_end(start, months) + 1 day.
    """
    if months < 0:
        raise ValueError("months must be >= 0")
    year, month = _shift_month(start.year, start.month, months)
    last = calendar.monthrange(year, month)[1]
    if start.day <= last:
        return date(year, month, start.day)
    return date(year, month, last) + timedelta(days=1)


def period_end(start: date, months: int) -> date:
    """Last day of a period of `months` months with `start` as day 1.

    民法 §143②: it ends the day before the corresponding day; with no
    corresponding day, on the last day of that month.
    """
    return add_months_corresponding(start, months) - timedelta(days=1)


def month_range(start: date, n: int) -> DateRange:
    """Days of month `n` (1-based) of a period starting on `start`."""
    if n < 1:
        raise ValueError("n must be >= 1")
    return DateRange(add_months_corresponding(start, n - 1), period_end(start, n))


def period_month(start: date, day: date) -> int:
    """1-based month of the period starting on `start` that contains `day`."""
    if day < start:
        raise ValueError("day is before the start of the period")
    # Calendar-month difference is right or one too high; step down if needed.
    n = max(1, (day.year - start.year) * 12 + day.month - start.month + 1)
    while n > 1 and add_months_corresponding(start, n - 1) > day:
        n -= 1
    while period_end(start, n) < day:
        n += 1
    return n


# --- rules ----------------------------------------------------------------


def period_start(*, variant: SupportVariant, input_date: date) -> date:
    """Day 1 of the 6-month period with the sending office."""
    if variant is SupportVariant.EXTENDED_HOURS:
        # 002 §3(2), 004 §5(1): 「利用終了日の翌日から起算して6月」.
        return input_date + timedelta(days=1)
    # STANDARD: 就職日 (002 §2). RETURN_TO_WORK: 「復職した日を1日目として」
    # (002 §3(3), 004 §5(2)).
    return input_date


def sending_office_period(start: date) -> DateRange:
    """The sending office's 6 months (002 §2; FACTS.md "Eligibility")."""
    return DateRange(start, period_end(start, SENDING_OFFICE_MONTHS))


def application_window(start: date) -> DateRange:
    """就職後4〜5月目: usual time to apply for the 受給者証 (002 §3 timeline).

    Applying earlier is possible (003); the bot should say "apply early".
    """
    return DateRange(
        add_months_corresponding(start, APPLICATION_FIRST_MONTH - 1),
        period_end(start, APPLICATION_LAST_MONTH),
    )


def service_first_day(start: date) -> date:
    """First day 就労定着支援 can be used: 6 months after `start` (002 §2, §3)."""
    return add_months_corresponding(start, SENDING_OFFICE_MONTHS)


def last_possible_day(start: date) -> date:
    """Last possible day: 3年6か月 after `start` (FACTS.md; 002 §2(5), §3(3)).

    For 労働時間延長支援型 the text gives no end and the figure counts from 就職 (「最長就職後
    3年6カ月」), which the bot does not know; 42 months from the period start is then only the
    latest day the 3-year maximum allows, an upper bound (PersonalDates.last_day_is_firm).
    """
    return period_end(start, TOTAL_MONTHS)


def service_period(start: date) -> DateRange:
    return DateRange(service_first_day(start), last_possible_day(start))


def plan_review_dates(start: date) -> tuple[date, ...]:
    """Latest dates for each 6-monthly plan review (002 §14: 少なくとも6月に1回).

    Counted from the period start (service month 7, 13, ...) so they line up
    with the month numbers the bot uses; the service start is month 7.
    """
    last = last_possible_day(start)
    reviews: list[date] = []
    months = SENDING_OFFICE_MONTHS + PLAN_REVIEW_INTERVAL_MONTHS
    while (review := add_months_corresponding(start, months)) <= last:
        reviews.append(review)
        months += PLAN_REVIEW_INTERVAL_MONTHS
    return tuple(reviews)


def renewal_schedule(start: date) -> RenewalSchedule:
    """Yearly renewals, at the start of service years 2 and 3.

    002 §5 figure shows renewals at year 2 and 3; 003 says yearly, 001 says
    every 6 months (FACTS.md "Period and dates"), hence the note flag.
    """
    dates = tuple(
        add_months_corresponding(start, SENDING_OFFICE_MONTHS + 12 * year) for year in (1, 2)
    )
    return RenewalSchedule(dates=dates)


def info_sharing_deadline(start: date) -> date:
    """Share information with the next agencies by this day.

    002 §31 イ: 「終了する３月以上前に、要継続支援利用者の同意を得て…共有」 -> the last day
    before the final 3 months of the service (for users who need support after the end).
    """
    return period_end(start, TOTAL_MONTHS - INFO_SHARING_MONTHS_BEFORE_END)


def handover_timeline(start: date) -> HandoverTimeline:
    """Month-by-month handover steps before the end (004 §10; 002 §31), from the last possible day.

    It assumes the service runs to its maximum; texts must say so (「最長まで使った場合」).
    """
    steps = tuple(
        HandoverStep(
            months_before_end=before,
            label_ja=label,
            period=month_range(start, TOTAL_MONTHS - before),
            text_ja=text,
            is_info_sharing_deadline=before == INFO_SHARING_MONTHS_BEFORE_END,
        )
        for before, label, text in HANDOVER_STEPS_JA
    )
    return HandoverTimeline(steps=steps, info_sharing_deadline=info_sharing_deadline(start))


def where_is_today(
    start: date, today: date, variant: SupportVariant = SupportVariant.STANDARD
) -> TodayStatus:
    """Where `today` falls; `start` is the input date as given for `variant`."""
    first = period_start(variant=variant, input_date=start)
    if today < first:
        return TodayStatus(
            phase=Phase.BEFORE_START, today=today, days_until_start=(first - today).days
        )
    service_start = service_first_day(first)
    last = last_possible_day(first)
    if today > last:
        return TodayStatus(phase=Phase.OVER, today=today, days_since_end=(today - last).days)
    month = period_month(first, today)
    if today < service_start:
        return TodayStatus(
            phase=Phase.SENDING_OFFICE_PERIOD,
            today=today,
            period_month=month,
            days_until_service_start=(service_start - today).days,
        )
    return TodayStatus(
        phase=Phase.IN_SERVICE,
        today=today,
        period_month=month,
        service_month=month - SENDING_OFFICE_MONTHS,
        days_to_last_day=(last - today).days,
    )


def variant_notes_ja(variant: SupportVariant) -> tuple[str, ...]:
    """Short notes on how the input date was read (sources per variant)."""
    if variant is SupportVariant.RETURN_TO_WORK:
        return RETURN_TO_WORK_NOTES_JA
    if variant is SupportVariant.EXTENDED_HOURS:
        return EXTENDED_HOURS_NOTES_JA
    return ()


def compute_personal_dates(
    *, start: date, variant: SupportVariant = SupportVariant.STANDARD, today: date
) -> PersonalDates:
    """Bundle every date rule for one person.

    `start` is the date the user gave: 就職日 (STANDARD), 復職日
    (RETURN_TO_WORK) or the last day at the sending office (EXTENDED_HOURS).
    Rejecting a future `start` is the caller's job (see jdate.is_future);
    here it simply yields Phase.BEFORE_START.
    """
    first = period_start(variant=variant, input_date=start)
    standard = variant is SupportVariant.STANDARD
    notes = (
        *variant_notes_ja(variant),
        APPLY_EARLY_NOTE_JA if standard else APPLY_EARLY_VARIANT_NOTE_JA,
    )
    return PersonalDates(
        input_date=start,
        variant=variant,
        today=today,
        period_start=first,
        sending_office_period=sending_office_period(first),
        application_window=application_window(first) if standard else None,
        service_first_day=service_first_day(first),
        last_possible_day=last_possible_day(first),
        service_period=service_period(first),
        plan_reviews=plan_review_dates(first),
        renewals=renewal_schedule(first),
        handover=handover_timeline(first),
        today_status=where_is_today(start, today, variant),
        notes_ja=notes,
        last_day_is_firm=variant is not SupportVariant.EXTENDED_HOURS,
    )


def dates_after_leave(
    *,
    work_start: date | None,
    return_day: date | None,
    used_services_during_leave: bool | None,
    today: date,
) -> PersonalDates:
    """The dates of someone who returned to work after a leave.

    Only a person who used 就労移行支援等 during the leave (復職支援型, 002 §3(3), 004 §5(2)) counts
    from the day of return. Anyone else keeps the count from 就職日: a leave, even one during
    就労定着支援, does not restart or extend the period (002 §2 「その期間が就職後から３年６カ月以内
    であることに留意」; FACTS.md "Period and dates"). `used_services_during_leave` None means the
    person does not know: the 就職日 count, with notes that say what would change it.

    The date the count needs (`return_day` after the services, else `work_start`) must be given.
    """
    if used_services_during_leave:
        if return_day is None:
            raise ValueError("the count runs from the day of return: return_day is needed")
        return compute_personal_dates(
            start=return_day, variant=SupportVariant.RETURN_TO_WORK, today=today
        )
    if work_start is None:
        raise ValueError("the count runs from the start of work: work_start is needed")
    personal = compute_personal_dates(
        start=work_start, variant=SupportVariant.STANDARD, today=today
    )
    notes = (
        LEAVE_NOT_USED_NOTES_JA if used_services_during_leave is False else LEAVE_UNKNOWN_NOTES_JA
    )
    return replace(personal, notes_ja=(*notes, *personal.notes_ja))
