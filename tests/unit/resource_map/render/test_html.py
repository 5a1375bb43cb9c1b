"""The printable A4 page (bot/resource_map/render/html.py)."""

from __future__ import annotations

from bot.resource_map.render.html import render_html
from bot.resource_map.samples import sample_map
from tests.unit.resource_map.render.conftest import (
    AREA_LABELS,
    HOSTILE,
    crowded_map,
    hostile_map,
)


def test_html_is_a_printable_a4_page_with_svg_and_text_version() -> None:
    page = render_html(sample_map())
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="ja">' in page and '<meta charset="utf-8">' in page
    assert "@page { size: A4" in page
    assert page.count("<svg") == 1 and "<?xml" not in page
    for label in AREA_LABELS:
        assert f"<h2>{label}</h2>" in page
    assert "<h2>自分のめざす姿</h2>" in page
    assert page.count("<li>") == sample_map().contact_count
    assert "Noto Sans CJK JP" in page


def test_html_lists_contacts_hidden_in_the_picture() -> None:
    page = render_html(crowded_map())
    assert page.count("<li>") == 10
    assert "ほか " in page  # the figure says some are hidden


def test_html_escapes_hostile_input() -> None:
    page = render_html(hostile_map(), title=HOSTILE)
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;b&gt;" in page
    assert "&quot;quoted&quot; &amp; &#x27;single&#x27;" in page
