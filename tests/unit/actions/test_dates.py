"""The personal-dates actions with rasa_sdk's real Tracker: what each answer sets, what they say."""

from __future__ import annotations

from datetime import timedelta

import pytest

from actions.common import STOP_BUTTON
from actions.dates import (
    ActionAskLeaveServices,
    ActionAskReturnDate,
    ActionAskStartDate,
    ActionChangeDate,
    ActionExportCalendar,
    ActionHandoverTimeline,
    ActionPersonalDates,
    DateAction,
    ValidatePersonalDatesForm,
)
from bot.dates.rules import today_in_japan
from tests.unit.actions.conftest import (
    FORM_DOMAIN,
    Said,
    make_tracker,
    run_action,
    user_sees,
    validate_form,
)

TWO_YEARS_AHEAD = today_in_japan().year + 2


@pytest.mark.parametrize(
    ("text", "requested", "slots", "expected"),
    [
        pytest.param(
            "2024年4月1日に就職しました。いつから使えますか？",
            None,
            {},
            {"start_date": "2024-04-01", "date_problem": None, "pending_month": None},
            id="activation-with-date",
        ),
        pytest.param(
            "2月30日",
            "start_date",
            {},
            {"date_problem": "invalid:impossible_date", "pending_month": None},
            id="impossible-date-is-explained",
        ),
        pytest.param(
            "4月です",
            "start_date",
            {},
            {"pending_month": "-4", "date_problem": None},
            id="month-without-day",
        ),
        pytest.param(
            "15日",
            "start_date",
            {"pending_month": "2024-4"},
            {"start_date": "2024-04-15", "date_problem": None, "pending_month": None},
            id="day-completes-month",
        ),
        pytest.param("費用はいくらですか", "start_date", {}, {}, id="faq-is-not-an-answer"),
        # planning ahead (review §2.6): up to a year ahead the date flow counts; beyond, it asks
        pytest.param(
            f"{TWO_YEARS_AHEAD}年1月10日に就職します",
            "start_date",
            {},
            {"date_problem": "far_future", "pending_month": None},
            id="more-than-a-year-ahead",
        ),
        pytest.param(
            "息子の費用はいくら？", "start_date", {}, {}, id="context-alone-is-not-an-answer"
        ),
        pytest.param(
            "2024年4月1日に就職しました",
            None,
            {
                "leave_services": "yes",
                "return_date": "2025-01-10",
                "date_variant": "return_to_work",
            },
            {
                "leave_services": None,
                "return_date": None,
                "date_variant": None,
                "start_date": "2024-04-01",
                "date_problem": None,
                "pending_month": None,
            },
            id="a-new-story-forgets-an-earlier-leave",
        ),
    ],
)
def test_personal_dates_form(text: str, requested: str | None, slots: dict, expected: dict) -> None:
    assert (
        validate_form(
            ValidatePersonalDatesForm(),
            text,
            form="personal_dates_form",
            requested=requested,
            **slots,
        )
        == expected
    )


# --- after a leave: the question about 就労移行支援等, then the date its answer counts from ----

YES, NO, UNKNOWN = (
    [{"entity": "leave_services", "value": value}] for value in ("yes", "no", "unknown")
)


