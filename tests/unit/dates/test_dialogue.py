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
from bot.dates.leave import LeaveServices
from bot.dates.rules import SupportVariant, compute_personal_dates, dates_after_leave

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
        ("労働時間延長支援型です", SupportVariant.EXTENDED_HOURS),
        ("時間延長で使っていました", SupportVariant.EXTENDED_HOURS),
        # A leave never sets the variant by itself (A1 of the review): the flow asks first
        # (bot/dates/leave.py, tests/unit/dates/test_leave.py).
        ("復職したのは2025年2月3日です", None),
        ("休職中に就労移行支援を使って、2025年2月3日に復職しました", None),
        ("復職支援型です", None),
        ("2024年4月1日に就職", None),
        ("B型から就職しました", None),
    ],
)
def test_detect_variant(text: str, variant: SupportVariant | None) -> None:
    assert detect_variant(text) == variant


@pytest.mark.parametrize(
    ("text", "asked", "expected"),
    [
        # the review's example (§2.2): both dates in one message, each by its words
        pytest.param(
            "2023年4月1日に就職しました。定着支援を使っている途中で休職して、"
            "2025年1月10日に復職しました",
            "start_date",
            {
                "start_date": "2023-04-01",
                "return_date": "2025-01-10",
                "date_problem": None,
                "pending_month": None,
            },
            id="both-dates",
        ),
        pytest.param(
            "復職したのは2025年2月3日です",
            "start_date",
            {"return_date": "2025-02-03", "date_problem": "return_given"},
            id="return-day-where-the-start-is-asked",
        ),
        pytest.param(
            "2025年2月3日です",
            "return_date",
            {"return_date": "2025-02-03", "date_problem": None, "pending_month": None},
            id="a-bare-date-is-the-one-asked",
        ),
        pytest.param(
            "就職したのは2023年4月1日です",
            "return_date",
            {"start_date": "2023-04-01", "date_problem": "work_start_given"},
            id="work-start-where-the-return-is-asked",
        ),
        pytest.param(
            "2024年6月1日から休職して、2025年1月10日に職場に戻りました",
            "start_date",
            {"return_date": "2025-01-10", "date_problem": "return_given"},
            id="the-first-day-of-the-leave-is-not-kept",
        ),
        pytest.param(
            "2023年4月1日に就職しました。復職は2027年1月10日の予定です",
            "start_date",
            {"start_date": "2023-04-01", "date_problem": None, "pending_month": None},
            id="a-future-return-is-not-a-start",
        ),
    ],
)
def test_read_date_answer_gives_each_date_its_slot(text: str, asked: str, expected: dict) -> None:
    assert read_date_answer(text, today=TODAY, asked=asked).values == expected


def test_the_reviews_leave_example_keeps_the_standard_last_day() -> None:
    # 就職 2023-04-01, a leave during the service, back on 2025-01-10 (review §2.2): the bot used
    # to count from the return and say 2028-07-09; the sources give 2026-09-30 for a leave
    # without 就労移行支援等, and the return-day count only after them.
    text = "2023年4月1日に就職しました。定着支援を使っている途中で休職して、2025年1月10日に復職しました"
    found = read_date_answer(text, today=TODAY).values
    work, back = D.fromisoformat(found["start_date"]), D.fromisoformat(found["return_date"])
    without = dates_after_leave(
        work_start=work, return_day=back, used_services_during_leave=False, today=TODAY
    )
    assert without.last_possible_day == D(2026, 9, 30)
    text_without = personal_dates_text(without)
    assert "使える最後の日：2026年9月30日" in text_without
    assert "休職しても、使える期間は延びません。" in text_without.splitlines()
    with_services = dates_after_leave(
        work_start=work, return_day=back, used_services_during_leave=True, today=TODAY
    )
    assert with_services.last_possible_day == D(2028, 7, 9)


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
        ({"variant": SupportVariant.RETURN_TO_WORK, "asked": "return_date"}, "復職した日"),
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
    # conclusion first; one calendar per line: the 和暦 on a line of its own
    assert lines[:5] == [
        "働き始めた日：2024年4月1日",
        "使い始められる日：2024年10月1日",
        "（令和6年10月1日）",
        "使える最後の日：2027年9月30日",
        "（令和9年9月30日）",
    ]
    assert "日付は目安です。正式な期間は受給者証と市区町村が決めます。" in lines
    # renewal as the FAQ says it (B1, D5): the sources differ; yearly dates are one reading
    assert "・更新（1年ごとの場合）：2025年10月1日、2026年10月1日ごろ" in lines
    assert "更新は6か月ごととする資料もあります。市区町村に確かめてください。" in lines
    assert "市区町村によって違います" not in text
    # the sending office's 6 months are not promised (C1)
    assert "前の事業所がどこまで支えるかは、事業所の種類で違います。" in lines
    assert "前の事業所がします" not in text


