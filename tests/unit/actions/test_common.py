"""What the flows share (actions/common.py): the side slots of the form base, 「やめる」."""

from __future__ import annotations

from actions.common import ActionStop, side_slot_events
from tests.unit.actions.conftest import make_tracker, run_action


def test_side_slots_wait_for_a_real_answer() -> None:
    updates = {"person_ref": "娘さん", "date_problem": "future"}
    assert side_slot_events(updates, requested="prior_service", form_filled_something=False) == []
    assert [
        e["name"]
        for e in side_slot_events(updates, requested="start_date", form_filled_something=False)
    ] == ["date_problem"]
    assert len(side_slot_events(updates, requested=None, form_filled_something=False)) == 2


def test_stop_leaves_the_flow_but_keeps_the_walkthrough_step() -> None:
    run = run_action(ActionStop(), make_tracker("やめる", slots={"walkthrough_step": 4.0}))
    assert run.slots == {
        "walkthrough_active": False,
        "prior_service": None,
        "employment": None,
        "date_problem": None,
        "pending_month": None,
    }
    assert run.messages == []
