"""The manual actions: a grounded answer or today's kind fallback, and 「詳しく」 after it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from actions.faq import ActionMoreDetail, last_answer_was_manual
from actions.manual import INDEX, STATE_SLOT, ActionManualAnswer, refusal_for
from bot.protocol import UNANSWERED
from bot.retrieval.dialogue import ManualState
from tests.unit.actions.conftest import make_tracker, project_domain, run_action, user_sees

ROOT = Path(__file__).resolve().parents[3]
ANSWERABLE = "聴覚障害のある人には職場でどんな配慮が必要ですか"
UNANSWERABLE = "障害年金の2級は月にいくらもらえますか"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def domain() -> dict:
    return {"responses": {name: [] for name in project_domain().responses}}


def test_a_manual_question_gets_sentences_of_its_passage_and_the_source() -> None:
    tracker = make_tracker(ANSWERABLE, intent="ask_manual")
    run = run_action(ActionManualAnswer(), tracker)
    [message] = run.messages
    assert message["response"] == "utter_manual_answer"
    state = ManualState.from_json(run.slots[STATE_SLOT])
    assert state is not None
    passage = INDEX.get(state.passage_id)
    assert passage is not None and passage.id in {"002-23-2", "002-23-0"}
    # every sentence shown is in the passage, word for word
    for sentence in message["answer"].split("\n"):
        assert squeeze(sentence) in squeeze(passage.text)
    assert message["source"] == passage.citation() and message["source"].startswith(
        "支援マニュアル"
    )
    [said] = user_sees(run, tracker)
    assert said.text is not None
    assert message["answer"] in said.text and message["source"] in said.text
    assert "市区町村" in said.text  # the next step
    assert [b["payload"] for b in said.buttons] == ["/ask_more"]
    assert not said.custom  # no unanswered marker


@pytest.mark.parametrize(
    ("intent", "response", "reason"),
    [
        ("out_of_scope", "utter_out_of_scope", "out_of_scope"),
        ("nlu_fallback", "utter_default", "fallback"),
        ("ask_manual", "utter_default", "fallback"),
    ],
)
def test_a_question_the_sources_do_not_answer_gets_the_kind_fallback(
    intent: str, response: str, reason: str
) -> None:
    tracker = make_tracker(UNANSWERABLE, intent=intent)
    run = run_action(ActionManualAnswer(), tracker)
    assert [m["response"] for m in run.messages] == [response]
    assert run.slots == {STATE_SLOT: None}
    [said] = user_sees(run, tracker)
    assert said.custom == {UNANSWERED: reason}
    assert not re.search(r"[0-9０-９]", said.text or "")


def test_refusals() -> None:
    assert refusal_for("out_of_scope") == "utter_out_of_scope"
    assert refusal_for("nlu_fallback") == "utter_default"


def user(intent: str) -> dict:
    return {"event": "user", "parse_data": {"intent": {"name": intent}}}


def slot(value: str | None) -> dict:
    return {"event": "slot", "name": STATE_SLOT, "value": value}


@pytest.mark.parametrize(
    ("events", "manual"),
    [
        pytest.param([user("ask_manual"), slot("x")], True, id="manual-answer"),
        pytest.param([user("ask_manual"), slot("x"), user("faq_cost")], False, id="faq-after"),
        pytest.param([user("faq_cost"), user("nlu_fallback"), slot(None)], False, id="refused"),
        pytest.param([user("ask_manual"), slot("x"), user("thank")], True, id="thanks-between"),
        pytest.param([], False, id="nothing"),
    ],
)
def test_which_answer_more_refers_to(events: list, manual: bool) -> None:
    assert last_answer_was_manual(events) is manual


def answered_state() -> str:
    run = run_action(ActionManualAnswer(), make_tracker(ANSWERABLE, intent="ask_manual"))
    return str(run.slots[STATE_SLOT])


def test_more_after_a_manual_answer_shows_the_next_sentences() -> None:
    state = answered_state()
    events = [user("ask_manual"), slot(state), user("ask_more")]
    tracker = make_tracker("詳しく", intent="ask_more", slots={STATE_SLOT: state}, events=events)
    run = run_action(ActionMoreDetail(), tracker, domain())
    [message] = run.messages
    assert message["response"] == "utter_manual_more"
    before = ManualState.from_json(state)
    after = ManualState.from_json(run.slots[STATE_SLOT])
    assert before is not None and after is not None
    passage = INDEX.get(before.passage_id)
    assert passage is not None
    shown_before = {passage.sentences[i] for i in before.shown}
    for sentence in message["more"].split("\n"):
        assert sentence in passage.sentences and sentence not in shown_before
    assert set(before.shown) < set(after.shown)
    [said] = user_sees(run, tracker)
    assert said.text is not None and message["source"] in said.text


def test_more_when_the_passage_is_exhausted() -> None:
    state = ManualState.from_json(answered_state())
    assert state is not None
    passage = INDEX.get(state.passage_id)
    assert passage is not None
    everything = ManualState(state.passage_id, tuple(range(len(passage.sentences)))).to_json()
    events = [user("ask_manual"), slot(everything), user("ask_more")]
    tracker = make_tracker("詳しく", slots={STATE_SLOT: everything}, events=events)
    run = run_action(ActionMoreDetail(), tracker, domain())
    assert [m["response"] for m in run.messages] == ["utter_nothing_more"]


def test_more_after_a_faq_is_still_the_faq_detail() -> None:
    state = answered_state()
    events = [user("ask_manual"), slot(state), user("faq_cost"), user("ask_more")]
    tracker = make_tracker("詳しく", slots={STATE_SLOT: state}, events=events)
    run = run_action(ActionMoreDetail(), tracker, domain())
    assert [m["response"] for m in run.messages] == ["utter_faq_cost_detail"]


def test_the_action_server_fails_loudly_without_the_seeds(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import actions.manual"],
        env={**os.environ, "BOT_SEEDS_DIR": str(tmp_path / "missing"), "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SeedsNotFoundError" in result.stderr and "BOT_SEEDS_DIR" in result.stderr
