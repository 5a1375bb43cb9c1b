"""Maps and readers shared by the rendering tests."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bot.resource_map.model import Contact, LifeArea, ResourceMap
from bot.resource_map.render import layout as rmr
from bot.resource_map.render.layout import PAGE_WIDTH, Rect, TextRun

SVG_NS = "{http://www.w3.org/2000/svg}"


AREA_LABELS = ["職場の安定", "心身の安定", "生活の安定", "余暇の充実"]


HOSTILE = '<script>alert("x")</script>&<b>'


def crowded_map() -> ResourceMap:
    m = ResourceMap(goal="長い目標" * 30)
    for i in range(10):
        m = m.add_contact(
            LifeArea.WORKPLACE,
            Contact(
                f"担当者{i}" + "さん" * 15,
                organisation="サンプル" * 15,
                about="相談" * 40,
                how_to_contact="連絡" * 40,
                phone="000-0000-0000",
                url="https://example.com/" + "x" * 120,
            ),
        )
    return m.skip_area(LifeArea.DAILY_LIFE)


def hostile_map() -> ResourceMap:
    return ResourceMap(goal=HOSTILE).add_contact(
        LifeArea.HEALTH, Contact(HOSTILE, organisation="\"quoted\" & 'single'", about=HOSTILE)
    )


def svg_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode("utf-8"))
    return [el.text or "" for el in root.iter(f"{SVG_NS}text")]


def area_boxes(layout: rmr.MapLayout) -> dict[str, Rect]:
    """The big area rectangles, keyed by the label drawn in their header."""
    rects = [s for s in layout.shapes if isinstance(s, Rect) and s.h > 400 and s.w < PAGE_WIDTH]
    labels = [s for s in layout.shapes if isinstance(s, TextRun) and s.text in AREA_LABELS]
    out = {}
    for label in labels:
        out[label.text] = next(
            r for r in rects if r.x <= label.x <= r.x + r.w and r.y <= label.y <= r.y + r.h
        )
    return out
