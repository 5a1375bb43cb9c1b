"""Date rules of 就労定着支援 (bot/dates/rules.py): properties that hold for any start date."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dates.rules import (
    SERVICE_MONTHS,
    TOTAL_MONTHS,
    Phase,
    SupportVariant,
    add_months_corresponding,
    application_window,
    compute_personal_dates,
    handover_timeline,
    last_possible_day,
    month_range,
    period_end,
    period_month,
    period_start,
    plan_review_dates,
    renewal_schedule,
    sending_office_period,
    service_first_day,
)

D = date
EXTENDED = SupportVariant.EXTENDED_HOURS

starts = st.dates(min_value=D(1901, 1, 1), max_value=D(2200, 12, 31))
months = st.integers(min_value=0, max_value=600)
variants = st.sampled_from(list(SupportVariant))


@given(starts, months)
def test_prop_period_end_plus_one_is_corresponding_day(start: date, n: int) -> None:
    assert period_end(start, n) + timedelta(days=1) == add_months_corresponding(start, n)


@given(starts, months)
def test_prop_matches_relativedelta_oracle(start: date, n: int) -> None:
    relativedelta = pytest.importorskip("dateutil.relativedelta").relativedelta
    clamped = start + relativedelta(months=n)  # clamps to the month's last day
    expected = clamped if clamped.day == start.day else clamped + timedelta(days=1)
    assert add_months_corresponding(start, n) == expected


@given(starts, st.integers(min_value=1, max_value=600))
def test_prop_months_are_contiguous(start: date, n: int) -> None:
    this, previous = month_range(start, n), month_range(start, max(n - 1, 1))
    assert this.start > start or n == 1
    if n > 1:
        assert previous.end + timedelta(days=1) == this.start
    assert 28 <= this.days <= 31
    assert add_months_corresponding(start, n) > add_months_corresponding(start, n - 1)


@given(starts, st.integers(min_value=0, max_value=20_000))
def test_prop_period_month_contains_day(start: date, offset: int) -> None:
    day = start + timedelta(days=offset)
    assert day in month_range(start, period_month(start, day))


@given(starts)
def test_prop_first_day_after_six_months(start: date) -> None:
    first = service_first_day(start)
    assert first > start
    assert 181 <= (first - start).days <= 184  # 6 months, never more than 6 months + 1 day
    assert first == sending_office_period(start).end + timedelta(days=1)


@given(starts)
def test_prop_service_is_about_three_years(start: date) -> None:
    first, last = service_first_day(start), last_possible_day(start)
    assert 365 * 3 <= (last - first).days + 1 <= 365 * 3 + 1
    assert period_month(start, last) == TOTAL_MONTHS


@given(starts)
def test_prop_application_window_inside_sending_period(start: date) -> None:
    window, sending = application_window(start), sending_office_period(start)
    assert sending.start < window.start <= window.end < sending.end
    assert period_month(start, window.start) == 4
    assert period_month(start, window.end) == 5


@given(starts)
def test_prop_plan_reviews(start: date) -> None:
    reviews = plan_review_dates(start)
    first, last = service_first_day(start), last_possible_day(start)
    assert len(reviews) == SERVICE_MONTHS // 6 - 1
    assert list(reviews) == sorted(set(reviews))
    assert all(first < r <= last for r in reviews)
    gaps = [(b - a).days for a, b in pairwise((first, *reviews))]
    assert all(181 <= g <= 185 for g in gaps)  # at least every 6 months (002 §14)


@given(starts)
def test_prop_renewals_yearly_inside_service(start: date) -> None:
    dates = renewal_schedule(start).dates
    first, last = service_first_day(start), last_possible_day(start)
    assert first < dates[0] < dates[1] <= last
    assert 365 <= (dates[0] - first).days <= 367


@given(starts)
def test_prop_handover_in_order_and_before_end(start: date) -> None:
    timeline = handover_timeline(start)
    last = last_possible_day(start)
    steps = timeline.steps
    assert steps[-1].period.end == last
    for earlier, later in pairwise(steps):
        assert earlier.months_before_end == later.months_before_end + 1
        assert earlier.period.end + timedelta(days=1) == later.period.start
    assert all(s.period.end <= last for s in steps)
    assert steps[0].period.start > service_first_day(start)
    deadline_step = next(s for s in steps if s.is_info_sharing_deadline)
    assert timeline.info_sharing_deadline == deadline_step.period.end
    # 「終了する3月以上前」: the last three months of the period follow the deadline.
    assert timeline.info_sharing_deadline + timedelta(days=1) == month_range(start, 40).start
    assert 89 <= (last - timeline.info_sharing_deadline).days <= 92


@given(starts, variants, st.integers(min_value=-400, max_value=2000))
def test_prop_where_is_today_consistent(
    given_day: date, variant: SupportVariant, offset: int
) -> None:
    today = given_day + timedelta(days=offset)
    pd = compute_personal_dates(start=given_day, variant=variant, today=today)
    status = pd.today_status
    if today < pd.period_start:
        assert status.phase is Phase.BEFORE_START
        assert status.days_until_start == (pd.period_start - today).days > 0
    elif today in pd.sending_office_period:
        assert status.phase is Phase.SENDING_OFFICE_PERIOD
        assert status.period_month is not None
        assert 1 <= status.period_month <= 6
        assert status.days_until_service_start is not None
        assert today + timedelta(days=status.days_until_service_start) == pd.service_first_day
    elif today in pd.service_period:
        assert status.phase is Phase.IN_SERVICE
        assert status.service_month is not None
        assert status.period_month is not None
        assert 1 <= status.service_month <= SERVICE_MONTHS
        assert status.period_month == status.service_month + 6
        assert status.days_to_last_day is not None
        assert today + timedelta(days=status.days_to_last_day) == pd.last_possible_day
    else:
        assert status.phase is Phase.OVER
        assert status.days_since_end is not None
        assert pd.last_possible_day + timedelta(days=status.days_since_end) == today


@given(starts, variants)
def test_prop_period_start_per_variant(given_day: date, variant: SupportVariant) -> None:
    day1 = period_start(variant=variant, input_date=given_day)
    shift = 1 if variant is EXTENDED else 0
    assert day1 == given_day + timedelta(days=shift)
