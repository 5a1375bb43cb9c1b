"""Every example of §2 of the fact review (../shared/reviews/truthfulness-2026-12.md), as a test.

The review computed them with `today = 2025-12-01`. Each test names the review's paragraph; the
expected values are the review's (the sources' reading), not what the bot used to say.
"""

from __future__ import annotations

from datetime import date as D

import pytest

from bot.dates.dialogue import handover_text, personal_dates_text, read_date_answer
from bot.dates.leave import LeaveServices, dates_for_answers
from bot.dates.rules import SupportVariant, compute_personal_dates
from bot.eligibility import Employment, PriorService, Verdict, VerdictKind, check_eligibility

TODAY = D(2025, 12, 1)
STANDARD = SupportVariant.STANDARD
RETURN = SupportVariant.RETURN_TO_WORK
EXTENDED = SupportVariant.EXTENDED_HOURS


# --- §2.1 standard (就職日 = day 1, 初日算入, 民法 §143 month ends) ------------------------------


@pytest.mark.parametrize(
    ("start", "first", "last", "days"),
    [
        (D(2024, 4, 1), D(2024, 10, 1), D(2027, 9, 30), 1095),
        (D(2024, 1, 31), D(2024, 7, 31), D(2027, 7, 30), 1095),
        (D(2024, 8, 31), D(2025, 3, 1), D(2028, 2, 29), 1096),
        (D(2024, 2, 29), D(2024, 8, 29), D(2027, 8, 28), 1095),
    ],
)
def test_2_1_standard_table(start: D, first: D, last: D, days: int) -> None:
    personal = compute_personal_dates(start=start, today=TODAY)
    assert (personal.service_first_day, personal.last_possible_day) == (first, last)
    assert personal.service_period.days == days


def test_2_1_derived_dates() -> None:
    personal = compute_personal_dates(start=D(2024, 4, 1), today=TODAY)
    window = personal.application_window
    assert window is not None and (window.start, window.end) == (D(2024, 7, 1), D(2024, 8, 31))
    assert personal.plan_reviews[0] == D(2025, 4, 1)
    assert personal.renewals.dates == (D(2025, 10, 1), D(2026, 10, 1))
    assert personal.handover.info_sharing_deadline == D(2027, 6, 30)
    text = personal_dates_text(personal)
    # D5: the other renewal reading is next to the dates; C1: no promise of the sending office
    assert "更新は6か月ごととする資料もあります。" in text
    assert "前の事業所がします" not in text


# --- §2.2 復職支援型 ----------------------------------------------------------------------------


def test_2_2_return_to_work_dates() -> None:
    personal = compute_personal_dates(start=D(2024, 4, 1), variant=RETURN, today=TODAY)
    assert (personal.service_first_day, personal.last_possible_day) == (
        D(2024, 10, 1),
        D(2027, 9, 30),
    )
    # D11: 002 ends the sending office's part on 2024-09-30, 004 a day later; shown as 「ごろ」
    assert personal.sending_office_period.end == D(2024, 9, 30)
    assert "・2024年9月30日ごろまでは、前の事業所が支える時期です" in personal_dates_text(personal)


@pytest.mark.parametrize(
    ("answer", "last"),
    [
        # Discrepancy 1 (A1): no 就労移行支援等 during the leave → the standard cap, 2026-09-30
        # (the bot used to say 2028-07-09); also when the person does not know.
        (LeaveServices.NOT_USED, D(2026, 9, 30)),
        (LeaveServices.UNKNOWN, D(2026, 9, 30)),
        # 復職支援型 proper: the count from the return day
        (LeaveServices.USED, D(2028, 7, 9)),
    ],
)
def test_2_2_leave_during_the_service(answer: LeaveServices, last: D) -> None:
    message = "2023年4月1日に就職しました。定着支援を使っている途中で休職して、2025年1月10日に復職しました"
    found = read_date_answer(message, today=TODAY).values
    personal = dates_for_answers(
        work_start=D.fromisoformat(found["start_date"]),
        return_day=D.fromisoformat(found["return_date"]),
        variant=STANDARD,
        leave_services=answer,
        today=TODAY,
    )
    assert personal is not None and personal.last_possible_day == last
    assert f"使える最後の日：{last.year}年{last.month}月{last.day}日" in personal_dates_text(
        personal
    )


