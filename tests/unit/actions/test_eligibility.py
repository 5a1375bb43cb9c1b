"""The eligibility actions with rasa_sdk's real Tracker: what each answer sets, what they say."""

from __future__ import annotations

import pytest

from actions.common import STOP_BUTTON
from actions.eligibility import (
    ActionAskEmployment,
    ActionAskPriorService,
    ActionEligibilityVerdict,
    ValidateEligibilityForm,
)
from bot.eligibility import DECIDED_BY_MUNICIPALITY_JA
from tests.unit.actions.conftest import Said, make_tracker, run_action, user_sees, validate_form


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
        # spaCy Matcher readers (bot/nlu/service_matcher.py): negation in any inflection.
        pytest.param(
            "使いませんでした",
            "prior_service",
            (),
            {},
            {"prior_service": "none", "requested_slot": None},
            id="negated-use-is-no-service",
        ),
        pytest.param(
            "働いていません",
            "employment",
            (),
            {"prior_service": "type_b"},
            {"employment": "not_working", "requested_slot": None},
            id="negated-work-is-not-working",
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


# --- what the eligibility actions say ----------------------------------------------------

PRIOR_SERVICE_BUTTONS = [
    {"title": "就労移行支援", "payload": '/inform{"prior_service":"transition"}'},
    {"title": "就労継続支援A型", "payload": '/inform{"prior_service":"type_a"}'},
    {"title": "就労継続支援B型", "payload": '/inform{"prior_service":"type_b"}'},
    {"title": "生活介護", "payload": '/inform{"prior_service":"daily_life_care"}'},
    {"title": "自立訓練", "payload": '/inform{"prior_service":"independence_training"}'},
    {"title": "そのほかのサービス", "payload": '/inform{"prior_service":"other"}'},
    {"title": "使っていない", "payload": '/inform{"prior_service":"none"}'},
    STOP_BUTTON,
]
EMPLOYMENT_BUTTONS = [
    {"title": "会社などで働いている", "payload": '/inform{"employment":"ordinary"}'},
    {"title": "A型事業所で働いている", "payload": '/inform{"employment":"type_a_office"}'},
    {"title": "今は働いていない", "payload": '/inform{"employment":"not_working"}'},
    STOP_BUTTON,
]


@pytest.mark.parametrize(
    ("person_ref", "who"),
    [pytest.param("息子さん", "息子さん", id="family"), pytest.param(None, "ご本人", id="default")],
)
def test_the_questions_name_the_person(person_ref: str | None, who: str) -> None:
    tracker = make_tracker("", slots={"person_ref": person_ref})
    prior = user_sees(run_action(ActionAskPriorService(), tracker), tracker)
    employment = user_sees(run_action(ActionAskEmployment(), tracker), tracker)
    assert prior == [
        Said(
            text=f"{who}は、就職する前に、どのサービスを使っていましたか。",
            buttons=PRIOR_SERVICE_BUTTONS,
            custom=None,
        )
    ]
    assert employment == [
        Said(text=f"{who}は、今どこで働いていますか。", buttons=EMPLOYMENT_BUTTONS, custom=None)
    ]


@pytest.mark.parametrize(
    "slots",
    [
        pytest.param({"prior_service": None, "employment": "ordinary"}, id="answer-missing"),
        pytest.param({"prior_service": "type_b", "employment": "ordinary"}, id="date-missing"),
        pytest.param({"prior_service": "someday", "employment": None}, id="unknown-value"),
    ],
)
def test_a_verdict_it_cannot_give_asks_to_start_again(slots: dict) -> None:
    tracker = make_tracker("", slots=slots)
    run = run_action(ActionEligibilityVerdict(), tracker)
    assert run.slots == {"prior_service": None, "employment": None}
    assert user_sees(run, tracker) == [
        Said(
            text="ごめんなさい。うまく確かめられませんでした。\nもう一度、最初から聞かせてください。",
            buttons=[{"title": "使えるか確認する", "payload": "/check_eligibility"}],
            custom=None,
        )
    ]


def test_the_verdict_says_why_and_offers_the_next_steps() -> None:
    slots = {"prior_service": "type_b", "employment": "ordinary", "start_date": "2024-04-01"}
    tracker = make_tracker("", slots=slots)
    run = run_action(ActionEligibilityVerdict(), tracker)
    assert run.slots == {"prior_service": None, "employment": None}
    (said,) = user_sees(run, tracker)
    assert said.text is not None and said.text.endswith(DECIDED_BY_MUNICIPALITY_JA)
    assert [b["payload"] for b in said.buttons] == ["/ask_personal_dates", "/start_walkthrough"]
