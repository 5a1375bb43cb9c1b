"""Date rules of 就労定着支援 (bot/dates/rules.py): one table per rule (properties: test_rules_properties.py)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dates.rules import (
    DateRange,
    Phase,
    SupportVariant,
    add_months_corresponding,
    application_window,
    compute_personal_dates,
    dates_after_leave,
    handover_timeline,
    info_sharing_deadline,
    last_possible_day,
    month_range,
    period_end,
    period_month,
    period_start,
    plan_review_dates,
    renewal_schedule,
    sending_office_period,
    service_first_day,
    where_is_today,
)
from bot.dates.texts import (
    DISCLAIMER_JA,
    LEAVE_NOT_USED_NOTES_JA,
    LEAVE_UNKNOWN_NOTES_JA,
    RETURN_TO_WORK_CONDITION_JA,
)

D = date
STANDARD = SupportVariant.STANDARD
RETURN = SupportVariant.RETURN_TO_WORK
EXTENDED = SupportVariant.EXTENDED_HOURS

# --- month arithmetic (民法 §140/§143, 初日算入) ---------------------------------

MONTH_CASES = [
    # start, months, period_end, add_months_corresponding
    pytest.param(D(2024, 4, 1), 6, D(2024, 9, 30), D(2024, 10, 1), id="1st-of-month"),
    pytest.param(D(2025, 1, 15), 6, D(2025, 7, 14), D(2025, 7, 15), id="mid-month"),
    pytest.param(D(2023, 8, 31), 6, D(2024, 2, 29), D(2024, 3, 1), id="aug31-to-leap-feb"),
    pytest.param(D(2022, 8, 31), 6, D(2023, 2, 28), D(2023, 3, 1), id="aug31-to-feb"),
    pytest.param(D(2027, 8, 31), 6, D(2028, 2, 29), D(2028, 3, 1), id="aug31-to-2028-leap"),
    pytest.param(D(2099, 8, 31), 6, D(2100, 2, 28), D(2100, 3, 1), id="2100-not-leap"),
    pytest.param(D(2024, 1, 31), 1, D(2024, 2, 29), D(2024, 3, 1), id="jan31-leap"),
    pytest.param(D(2023, 1, 31), 1, D(2023, 2, 28), D(2023, 3, 1), id="jan31"),
    pytest.param(D(2024, 1, 31), 6, D(2024, 7, 30), D(2024, 7, 31), id="jan31-to-jul"),
    pytest.param(D(2024, 2, 29), 12, D(2025, 2, 28), D(2025, 3, 1), id="feb29-plus-year"),
    pytest.param(D(2024, 2, 29), 48, D(2028, 2, 28), D(2028, 2, 29), id="feb29-plus-4y"),
    pytest.param(D(2024, 12, 31), 1, D(2025, 1, 30), D(2025, 1, 31), id="dec31-1"),
    pytest.param(D(2024, 12, 31), 2, D(2025, 2, 28), D(2025, 3, 1), id="dec31-2"),
    pytest.param(D(2024, 12, 31), 6, D(2025, 6, 30), D(2025, 7, 1), id="dec31-to-june"),
    pytest.param(D(2024, 12, 31), 12, D(2025, 12, 30), D(2025, 12, 31), id="dec31-12"),
    pytest.param(D(2024, 3, 31), 6, D(2024, 9, 30), D(2024, 10, 1), id="mar31-to-sep"),
    pytest.param(D(2024, 5, 31), 6, D(2024, 11, 30), D(2024, 12, 1), id="may31-to-nov"),
    pytest.param(D(2024, 7, 1), 6, D(2024, 12, 31), D(2025, 1, 1), id="year-wrap"),
    pytest.param(D(2024, 1, 1), 0, D(2023, 12, 31), D(2024, 1, 1), id="zero-months"),
    pytest.param(D(2024, 4, 1), 42, D(2027, 9, 30), D(2027, 10, 1), id="3y6m"),
]


@pytest.mark.parametrize(("start", "months", "end", "after"), MONTH_CASES)
def test_month_arithmetic(start: date, months: int, end: date, after: date) -> None:
    assert period_end(start, months) == end
    assert add_months_corresponding(start, months) == after


def test_negative_months_rejected() -> None:
    with pytest.raises(ValueError, match="months"):
        add_months_corresponding(D(2024, 4, 1), -1)


@pytest.mark.parametrize(
    ("start", "day", "month"),
    [
        pytest.param(D(2024, 1, 31), D(2024, 1, 31), 1, id="first-day"),
        pytest.param(D(2024, 1, 31), D(2024, 2, 29), 1, id="end-of-month-1"),
        pytest.param(D(2024, 1, 31), D(2024, 3, 1), 2, id="rollover-day"),
        pytest.param(D(2024, 1, 31), D(2024, 3, 30), 2, id="end-of-month-2"),
        pytest.param(D(2024, 1, 31), D(2024, 3, 31), 3, id="start-of-month-3"),
        pytest.param(D(2024, 4, 1), D(2024, 10, 1), 7, id="service-start"),
        pytest.param(D(2024, 4, 1), D(2027, 9, 30), 42, id="last-day"),
    ],
)
def test_period_month(start: date, day: date, month: int) -> None:
    assert period_month(start, day) == month
    assert day in month_range(start, month)


def test_period_month_before_start_rejected() -> None:
    with pytest.raises(ValueError, match="before"):
        period_month(D(2024, 4, 1), D(2024, 3, 31))


def test_date_range() -> None:
    r = DateRange(D(2024, 4, 1), D(2024, 4, 30))
    assert r.days == 30
    assert D(2024, 4, 30) in r
    assert D(2024, 5, 1) not in r
    assert "2024-04-01" not in r
    with pytest.raises(ValueError, match="before"):
        DateRange(D(2024, 4, 2), D(2024, 4, 1))


# --- required examples and month ends (002 §2, §3; FACTS.md "Period and dates") ---

PERSON_CASES = [
    # start of work, sending-office end, first service day, last possible day
    pytest.param(D(2024, 4, 1), D(2024, 9, 30), D(2024, 10, 1), D(2027, 9, 30), id="2024-04-01"),
    pytest.param(D(2025, 1, 15), D(2025, 7, 14), D(2025, 7, 15), D(2028, 7, 14), id="2025-01-15"),
    pytest.param(D(2023, 8, 31), D(2024, 2, 29), D(2024, 3, 1), D(2027, 2, 28), id="2023-08-31"),
    pytest.param(D(2024, 1, 31), D(2024, 7, 30), D(2024, 7, 31), D(2027, 7, 30), id="jan31"),
    pytest.param(D(2024, 12, 31), D(2025, 6, 30), D(2025, 7, 1), D(2028, 6, 30), id="dec31"),
    pytest.param(D(2024, 2, 29), D(2024, 8, 28), D(2024, 8, 29), D(2027, 8, 28), id="feb29"),
    # Feb 2025 has no 29th, Feb 2028 has: the 42-month end is the day before 2028-02-29.
    pytest.param(D(2024, 8, 29), D(2025, 2, 28), D(2025, 3, 1), D(2028, 2, 28), id="aug29-leap"),
    pytest.param(D(2027, 8, 31), D(2028, 2, 29), D(2028, 3, 1), D(2031, 2, 28), id="to-2028"),
    pytest.param(D(2099, 8, 31), D(2100, 2, 28), D(2100, 3, 1), D(2103, 2, 28), id="to-2100"),
]


@pytest.mark.parametrize(("start", "sending_end", "first", "last"), PERSON_CASES)
def test_service_dates(start: date, sending_end: date, first: date, last: date) -> None:
    assert sending_office_period(start) == DateRange(start, sending_end)
    assert service_first_day(start) == first
    assert last_possible_day(start) == last
    assert last == period_end(start, 42)


@pytest.mark.parametrize(
    ("variant", "given", "day1", "first", "last"),
    [
        pytest.param(
            STANDARD, D(2024, 4, 1), D(2024, 4, 1), D(2024, 10, 1), D(2027, 9, 30), id="standard"
        ),
        # 002 §3(3), 004 §5(2): 復職した日を1日目として6月後.
        pytest.param(
            RETURN,
            D(2024, 4, 1),
            D(2024, 4, 1),
            D(2024, 10, 1),
            D(2027, 9, 30),
            id="return-to-work",
        ),
        pytest.param(
            RETURN, D(2023, 8, 31), D(2023, 8, 31), D(2024, 3, 1), D(2027, 2, 28), id="return-aug31"
        ),
        # 002 §3(2), 004 §5(1): 利用終了日の翌日から起算して6月.
        pytest.param(
            EXTENDED,
            D(2024, 3, 31),
            D(2024, 4, 1),
            D(2024, 10, 1),
            D(2027, 9, 30),
            id="extended-mar31",
        ),
        pytest.param(
            EXTENDED,
            D(2024, 4, 1),
            D(2024, 4, 2),
            D(2024, 10, 2),
            D(2027, 10, 1),
            id="extended-apr1",
        ),
        pytest.param(
            EXTENDED,
            D(2024, 2, 28),
            D(2024, 2, 29),
            D(2024, 8, 29),
            D(2027, 8, 28),
            id="extended-leap",
        ),
        pytest.param(
            EXTENDED,
            D(2023, 12, 31),
            D(2024, 1, 1),
            D(2024, 7, 1),
            D(2027, 6, 30),
            id="extended-dec31",
        ),
        pytest.param(
            EXTENDED,
            D(2023, 8, 30),
            D(2023, 8, 31),
            D(2024, 3, 1),
            D(2027, 2, 28),
            id="extended-aug30",
        ),
    ],
)
def test_variants(
    variant: SupportVariant, given: date, day1: date, first: date, last: date
) -> None:
    assert period_start(variant=variant, input_date=given) == day1
    pd = compute_personal_dates(start=given, variant=variant, today=D(2030, 1, 1))
    assert pd.period_start == day1
    assert pd.service_first_day == first
    assert pd.last_possible_day == last
    assert pd.service_period == DateRange(first, last)


# --- application window: 就職後4〜5月目 (002 §3) ------------------------------------


@pytest.mark.parametrize(
    ("start", "window"),
    [
        pytest.param(D(2024, 4, 1), DateRange(D(2024, 7, 1), D(2024, 8, 31)), id="apr1"),
        pytest.param(D(2025, 1, 15), DateRange(D(2025, 4, 15), D(2025, 6, 14)), id="jan15"),
        # Month 4 of a period starting Nov 30 starts on Mar 1 (no Feb 30th).
        pytest.param(D(2023, 11, 30), DateRange(D(2024, 3, 1), D(2024, 4, 29)), id="nov30"),
        pytest.param(D(2024, 10, 31), DateRange(D(2025, 1, 31), D(2025, 3, 30)), id="oct31"),
    ],
)
def test_application_window(start: date, window: DateRange) -> None:
    assert application_window(start) == window
    assert window.start == month_range(start, 4).start
    assert window.end == month_range(start, 5).end


# --- plan reviews (002 §14) and renewals (FACTS.md; 001, 003, 002 §5) ------------


@pytest.mark.parametrize(
    ("start", "reviews"),
    [
        pytest.param(
            D(2024, 4, 1),
            (D(2025, 4, 1), D(2025, 10, 1), D(2026, 4, 1), D(2026, 10, 1), D(2027, 4, 1)),
            id="apr1",
        ),
        pytest.param(
            D(2023, 8, 31),
            (D(2024, 8, 31), D(2025, 3, 1), D(2025, 8, 31), D(2026, 3, 1), D(2026, 8, 31)),
            id="aug31",
        ),
    ],
)
def test_plan_reviews(start: date, reviews: tuple[date, ...]) -> None:
    assert plan_review_dates(start) == reviews


@pytest.mark.parametrize(
    ("start", "renewals"),
    [
        pytest.param(D(2024, 4, 1), (D(2025, 10, 1), D(2026, 10, 1)), id="apr1"),
        pytest.param(D(2023, 8, 31), (D(2025, 3, 1), D(2026, 3, 1)), id="aug31"),
        pytest.param(D(2024, 2, 29), (D(2025, 8, 29), D(2026, 8, 29)), id="feb29"),
    ],
)
def test_renewals(start: date, renewals: tuple[date, ...]) -> None:
    schedule = renewal_schedule(start)
    assert schedule.dates == renewals
    # Sources disagree (001: 6 months, 003: yearly, 000: 毎年度): the result must say so, and
    # must not claim that it varies by municipality, which no source says (B1 of the review).
    assert schedule.sources_differ
    assert "資料によって違います" in schedule.note_ja
    assert "市区町村によって" not in schedule.note_ja
    assert "市区町村の窓口" in schedule.note_ja


# --- handover (004 §10; 002 §30 イ) ---------------------------------------------


def test_handover_timeline_apr1() -> None:
    timeline = handover_timeline(D(2024, 4, 1))
    labels = [s.label_ja for s in timeline.steps]
    assert labels == ["6か月前", "5か月前", "4か月前", "3か月前", "2か月前", "1か月前", "終わる月"]
    assert [s.months_before_end for s in timeline.steps] == [6, 5, 4, 3, 2, 1, 0]
    months = [(s.period.start, s.period.end) for s in timeline.steps]
    assert months == [
        (D(2027, 3, 1), D(2027, 3, 31)),
        (D(2027, 4, 1), D(2027, 4, 30)),
        (D(2027, 5, 1), D(2027, 5, 31)),
        (D(2027, 6, 1), D(2027, 6, 30)),
        (D(2027, 7, 1), D(2027, 7, 31)),
        (D(2027, 8, 1), D(2027, 8, 31)),
        (D(2027, 9, 1), D(2027, 9, 30)),
    ]
    assert timeline.info_sharing_deadline == D(2027, 6, 30)
    deadline_steps = [s for s in timeline.steps if s.is_info_sharing_deadline]
    assert [s.label_ja for s in deadline_steps] == ["3か月前"]


def test_handover_timeline_mid_month() -> None:
    timeline = handover_timeline(D(2025, 1, 15))
    assert timeline.steps[-1].period == DateRange(D(2028, 6, 15), D(2028, 7, 14))
    assert timeline.steps[3].period == DateRange(D(2028, 3, 15), D(2028, 4, 14))
    assert timeline.info_sharing_deadline == D(2028, 4, 14) == info_sharing_deadline(D(2025, 1, 15))


@pytest.mark.parametrize(
    ("label", "keyword"),
    [
        pytest.param("6か月前", "ケース会議", id="6"),
        pytest.param("5か月前", "引継ぎのための支援", id="5"),
        pytest.param("4か月前", "引継ぎ資料", id="4"),
        pytest.param("3か月前", "情報を共有", id="3"),
        pytest.param("2か月前", "心配", id="2"),
        pytest.param("1か月前", "最終ケース会議", id="1"),
        pytest.param("終わる月", "同行訪問", id="end"),
        # One reading of the flattened 004 §10 figure (labels head the items that follow), not a
        # hybrid: the follow-up on request stays in the end month (B7 of the review).
        pytest.param("終わる月", "求めに応じて", id="end-follow-up"),
        pytest.param("3か月前", "本人の同意", id="3-with-consent"),
    ],
)
def test_handover_step_texts(label: str, keyword: str) -> None:
    step = next(s for s in handover_timeline(D(2024, 4, 1)).steps if s.label_ja == label)
    assert keyword in step.text_ja


def test_handover_reading_is_one_reading_of_the_figure() -> None:
    timeline = handover_timeline(D(2024, 4, 1))
    # 「引き継ぎ資料の作成」 comes before 「関係者との情報共有」 (004:274 order), and only one step
    # holds each of them.
    holding = {
        word: [s.label_ja for s in timeline.steps if word in s.text_ja]
        for word in ("引継ぎ資料", "情報を共有", "最終ケース会議")
    }
    assert holding == {
        "引継ぎ資料": ["4か月前"],
        "情報を共有": ["3か月前"],
        "最終ケース会議": ["1か月前"],
    }
    # The two items before the first label (アセスメント, ナチュラルサポート) open the first row.
    assert "職場の支え" in timeline.before_text_ja
    # After the end: 002 §31's duty of effort to cooperate when asked, not an item of the figure.
    assert "協力" in timeline.after_end_text_ja


# --- where is today ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "given", "today", "expected"),
    [
        pytest.param(
            STANDARD,
            D(2024, 4, 1),
            D(2024, 3, 31),
            {"phase": Phase.BEFORE_START, "days_until_start": 1},
            id="day-before",
        ),
        pytest.param(
            STANDARD,
            D(2024, 4, 1),
            D(2024, 4, 1),
            {
                "phase": Phase.SENDING_OFFICE_PERIOD,
                "period_month": 1,
                "days_until_service_start": 183,
            },
            id="first-day",
        ),
        pytest.param(
            STANDARD,
            D(2024, 4, 1),
            D(2024, 9, 30),
            {
                "phase": Phase.SENDING_OFFICE_PERIOD,
                "period_month": 6,
                "days_until_service_start": 1,
            },
            id="last-sending-day",
        ),
        pytest.param(
            STANDARD,
            D(2024, 4, 1),
            D(2024, 10, 1),
            {
                "phase": Phase.IN_SERVICE,
                "period_month": 7,
                "service_month": 1,
                "days_to_last_day": 1094,
            },
            id="service-start",
        ),
        pytest.param(
            STANDARD,
            D(2024, 4, 1),
            D(2025, 1, 10),
            {
                "phase": Phase.IN_SERVICE,
                "period_month": 10,
                "service_month": 4,
                "days_to_last_day": 993,
            },
            id="in-service",
        ),
        pytest.param(
            STANDARD,
            D(2024, 4, 1),
            D(2027, 9, 30),
            {
                "phase": Phase.IN_SERVICE,
                "period_month": 42,
                "service_month": 36,
                "days_to_last_day": 0,
            },
            id="last-day",
        ),
        pytest.param(
            STANDARD,
            D(2024, 4, 1),
            D(2027, 10, 1),
            {"phase": Phase.OVER, "days_since_end": 1},
            id="day-after",
        ),
        pytest.param(
            STANDARD,
            D(2024, 4, 1),
            D(2028, 10, 1),
            {"phase": Phase.OVER, "days_since_end": 367},
            id="year-after-leap",
        ),
        pytest.param(
            EXTENDED,
            D(2024, 3, 31),
            D(2024, 3, 31),
            {"phase": Phase.BEFORE_START, "days_until_start": 1},
            id="ext-last-day",
        ),
        pytest.param(
            EXTENDED,
            D(2024, 3, 31),
            D(2024, 4, 1),
            {"phase": Phase.SENDING_OFFICE_PERIOD, "period_month": 1},
            id="ext-next",
        ),
        pytest.param(
            RETURN,
            D(2025, 1, 15),
            D(2025, 7, 14),
            {
                "phase": Phase.SENDING_OFFICE_PERIOD,
                "period_month": 6,
                "days_until_service_start": 1,
            },
            id="return-sending",
        ),
        pytest.param(
            RETURN,
            D(2025, 1, 15),
            D(2025, 7, 15),
            {"phase": Phase.IN_SERVICE, "service_month": 1},
            id="return-service",
        ),
        pytest.param(
            STANDARD,
            D(2023, 8, 31),
            D(2024, 2, 29),
            {
                "phase": Phase.SENDING_OFFICE_PERIOD,
                "period_month": 6,
                "days_until_service_start": 1,
            },
            id="leap-feb29",
        ),
    ],
)
def test_where_is_today(
    variant: SupportVariant, given: date, today: date, expected: dict[str, object]
) -> None:
    status = where_is_today(given, today, variant)
    assert status.today == today
    for field, value in expected.items():
        assert getattr(status, field) == value, field


def test_future_start_is_before_start() -> None:
    pd = compute_personal_dates(start=D(2026, 1, 1), variant=STANDARD, today=D(2025, 6, 15))
    assert pd.today_status.phase is Phase.BEFORE_START
    assert pd.today_status.days_until_start == 200
    assert pd.today_status.period_month is None


# --- bundle ------------------------------------------------------------------------


def test_compute_personal_dates_bundle() -> None:
    pd = compute_personal_dates(start=D(2024, 4, 1), variant=STANDARD, today=D(2025, 1, 10))
    assert pd.input_date == pd.period_start == D(2024, 4, 1)
    assert pd.sending_office_period == DateRange(D(2024, 4, 1), D(2024, 9, 30))
    assert pd.application_window == DateRange(D(2024, 7, 1), D(2024, 8, 31))
    assert pd.service_first_day == D(2024, 10, 1)
    assert pd.last_possible_day == D(2027, 9, 30)
    assert pd.plan_reviews == plan_review_dates(D(2024, 4, 1))
    assert pd.renewals == renewal_schedule(D(2024, 4, 1))
    assert pd.handover == handover_timeline(D(2024, 4, 1))
    assert pd.today_status == where_is_today(D(2024, 4, 1), D(2025, 1, 10))
    assert pd.is_estimate
    assert pd.disclaimer_ja == DISCLAIMER_JA
    assert "目安" in DISCLAIMER_JA
    assert "受給者証" in DISCLAIMER_JA


@pytest.mark.parametrize(
    ("variant", "keyword"),
    [
        pytest.param(STANDARD, "早め", id="standard"),
        pytest.param(RETURN, "復職した日を1日目", id="return"),
        pytest.param(EXTENDED, "翌日から", id="extended"),
    ],
)
def test_notes_per_variant(variant: SupportVariant, keyword: str) -> None:
    pd = compute_personal_dates(start=D(2024, 4, 1), variant=variant, today=D(2025, 1, 1))
    assert any(keyword in note for note in pd.notes_ja)


# --- what the sources leave open (review §2.2, §2.3, B2, A5) --------------------------


def test_only_the_standard_case_has_an_application_window() -> None:
    # 002 §3 gives 就職後4〜5月目 for the standard case; the variants' figures show 利用申請
    # without a month (B2), so no window is extrapolated for them.
    today = D(2025, 1, 1)
    standard = compute_personal_dates(start=D(2024, 4, 1), variant=STANDARD, today=today)
    assert standard.application_window == DateRange(D(2024, 7, 1), D(2024, 8, 31))
    assert any("6か月たつ前" in note for note in standard.notes_ja)
    for variant in (RETURN, EXTENDED):
        pd = compute_personal_dates(start=D(2024, 4, 1), variant=variant, today=today)
        assert pd.application_window is None
        assert any("早め" in note for note in pd.notes_ja)
        assert not any("6か月たつ前" in note for note in pd.notes_ja)


def test_extended_hours_has_no_firm_last_day() -> None:
    # 就職 2024-01-01 at 週10時間, hours extension until 2024-12-31 (review §2.3): the first day is
    # firm (「利用終了日の翌日から６月後」), the end is not: 3 years of service would give
    # 2028-06-30, the figure's 「最長就職後3年6カ月」 would give 2027-06-30.
    pd = compute_personal_dates(start=D(2024, 12, 31), variant=EXTENDED, today=D(2025, 12, 1))
    assert pd.service_first_day == D(2025, 7, 1)
    assert not pd.last_day_is_firm
    assert pd.last_possible_day == D(2028, 6, 30)  # only the upper bound
    notes = "".join(pd.notes_ja)
    assert "資料によって数え方が違います" in notes and "市区町村" in notes
    assert "就職した日から3年6か月" in notes
    for variant in (STANDARD, RETURN):
        assert compute_personal_dates(
            start=D(2024, 4, 1), variant=variant, today=D(2025, 1, 1)
        ).last_day_is_firm


def test_return_to_work_says_when_its_count_applies() -> None:
    pd = compute_personal_dates(start=D(2025, 1, 10), variant=RETURN, today=D(2025, 12, 1))
    assert pd.notes_ja[0] == RETURN_TO_WORK_CONDITION_JA
    assert "就労移行支援" in RETURN_TO_WORK_CONDITION_JA
    assert "復職した日を1日目として数えました。" in pd.notes_ja


@pytest.mark.parametrize(
    ("used_services", "first", "last"),
    [
        # The review's example (§2.2): 就職 2023-04-01, leave during the service, back on
        # 2025-01-10 without 就労移行支援等 during the leave: the 就職 count stays.
        pytest.param(False, D(2023, 10, 1), D(2026, 9, 30), id="leave-only-keeps-the-cap"),
        # 復職支援型: 就労移行支援等 during the leave, then the count starts on the day of return.
        pytest.param(True, D(2025, 7, 10), D(2028, 7, 9), id="return-to-work-type"),
    ],
)
def test_dates_after_leave(used_services: bool, first: date, last: date) -> None:
    pd = dates_after_leave(
        work_start=D(2023, 4, 1),
        return_day=D(2025, 1, 10),
        used_services_during_leave=used_services,
        today=D(2025, 12, 1),
    )
    assert (pd.service_first_day, pd.last_possible_day) == (first, last)
    assert pd.variant is (RETURN if used_services else STANDARD)
    # without the services the notes say why the 就職 count holds and that a leave adds nothing
    assert (pd.notes_ja[:2] == LEAVE_NOT_USED_NOTES_JA) is not used_services


def test_dates_after_leave_when_the_person_does_not_know() -> None:
    # The 就職 count (the one every source gives), with what would change it and whom to ask.
    pd = dates_after_leave(
        work_start=D(2023, 4, 1),
        return_day=D(2025, 1, 10),
        used_services_during_leave=None,
        today=D(2025, 12, 1),
    )
    assert (pd.variant, pd.last_possible_day) == (STANDARD, D(2026, 9, 30))
    assert pd.notes_ja[:3] == LEAVE_UNKNOWN_NOTES_JA
    assert "市区町村" in pd.notes_ja[2]


@pytest.mark.parametrize(
    ("used_services", "work_start", "return_day"),
    [(True, D(2023, 4, 1), None), (False, None, D(2025, 1, 10)), (None, None, D(2025, 1, 10))],
)
def test_dates_after_leave_needs_the_date_it_counts_from(
    used_services: bool | None, work_start: date | None, return_day: date | None
) -> None:
    with pytest.raises(ValueError):
        dates_after_leave(
            work_start=work_start,
            return_day=return_day,
            used_services_during_leave=used_services,
            today=D(2025, 12, 1),
        )


def test_results_are_frozen() -> None:
    pd = compute_personal_dates(start=D(2024, 4, 1), variant=STANDARD, today=D(2025, 1, 1))
    with pytest.raises(AttributeError):
        pd.service_first_day = D(2000, 1, 1)  # type: ignore[misc]
