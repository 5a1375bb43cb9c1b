"""The personal-dates actions with rasa_sdk's real Tracker: what each answer sets, what they say."""

from __future__ import annotations

import pytest

from actions.common import STOP_BUTTON
from actions.dates import (
    ActionAskStartDate,
    ActionChangeDate,
    ActionExportCalendar,
    ActionHandoverTimeline,
    ActionPersonalDates,
    DateAction,
    ValidatePersonalDatesForm,
)
from tests.unit.actions.conftest import Said, make_tracker, run_action, user_sees, validate_form


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
        pytest.param(
            "息子の費用はいくら？", "start_date", {}, {}, id="context-alone-is-not-an-answer"
        ),
        pytest.param(
            "復職したのは2025年2月3日です",
            None,
            {},
            {
                "start_date": "2025-02-03",
                "date_problem": None,
                "pending_month": None,
                "date_variant": "return_to_work",
            },
            id="variant-from-text",
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


# --- what the date actions say ---------------------------------------------------------

START = {"start_date": "2024-04-01", "date_variant": "standard"}


@pytest.mark.parametrize(
    "action", [ActionPersonalDates(), ActionHandoverTimeline(), ActionExportCalendar()]
)
def test_without_a_date_the_date_is_asked_first(action: DateAction) -> None:
    tracker = make_tracker("いつまで使える？")
    run = run_action(action, tracker)
    assert run.events == []
    assert user_sees(run, tracker) == [
        Said(
            text="先に、働き始めた日を教えてください。\n日付から、使える期間を計算します。",
            buttons=[{"title": "日付を計算する", "payload": "/ask_personal_dates"}],
            custom=None,
        )
    ]


def test_the_timeline_starts_with_the_first_and_last_day() -> None:
    tracker = make_tracker("", slots=START)
    (said,) = user_sees(run_action(ActionPersonalDates(), tracker), tracker)
    assert said.text is not None
    assert said.text.startswith(
        "働き始めた日：2024年4月1日\n使い始められる日：2024年10月1日\n（令和6年10月1日）"
    )
    assert [b["payload"] for b in said.buttons] == [
        "/ask_handover",
        "/export_calendar",
        "/change_date",
    ]


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
    assert run.slots == {"start_date": None, "pending_month": None}
    assert run.messages == []