@pytest.mark.parametrize(
    ("text", "requested", "slots", "entities", "expected"),
    [
        # A 復職日 alone: kept, and the question comes first (A1 of the review).
        pytest.param(
            "復職したのは2025年2月3日です。いつから使えますか",
            None,
            {},
            (),
            {"return_date": "2025-02-03", "requested_slot": "leave_services"},
            id="a-return-day-asks-the-question",
        ),
        # The review's example: both dates in one message, and still the question.
        pytest.param(
            "2023年4月1日に就職しました。定着支援を使っている途中で休職して、"
            "2025年1月10日に復職しました",
            None,
            {},
            (),
            {
                "start_date": "2023-04-01",
                "return_date": "2025-01-10",
                "date_problem": None,
                "pending_month": None,
                "requested_slot": "leave_services",
            },
            id="both-dates-then-the-question",
        ),
        pytest.param(
            "/inform_date",
            "leave_services",
            {"start_date": "2023-04-01", "return_date": "2025-01-10"},
            NO,
            {"leave_services": "no", "date_variant": "standard", "requested_slot": None},
            id="no-services-counts-from-the-start-of-work",
        ),
        pytest.param(
            "/inform_date",
            "leave_services",
            {"start_date": "2023-04-01", "return_date": "2025-01-10"},
            YES,
            {"leave_services": "yes", "date_variant": "return_to_work", "requested_slot": None},
            id="services-count-from-the-return-day",
        ),
        pytest.param(
            "/inform_date",
            "leave_services",
            {"return_date": "2025-02-03"},
            UNKNOWN,
            {
                "leave_services": "unknown",
                "date_variant": "standard",
                "requested_slot": "start_date",
            },
            id="not-known-asks-for-the-start-of-work",
        ),
        pytest.param(
            "いいえ、使っていません",
            "leave_services",
            {"return_date": "2025-02-03"},
            (),
            {"leave_services": "no", "date_variant": "standard", "requested_slot": "start_date"},
            id="typed-answer",
        ),
        pytest.param(
            "2023年4月1日です",
            "start_date",
            {"return_date": "2025-02-03", "leave_services": "no", "date_variant": "standard"},
            (),
            {
                "start_date": "2023-04-01",
                "date_problem": None,
                "pending_month": None,
                "requested_slot": None,
            },
            id="then-the-start-of-work",
        ),
        pytest.param(
            "2025年2月3日に復職しました",
            "start_date",
            {"leave_services": "no", "date_variant": "standard"},
            (),
            {
                "return_date": "2025-02-03",
                "date_problem": "return_given",
                "requested_slot": "start_date",
            },
            id="a-return-day-where-the-start-was-asked",
        ),
        # phase 1's edge case: the 就職日 and the services in one message, the 復職日 missing
        pytest.param(
            "2023年4月1日に就職して、休職中に就労移行支援を使いました",
            None,
            {},
            (),
            {
                "start_date": "2023-04-01",
                "leave_services": "yes",
                "date_variant": "return_to_work",
                "date_problem": None,
                "pending_month": None,
                "requested_slot": "return_date",
            },
            id="start-and-services-ask-for-the-return-day",
        ),
        pytest.param(
            "2025年2月3日です",
            "return_date",
            {"start_date": "2023-04-01", "leave_services": "yes", "date_variant": "return_to_work"},
            (),
            {
                "return_date": "2025-02-03",
                "date_problem": None,
                "pending_month": None,
                "requested_slot": None,
            },
            id="then-the-return-day",
        ),
        pytest.param(
            "休職中に就労移行支援を使って、2025年2月3日に復職しました",
            None,
            {},
            (),
            {
                "return_date": "2025-02-03",
                "leave_services": "yes",
                "date_variant": "return_to_work",
                "requested_slot": None,
            },
            id="the-whole-story-in-one-message",
        ),
        # a question in the middle sets nothing: the form is rejected and the FAQ answers
        pytest.param(
            "費用はいくら？",
            "leave_services",
            {"return_date": "2025-02-03"},
            (),
            {"requested_slot": "leave_services"},
            id="a-question-is-not-an-answer",
        ),
    ],
)
def test_personal_dates_form_after_a_leave(
    text: str, requested: str | None, slots: dict, entities: list, expected: dict
) -> None:
    assert (
        validate_form(
            ValidatePersonalDatesForm(),
            text,
            form="personal_dates_form",
            requested=requested,
            entities=entities,
            **slots,
        )
        == expected
    )


def test_a_date_within_a_year_ahead_is_taken() -> None:
    soon = today_in_japan() + timedelta(days=40)
    text = f"{soon.year}年{soon.month}月{soon.day}日に就職します"
    slots = validate_form(
        ValidatePersonalDatesForm(), text, form="personal_dates_form", requested=None
    )
    assert slots["start_date"] == soon.isoformat()


def test_a_return_day_stored_before_the_question_is_kept_and_the_question_asked() -> None:
    # phase 1 stored 復職支援型 with the 復職日 in start_date, without asking
    slots = validate_form(
        ValidatePersonalDatesForm(),
        "/ask_personal_dates",
        form="personal_dates_form",
        requested=None,
        start_date="2025-02-03",
        date_variant="return_to_work",
    )
    assert slots == {
        "return_date": "2025-02-03",
        "start_date": None,
        "requested_slot": "leave_services",
    }


def test_stop_is_not_taken_for_no() -> None:
    tracker = make_tracker(
        "いや、やめます",
        intent="stop",
        slots={"return_date": "2025-02-03"},
        active_loop="personal_dates_form",
        requested_slot="leave_services",
    )
    run = run_action(ValidatePersonalDatesForm(), tracker, FORM_DOMAIN)
    assert "leave_services" not in run.slots


def test_the_question_about_the_leave_has_buttons_for_each_answer() -> None:
    tracker = make_tracker("", slots={"return_date": "2025-02-03"})
    (said,) = user_sees(run_action(ActionAskLeaveServices(), tracker), tracker)
    assert said.text is not None
    assert said.text.splitlines()[0] == "休職中に、就労移行支援などを使いましたか。"
    assert [b["payload"] for b in said.buttons] == [
        '/inform_date{"leave_services":"yes"}',
        '/inform_date{"leave_services":"no"}',
        '/inform_date{"leave_services":"unknown"}',
        "/stop",
    ]


