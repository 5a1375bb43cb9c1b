"""The fictional sample map (bot/resource_map/samples.py)."""

from __future__ import annotations

from bot.resource_map.model import (
    ResourceMap,
)
from bot.resource_map.samples import sample_map


def test_sample_map_round_trips_through_plain_data() -> None:
    m = sample_map()
    assert ResourceMap.from_dict(m.to_dict()) == m
    assert len([s for s in m.sections if s.contacts]) >= 3
    assert "サンプル" in (m.goal or "")
