"""The form validation actions with rasa_sdk's real Tracker: what each answer sets."""

from __future__ import annotations

from typing import Any

import pytest

from actions.dates import ValidateEligibilityForm, ValidatePersonalDatesForm, side_slot_events
from tests.unit.actions.conftest import make_tracker, run_action

DOMAIN: dict[str, Any] = {
    "forms": {
        "personal_dates_form": {"required_slots": ["start_date"]},
        "eligibility_form": {"required_slots": ["prior_service", "employment", "start_date"]},
    },
    "slots": {
        name: {"type": "text", "mappings": [{"type": "custom"}]}
        for name in (
            "start_date",
            "prior_service",
            "employment",
            "date_problem",
            "pending_month",
            "person_ref",
            "date_variant",
        )
    },
}


def validate(
    action: Any, text: str, *, form: str, requested: str | None, entities=(), **slots: Any
):
    """The slots a form validation action sets for `text`."""
    t = make_tracker(
        text, slots=slots, entities=entities, active_loop=form, requested_slot=requested
    )
    return run_action(action, t, DOMAIN).slots


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
        validate(
            ValidatePersonalDatesForm(),
            text,
            form="personal_dates_form",
            requested=requested,
            **slots,
        )
        == expected
    )


@pytest.mark.parametrize(
    ("text", "requested", "entities", "slots", "expected"),
    [
        pytest.param(
            "息子がB型から就職しました。使えるか確認してください",
            None,
            (),
            {},
            {"prior_service": "type_b", "employment": "ordinary", "person_ref": "息子さん"},
            id="first-message-says-it-all-but-the-date",
        ),
        pytest.param(
            "/inform",
            "prior_service",
            [{"entity": "prior_service", "value": "type_a"}],
            {},
            {"prior_service": "type_a"},
            id="button",
        ),
        pytest.param(
            "A型で働いています",
            "employment",
            (),
            {"prior_service": "type_b"},
            {"employment": "type_a_office", "requested_slot": None},
            id="a-type-work-ends-the-form",
        ),
        pytest.param(
            "何も使っていません",
            "prior_service",
            (),
            {},
            {"prior_service": "none", "requested_slot": None},
            id="no-service-ends-the-form",
        ),
        pytest.param(
            "会社で働いています",
            "employment",
            (),
            {"prior_service": "transition"},
            {"employment": "ordinary"},
            id="then-the-date-rasa-asks-it",
        ),
        pytest.param(
            "ジョブコーチと一緒に使えますか", "prior_service", (), {}, {}, id="faq-is-not-an-answer"
        ),
    ],
)
def test_eligibility_form(text, requested, entities, slots, expected) -> None:
    assert (
        validate(
            ValidateEligibilityForm(),
            text,
            form="eligibility_form",
            requested=requested,
            entities=entities,
            **slots,
        )
        == expected
    )


def test_side_slots_wait_for_a_real_answer() -> None:
    updates = {"person_ref": "娘さん", "date_problem": "future"}
    assert side_slot_events(updates, requested="prior_service", form_filled_something=False) == []
    assert [
        e["name"]
        for e in side_slot_events(updates, requested="start_date", form_filled_something=False)
    ] == ["date_problem"]
    assert len(side_slot_events(updates, requested=None, form_filled_something=False)) == 2


def test_the_action_server_registers_exactly_the_domain_actions() -> None:
    from pathlib import Path

    import yaml
    from rasa_sdk.executor import ActionExecutor

    domain = yaml.safe_load(
        (Path(__file__).resolve().parents[3] / "domain.yml").read_text(encoding="utf-8")
    )
    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(executor.actions) == set(domain["actions"])