@pytest.mark.parametrize(
    ("action", "slots", "first_lines"),
    [
        pytest.param(
            ActionAskReturnDate(),
            {"leave_services": "yes", "date_variant": "return_to_work"},
            ["復職した日を教えてください。"],
            id="the-return-day",
        ),
        pytest.param(
            ActionAskStartDate(),
            {"leave_services": "no", "date_variant": "standard"},
            [
                "休職中に就労移行支援などを使っていないときは、就職した日から数えます。",
                "就職した日を教えてください。",
            ],
            id="the-start-of-work-after-a-leave",
        ),
        pytest.param(
            ActionAskStartDate(),
            {},
            [
                "ふつうは、就職して7か月目から使えます。日付から計算します。",
                "働き始めた日を教えてください。",
            ],
            id="the-start-of-work",
        ),
    ],
)
def test_each_date_question_names_its_date(action, slots: dict, first_lines: list[str]) -> None:
    tracker = make_tracker("", slots=slots)
    (said,) = user_sees(run_action(action, tracker), tracker)
    assert said.text is not None and said.text.splitlines()[: len(first_lines)] == first_lines
    assert said.buttons == [STOP_BUTTON]


# --- what the date actions say ---------------------------------------------------------

START = {"start_date": "2024-04-01", "date_variant": "standard"}


NEED_DATE_CASES = [
    pytest.param({}, "働き始めた日", id="standard"),
    # after 「はい、使った」 without the 復職日 yet: the variant's own date (review §2.6)
    pytest.param(
        {"leave_services": "yes", "date_variant": "return_to_work", "start_date": "2023-04-01"},
        "復職した日",
        id="return-to-work",
    ),
    pytest.param(
        {"date_variant": "extended_hours"}, "送り出し事業所を使い終わった日", id="extended"
    ),
    pytest.param(
        {"leave_services": "no", "date_variant": "standard", "return_date": "2025-01-10"},
        "働き始めた日",
        id="after-a-leave-without-the-services",
    ),
]


@pytest.mark.parametrize(
    "action", [ActionPersonalDates(), ActionHandoverTimeline(), ActionExportCalendar()]
)
@pytest.mark.parametrize(("slots", "label"), NEED_DATE_CASES)
def test_without_a_date_the_date_is_asked_first(
    action: DateAction, slots: dict, label: str
) -> None:
    tracker = make_tracker("いつまで使える？", slots=slots)
    run = run_action(action, tracker)
    assert run.events == []
    (said,) = user_sees(run, tracker)
    assert said.text == f"先に、{label}を教えてください。\n日付から、使える期間を計算します。"
    assert said.buttons == [{"title": "日付を計算する", "payload": "/ask_personal_dates"}]
    assert said.custom is not None and said.custom["easy_ja"].startswith("さきに、")


@pytest.mark.parametrize(
    ("slots", "lines"),
    [
        # the review's example (§2.2): a leave without 就労移行支援等 keeps the 就職 count
        pytest.param(
            {
                "start_date": "2023-04-01",
                "return_date": "2025-01-10",
                "leave_services": "no",
                "date_variant": "standard",
            },
            ["働き始めた日：2023年4月1日", "使える最後の日：2026年9月30日"],
            id="no-services",
        ),
        pytest.param(
            {
                "start_date": "2023-04-01",
                "return_date": "2025-01-10",
                "leave_services": "yes",
                "date_variant": "return_to_work",
            },
            ["復職した日：2025年1月10日", "使える最後の日：2028年7月9日"],
            id="services",
        ),
    ],
)
def test_the_timeline_after_a_leave_counts_as_the_answer_says(slots: dict, lines: list) -> None:
    tracker = make_tracker("", slots=slots)
    (said,) = user_sees(run_action(ActionPersonalDates(), tracker), tracker)
    assert said.text is not None
    assert set(lines) <= set(said.text.splitlines())
    calendar = user_sees(run_action(ActionExportCalendar(), tracker), tracker)[0].custom
    counted = (
        (slots["return_date"], "return_to_work")
        if "復職" in lines[0]
        else (
            slots["start_date"],
            "standard",
        )
    )
    assert calendar == {"calendar": {"start": counted[0], "variant": counted[1]}}


def test_the_calendar_export_hands_the_api_the_start_and_variant() -> None:
    tracker = make_tracker("", slots={**START, "date_variant": "return_to_work"})
    run = run_action(ActionExportCalendar(), tracker)
    assert user_sees(run, tracker) == [
        Said(
            text="カレンダーのファイルを作りました。下のリンクから保存できます。",
            buttons=[],
            custom={"calendar": {"start": "2024-04-01", "variant": "return_to_work"}},
        )
    ]


def test_asking_the_date_explains_what_was_wrong_and_offers_stop() -> None:
    tracker = make_tracker("", slots={"date_problem": "future"})
    run = run_action(ActionAskStartDate(), tracker)
    assert run.slots == {"date_problem": None}
    (said,) = user_sees(run, tracker)
    assert said.text is not None and said.text.startswith("その日はまだ来ていないようです。")
    assert said.buttons == [STOP_BUTTON]


def test_changing_the_date_forgets_it() -> None:
    run = run_action(ActionChangeDate(), make_tracker("日付を直す", slots=START))
    assert run.slots == {"start_date": None, "return_date": None, "pending_month": None}
    assert run.messages == []