# --- §2.3 労働時間延長支援型 ------------------------------------------------------------------------


def test_2_3_extended_hours_first_day() -> None:
    # day 1 is the day after the sending office's last day (002:349)
    personal = compute_personal_dates(start=D(2024, 4, 1), variant=EXTENDED, today=TODAY)
    assert personal.service_first_day == D(2024, 10, 2)


def test_2_3_extended_hours_example_gives_no_last_day() -> None:
    # 就職 2024-01-01 at 週10時間, hours extension until 2024-12-31: first day 2025-07-01; the bot
    # used to say 2028-06-30, the figure would say 2027-06-30: the sources differ (A5).
    personal = compute_personal_dates(start=D(2024, 12, 31), variant=EXTENDED, today=TODAY)
    assert personal.service_first_day == D(2025, 7, 1)
    assert not personal.last_day_is_firm
    assert personal.application_window is None  # B2
    text = personal_dates_text(personal) + handover_text(personal)
    assert "2028年6月30日" not in text and "2027年6月30日" not in text
    assert "市区町村に確かめてください" in text
    # 002:337 「概ね週 10～20 時間から段階的に」: users can tell whether the type is theirs
    assert "週10〜20時間ほどから" in text


# --- §2.4 eligibility verdict timing -------------------------------------------------------------


def verdict(start: D) -> Verdict:
    return check_eligibility(
        prior_service=PriorService.TYPE_B,
        employment=Employment.ORDINARY,
        start=start,
        today=TODAY,
    )


def test_2_4_window_already_passed() -> None:
    lines = verdict(D(2025, 6, 5)).lines_ja
    assert "申請のめやすの時期は、もう過ぎています。" in lines  # D15
    assert "早めに、市区町村に申請してください。" in lines


def test_2_4_almost_over() -> None:
    result = verdict(D(2022, 8, 1))
    assert result.kind is VerdictKind.ELIGIBLE_NOW
    assert result.last_day == D(2026, 1, 31)
    assert "使える期間の残りが、少なくなっています。" in result.lines_ja  # C8
    assert not any("今から使えます" in line for line in result.lines_ja)


def test_2_4_over() -> None:
    result = verdict(D(2022, 1, 1))
    assert result.kind is VerdictKind.PERIOD_OVER
    assert "使える期間は2025年6月30日までで、もう過ぎています。" in result.lines_ja


def test_2_4_month_ends() -> None:
    result = verdict(D(2025, 11, 30))
    window = result.application_window
    assert window is not None and (window.start, window.end) == (D(2026, 3, 1), D(2026, 4, 29))
    assert result.first_day == D(2026, 5, 30)


# --- §2.5 handover (004 §10) ----------------------------------------------------------------------


def test_2_5_handover_months_for_the_longest_use() -> None:
    personal = compute_personal_dates(start=D(2024, 4, 1), today=TODAY)
    months = [(s.label_ja, s.period.start) for s in personal.handover.steps]
    assert months[0] == ("6か月前", D(2027, 3, 1))
    assert months[-1] == ("終わる月", D(2027, 9, 1))
    text = handover_text(personal)
    assert "最長まで使った場合" in text  # D14
    assert "事業所が次のように準備します" in text  # the office's work, not the user's
    assert "2027年3月ごろ" not in text  # B7: no month-exact label on the manual's items


# --- §2.6 smaller points ---------------------------------------------------------------------------


def test_2_6_the_date_flow_can_plan_ahead() -> None:
    # 「来月就職します、いつから？」: a date up to a year ahead is taken in the date flow
    found = read_date_answer("2026年1月10日に就職します", today=TODAY, future_days=366).values
    assert found["start_date"] == "2026-01-10"
    text = personal_dates_text(compute_personal_dates(start=D(2026, 1, 10), today=TODAY))
    assert text.startswith("働き始める日：2026年1月10日")
    assert "数え始めまで、あと40日です。" in text.splitlines()
    far = read_date_answer("2027年1月10日に就職します", today=TODAY, future_days=366).values
    assert far["date_problem"] == "far_future"
    # the eligibility check still takes only a start that has come (the person works now)
    assert read_date_answer("2026年1月10日", today=TODAY).values["date_problem"] == "future"
