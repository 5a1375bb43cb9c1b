"""The personal-dates actions with rasa_sdk's real Tracker: what each answer sets."""

from __future__ import annotations

import pytest

from actions.dates import ValidatePersonalDatesForm
from tests.unit.actions.conftest import validate_form


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
