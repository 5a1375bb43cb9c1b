"""The walkthrough actions with rasa_sdk's real Tracker: which step they show, what they say."""

from __future__ import annotations

import pytest

from actions.common import STOP_BUTTON
from actions.walkthrough import WALKTHROUGH_BUTTONS, ActionOfferWalkthroughReturn, ActionWalkthrough
from bot.walkthrough import render_step
from tests.unit.actions.conftest import Said, make_tracker, run_action, user_sees


@pytest.mark.parametrize(
    ("intent", "current", "step", "lead"),
    [
        pytest.param(
            "start_walkthrough", None, 0, "申し込みの手順を、1つずつご案内します。\n", id="first"
        ),
        pytest.param("walkthrough_next", 3.0, 4, "", id="next"),
        pytest.param("walkthrough_next", 10.0, 10, "これが最後の手順です。\n", id="at-the-end"),
    ],
)
def test_the_walkthrough_shows_one_step(
    intent: str, current: float | None, step: int, lead: str
) -> None:
    tracker = make_tracker("", intent=intent, slots={"walkthrough_step": current})
    run = run_action(ActionWalkthrough(), tracker)
    assert run.slots == {"walkthrough_step": float(step), "walkthrough_active": True}
    assert user_sees(run, tracker) == [
        Said(text=lead + render_step(step), buttons=WALKTHROUGH_BUTTONS, custom=None)
    ]


@pytest.mark.parametrize(("current", "shown"), [(2.0, "3/11"), (None, "1/11"), (57.0, "11/11")])
def test_after_a_question_the_same_step_is_offered(current: float | None, shown: str) -> None:
    tracker = make_tracker("", slots={"walkthrough_step": current})
    run = run_action(ActionOfferWalkthroughReturn(), tracker)
    assert run.events == []
    assert user_sees(run, tracker) == [
        Said(
            text=f"申し込みの手順（{shown}）に戻りますか。",
            buttons=[{"title": "手順に戻る", "payload": "/walkthrough_resume"}, STOP_BUTTON],
            custom=None,
        )
    ]