def test_return_to_work_text_starts_with_its_condition() -> None:
    text = personal_dates_text(
        compute_personal_dates(
            start=D(2025, 1, 10), variant=SupportVariant.RETURN_TO_WORK, today=TODAY
        )
    )
    lines = text.splitlines()
    assert lines[0] == "この日付は、休職中に就労移行支援などを使った場合のものです。"
    assert lines[1] == "復職した日：2025年1月10日"
    assert "使える最後の日：2028年7月9日" in lines
    assert "復職した日を1日目として数えました。" in lines
    # the interim instruction to retype the dates is gone: the flow asks instead
    assert "「〇年〇月〇日に就職して休職」" not in text
    assert lines.count(lines[0]) == 1
    # no extrapolated application window for the variant (B2), only 「早めに」 before the start
    before = personal_dates_text(
        compute_personal_dates(
            start=D(2025, 1, 10), variant=SupportVariant.RETURN_TO_WORK, today=D(2025, 3, 1)
        )
    )
    assert "申請のめやす" not in before
    assert "受給者証の申請は、早めにしましょう。" in before.splitlines()


def test_extended_hours_text_gives_no_last_day() -> None:
    personal = compute_personal_dates(
        start=D(2024, 12, 31), variant=SupportVariant.EXTENDED_HOURS, today=TODAY
    )
    text = personal_dates_text(personal)
    assert "使い始められる日：2025年7月1日" in text
    assert "使える最後の日：市区町村に確かめてください" in text
    assert "2028年6月30日" not in text and "2027年6月30日" not in text
    assert "あと" not in text.split("今は")[1].splitlines()[0]  # no countdown to an unsure end
    assert "申請のめやす" not in text
    handover = handover_text(personal)
    assert "月ごとの日付は出せません" in handover
    assert "終わる3か月前までに" in handover
    assert "2028年" not in handover


@pytest.mark.parametrize(
    ("kwargs", "lines"),
    [
        pytest.param(
            {"asked": "return_date", "leave_services": LeaveServices.USED},
            ["復職した日を教えてください。"],
            id="the-return-day",
        ),
        pytest.param(
            {"leave_services": LeaveServices.NOT_USED},
            [
                "休職中に就労移行支援などを使っていないときは、就職した日から数えます。",
                "就職した日を教えてください。",
                "休職する前に、働き始めた日です。",
            ],
            id="the-start-after-a-leave-without-the-services",
        ),
        pytest.param(
            {"leave_services": LeaveServices.UNKNOWN},
            ["わからないときは、ここでは就職した日から数えます。", "就職した日を教えてください。"],
            id="the-start-when-the-person-does-not-know",
        ),
        pytest.param(
            {"date_problem": "return_given"},
            ["復職した日は、わかりました。", "就職した日を教えてください。"],
            id="a-return-day-where-the-start-was-asked",
        ),
        pytest.param(
            {"asked": "return_date", "date_problem": "work_start_given"},
            ["就職した日は、わかりました。", "復職した日を教えてください。"],
            id="a-start-where-the-return-day-was-asked",
        ),
    ],
)
def test_ask_date_text_after_a_leave(kwargs: dict, lines: list[str]) -> None:
    text = ask_date_text(**kwargs)
    assert text.splitlines()[: len(lines)] == lines
    assert "ふつうは、就職して7か月目から使えます。" not in text


def test_handover_text_is_the_offices_plan_for_the_longest_use() -> None:
    text = handover_text(compute_personal_dates(start=D(2024, 4, 1), today=TODAY))
    lines = text.splitlines()
    # who does it, and that it is the manual's example for the longest use (B7, D14)
    assert lines[0] == "最長まで使った場合の、使える最後の日です。"
    assert lines[1:3] == ["2027年9月30日（目安）", "（令和9年9月30日）"]
    assert "マニュアルの例では、終わる半年前ごろから、事業所が次のように準備します。" in lines
    assert "引継ぎは、必要な人に、本人の希望を聞いてします。" in lines
    labels = [line.split("：")[0] for line in lines if line.startswith("・")]
    assert labels == [
        "・半年より前",
        "・6か月前",
        "・5か月前",
        "・4か月前",
        "・3か月前",
        "・2か月前",
        "・1か月前",
        "・終わる月",
    ]
    # no month-exact labels on the manual's items
    assert "2027年3月ごろ" not in text
    # 3 months before the end (2027-09-30): shared by 2027-06-30, for those who need it, with
    # consent (C3)
    assert "続けて支援が必要な人は、次の相談先と情報を共有します。" in lines
    assert "最長まで使った場合、2027年6月30日までです。" in lines
    assert "情報の共有は、本人の同意を得てからです。" in lines


@pytest.mark.parametrize(
    ("start", "today", "window_line", "apply_note"),
    [
        # before the window: the months to apply in, and that earlier is possible
        pytest.param(
            D(2026, 10, 1),
            D(2026, 11, 21),
            "・申請のめやす：2027年1月1日〜2027年2月28日",
            True,
            id="ahead",
        ),
        # the window is over, the service has not started: apply soon (D15)
        pytest.param(
            D(2026, 5, 25),
            D(2026, 11, 21),
            "・申請のめやすの時期は過ぎています。早めに申請してください",
            True,
            id="passed",
        ),
        # the service can be used, or is over: no word about applying
        pytest.param(D(2024, 4, 1), D(2026, 11, 21), None, False, id="in-service"),
        pytest.param(D(2020, 4, 1), D(2026, 11, 21), None, False, id="over"),
    ],
)
def test_the_application_lines_depend_on_today(start, today, window_line, apply_note) -> None:
    text = personal_dates_text(compute_personal_dates(start=start, today=today))
    lines = text.splitlines()
    if window_line is None:
        assert not any("申請" in line for line in lines)
    else:
        assert window_line in lines
    assert (
        "受給者証の申請は6か月たつ前からできます。早めの申請がおすすめです。" in lines
    ) is apply_note
