"""The eligibility actions with rasa_sdk's real Tracker: what each answer sets."""

from __future__ import annotations

import pytest

from actions.eligibility import ValidateEligibilityForm
from tests.unit.actions.conftest import validate_form


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
        validate_form(
            ValidateEligibilityForm(),
            text,
            form="eligibility_form",
            requested=requested,
            entities=entities,
            **slots,
        )
        == expected
    )
