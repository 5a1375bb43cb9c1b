"""The SVG worksheet (bot/resource_map/render/svg.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.resource_map.model import LIFE_AREAS, Contact, LifeArea, ResourceMap
from bot.resource_map.render.layout import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
)
from bot.resource_map.render.svg import render_svg
from bot.resource_map.samples import sample_map
from bot.resource_map.validation import ResourceMapError
from tests.unit.resource_map.render.conftest import (
    AREA_LABELS,
    HOSTILE,
    SVG_NS,
    hostile_map,
    svg_texts,
)


def test_svg_is_valid_a4_with_japanese_font_and_text() -> None:
    m = sample_map()
    svg = render_svg(m)
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == f"0 0 {PAGE_WIDTH} {PAGE_HEIGHT}"
    assert (root.get("width"), root.get("height")) == ("210mm", "297mm")
    assert "Noto Sans CJK JP" in (root.get("font-family") or "")
    texts = svg_texts(svg)
    for label in [*AREA_LABELS, "自分のめざす姿", "主治医（サンプルクリニック）"]:
        assert any(label in t for t in texts), label
    assert m.goal and any(t in m.goal for t in texts if t)
    title = root.find(f"{SVG_NS}title")
    desc = root.find(f"{SVG_NS}desc")
    assert title is not None and title.text == "リソースマップ"
    assert desc is not None and "相談すること：仕事の量や進め方" in (desc.text or "")


def test_svg_escapes_hostile_input() -> None:
    svg = render_svg(hostile_map(), title=HOSTILE)
    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
    root = ET.fromstring(svg.encode("utf-8"))  # still well-formed
    assert not list(root.iter(f"{SVG_NS}script"))
    assert any("<script>" in t for t in svg_texts(svg))  # shown as text, literally


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_svg_is_well_formed_for_any_valid_input(name: str, goal: str) -> None:
    try:
        m = ResourceMap.create(goal=goal).add_contact(
            LifeArea.LEISURE, Contact.create(name, about=name)
        )
    except ResourceMapError:
        return
    ET.fromstring(render_svg(m, title=name or "x").encode("utf-8"))


@pytest.mark.parametrize("area", LIFE_AREAS)
def test_empty_and_skipped_areas_render(area: LifeArea) -> None:
    m = ResourceMap().skip_area(area)
    texts = svg_texts(render_svg(m))
    assert texts.count("（今回は記入しません）") == 1
    assert texts.count("（まだ記入していません）") == 4  # three areas + the goal
