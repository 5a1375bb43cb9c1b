"""The 「詳しく」 action: which longer answer it picks."""

from __future__ import annotations

import pytest

from actions.faq import ActionMoreDetail, detail_response_for, last_faq_intent
from tests.unit.actions.conftest import make_tracker, run_action


def user(intent: str) -> dict:
    return {"event": "user", "parse_data": {"intent": {"name": intent}}}


BOT = {"event": "bot", "text": "..."}
RESPONSES = ["utter_faq_cost", "utter_faq_cost_detail", "utter_faq_online", "utter_nothing_more"]


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        pytest.param([], None, id="no-events"),
        pytest.param([user("greet"), BOT], None, id="no-faq-yet"),
        pytest.param([user("faq_cost"), BOT], "faq_cost", id="one-faq"),
        pytest.param(
            [user("faq_cost"), BOT, user("faq_online"), BOT], "faq_online", id="latest-wins"
        ),
        pytest.param(
            [user("faq_cost"), BOT, user("thank"), BOT], "faq_cost", id="chitchat-between"
        ),
        pytest.param(
            [{"event": "user"}, user("faq_cost")], "faq_cost", id="event-without-parse-data"
        ),
    ],
)
def test_last_faq_intent(events: list, expected: str) -> None:
    assert last_faq_intent(events) == expected


@pytest.mark.parametrize(
    ("intent", "expected"),
    [
        pytest.param("faq_cost", "utter_faq_cost_detail", id="has-detail"),
        pytest.param("faq_online", "utter_nothing_more", id="short-answer-only"),
        pytest.param(None, "utter_nothing_more", id="nothing-asked"),
    ],
)
def test_detail_response_for(intent: str, expected: str) -> None:
    assert detail_response_for(intent, RESPONSES) == expected


def test_action_utters_the_detail_of_the_last_faq() -> None:
    tracker = make_tracker("詳しく", events=[user("faq_cost"), BOT, user("ask_more")])
    run = run_action(ActionMoreDetail(), tracker, {"responses": {r: [] for r in RESPONSES}})
    assert run.events == []
    assert [m["response"] for m in run.messages] == ["utter_faq_cost_detail"]
