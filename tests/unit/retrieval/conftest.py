"""One seed index for the whole retrieval test module set (built once: ~1-3 s)."""

from __future__ import annotations

import pytest

from bot.retrieval.manual import ManualIndex


@pytest.fixture(scope="session")
def manual_index() -> ManualIndex:
    return ManualIndex.from_seeds()
