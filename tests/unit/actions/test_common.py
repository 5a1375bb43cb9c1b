"""What the flows share (actions/common.py): the side slots of the form base."""

from __future__ import annotations

from actions.common import side_slot_events


def test_side_slots_wait_for_a_real_answer() -> None:
    updates = {"person_ref": "娘さん", "date_problem": "future"}
    assert side_slot_events(updates, requested="prior_service", form_filled_something=False) == []
    assert [
        e["name"]
        for e in side_slot_events(updates, requested="start_date", form_filled_something=False)
    ] == ["date_problem"]
    assert len(side_slot_events(updates, requested=None, form_filled_something=False)) == 2
