"""The A4 worksheet layout (bot/resource_map/render/layout.py): wrapping, boxes, truncation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.resource_map.model import LifeArea
from bot.resource_map.render.layout import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    TextRun,
    estimate_width,
    layout_map,
    wrap_text,
)
from bot.resource_map.samples import sample_map
from tests.unit.resource_map.render.conftest import (
    AREA_LABELS,
    area_boxes,
    crowded_map,
)

# --- wrapping -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width", "max_lines", "expected"),
    [
        ("あいうえお", 100, None, ["あいうえお"]),
        ("あいうえおかきくけこ", 100, None, ["あいうえお", "かきくけこ"]),
        ("あいうえ。かきく", 80, None, ["あいう", "え。かき", "く"]),  # 。 never starts a line
        ("あいうえ」かきく", 80, None, ["あいう", "え」かき", "く"]),
        ("あいうえおかきくけこさしすせそ", 100, 2, ["あいうえお", "かきくけ…"]),
        ("", 100, None, []),
        ("ab cd", 1000, None, ["ab cd"]),
    ],
)
def test_wrap_text(text: str, width: int, max_lines: int | None, expected: list[str]) -> None:
    assert wrap_text(text, width, 20, max_lines=max_lines) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.text(min_size=1, max_size=200),
    st.integers(min_value=40, max_value=600),
    st.none() | st.integers(min_value=1, max_value=4),
)
def test_wrapped_lines_fit(text: str, width: int, max_lines: int | None) -> None:
    lines = wrap_text(text, width, 20, max_lines=max_lines)
    for line in lines:
        # a single character (plus a kinsoku neighbour) may exceed a very narrow width
        assert estimate_width(line, 20) <= width or len(line) <= 2
    if max_lines is not None:
        assert len(lines) <= max_lines


# --- layout ---------------------------------------------------------------------------------


def test_layout_is_the_worksheet_goal_in_the_centre_areas_around() -> None:
    layout = layout_map(sample_map())
    assert (layout.width, layout.height) == (PAGE_WIDTH, PAGE_HEIGHT)
    boxes = area_boxes(layout)
    assert set(boxes) == set(AREA_LABELS)
    w, h, d, le = (boxes[a] for a in AREA_LABELS)
    assert w.y == h.y < d.y == le.y and w.x == d.x < h.x == le.x  # 2 × 2 around the centre
    goal = next(s for s in layout.shapes if isinstance(s, TextRun) and s.text == "自分のめざす姿")
    assert w.y + w.h < goal.y < d.y
    assert abs(goal.x - PAGE_WIDTH / 2) < 1


def test_every_text_run_stays_inside_the_page_and_its_box() -> None:
    layout = layout_map(crowded_map())
    boxes = list(area_boxes(layout).values())
    for run in (s for s in layout.shapes if isinstance(s, TextRun)):
        width = estimate_width(run.text, run.size, run.bold)
        left = {"start": run.x, "middle": run.x - width / 2, "end": run.x - width}[run.anchor]
        assert 0 <= left and left + width <= PAGE_WIDTH, run.text
        for box in boxes:
            if box.x <= run.x <= box.x + box.w and box.y <= run.y <= box.y + box.h:
                assert box.x <= left and left + width <= box.x + box.w + 0.5, run.text
                assert run.y <= box.y + box.h


def test_many_contacts_are_truncated_with_a_count() -> None:
    layout = layout_map(crowded_map())
    hidden = layout.hidden_counts[LifeArea.WORKPLACE]
    assert 0 < hidden < 10
    texts = list(layout.texts())
    assert f"ほか {hidden} 件" in texts
    assert any(t.endswith("…") for t in texts)
    assert "（今回は記入しません）" in texts  # skipped area
    assert "（まだ記入していません）" in texts  # untouched areas


def test_sample_map_fits_without_truncation() -> None:
    layout = layout_map(sample_map())
    assert not any(layout.hidden_counts.values())
    assert not any(t.endswith("…") for t in layout.texts())
