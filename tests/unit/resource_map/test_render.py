"""Rendering of the resource map (bot/resource_map/render/): layout, SVG, HTML, text, PNG."""

from __future__ import annotations

import importlib.util
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageStat

from bot.resource_map.model import LIFE_AREAS, Contact, LifeArea, ResourceMap
from bot.resource_map.render import layout as rmr
from bot.resource_map.render import png
from bot.resource_map.render.html import render_html
from bot.resource_map.render.layout import (
    DPI,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Rect,
    TextRun,
    estimate_width,
    layout_map,
    wrap_text,
)
from bot.resource_map.render.png import FontNotFoundError, find_japanese_font, render_png
from bot.resource_map.render.svg import render_svg
from bot.resource_map.render.text import render_text
from bot.resource_map.samples import sample_map
from bot.resource_map.validation import ResourceMapError

ROOT = Path(__file__).resolve().parents[3]
spec = importlib.util.spec_from_file_location(
    "render_sample_map", ROOT / "scripts/render_sample_map.py"
)
assert spec and spec.loader
render_sample_map = importlib.util.module_from_spec(spec)
spec.loader.exec_module(render_sample_map)

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


# --- wrapping ------------------------------------------------------------------------


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


# --- layout --------------------------------------------------------------------------


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


# --- text version ----------------------------------------------------------------------


def test_text_version_lists_everything_in_reading_order() -> None:
    m = crowded_map()
    text = render_text(m)
    positions = [text.index(f"■ {label}") for label in AREA_LABELS]
    assert positions == sorted(positions)
    assert text.index("■ 自分のめざす姿") < positions[0]
    for contact in m.contacts(LifeArea.WORKPLACE):  # all ten, none truncated
        assert contact.display_name in text
    assert "（今回は記入しません）" in text and "（まだ記入していません）" in text


def test_text_version_of_the_sample() -> None:
    text = render_text(sample_map())
    assert "1. 上司（サンプル株式会社 総務課）" in text
    assert "相談すること：体調や薬のこと" in text
    assert "連絡方法：電話 / 000-0000-0000" in text


# --- SVG -----------------------------------------------------------------------------


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


# --- HTML ----------------------------------------------------------------------------


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


# --- PNG -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("png") / "map.png"
    render_png(sample_map(), path, title="リソースマップ（サンプル）")
    return path


def test_png_exists_with_a4_size_at_150_dpi(sample_png: Path) -> None:
    assert sample_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(sample_png) as im:
        assert im.size == (PAGE_WIDTH, PAGE_HEIGHT) == (1240, 1754)  # 210×297 mm at 150 dpi
        assert round(im.info["dpi"][0]) == DPI


def test_png_is_not_blank(sample_png: Path) -> None:
    with Image.open(sample_png) as im:
        grey = im.convert("L")
        assert ImageStat.Stat(grey).stddev[0] > 20
        colours = im.convert("RGB").getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 50  # text anti-aliasing + 4 area colours


def test_png_draws_text_in_every_area_header(sample_png: Path) -> None:
    layout = layout_map(sample_map())
    with Image.open(sample_png) as im:
        grey = im.convert("L")
        for label, box in area_boxes(layout).items():
            header = grey.crop(
                (int(box.x + 100), int(box.y + 10), int(box.x + box.w - 100), int(box.y + 60))
            )
            extrema = header.getextrema()
            assert isinstance(extrema[0], (int, float)) and extrema[0] < 80, (
                label
            )  # dark glyphs on the pastel band


def test_png_bytes_are_returned_without_a_path() -> None:
    data = render_png(ResourceMap())
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (PAGE_WIDTH, PAGE_HEIGHT)


def test_japanese_font_has_real_glyphs() -> None:
    font = png._pil_font(40, False)
    assert "JP" in (font.getname()[0] or "")
    # a missing glyph (tofu) would draw the same box for every character
    masks = {bytes(font.getmask(ch)) for ch in "職心生余"}
    assert len(masks) == 4
    assert font.getlength("職場") == pytest.approx(80, abs=1)


def test_missing_font_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESOURCE_MAP_FONT", "/nonexistent/font.ttc")
    find_japanese_font.cache_clear()
    try:
        with pytest.raises(FontNotFoundError, match="RESOURCE_MAP_FONT"):
            find_japanese_font()
    finally:
        monkeypatch.delenv("RESOURCE_MAP_FONT")
        find_japanese_font.cache_clear()


def test_font_search_message_names_the_debian_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(png, "_FONT_DIRS", ("/nonexistent",))
    find_japanese_font.cache_clear()
    try:
        with pytest.raises(FontNotFoundError, match="fonts-noto-cjk"):
            find_japanese_font()
    finally:
        find_japanese_font.cache_clear()


def test_committed_sample_png_is_an_a4_render() -> None:
    path = ROOT / "docs/resource_map_sample.png"
    regenerate = "python scripts/render_sample_map.py docs/resource_map_sample.png"
    assert path.is_file(), regenerate
    with Image.open(path) as im:
        assert im.size == (PAGE_WIDTH, PAGE_HEIGHT)
        assert ImageStat.Stat(im.convert("L")).stddev[0] > 20


@pytest.mark.parametrize("suffix", [".png", ".svg", ".html", ".txt"])
def test_command_line_renders_the_sample(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"map{suffix}"
    assert render_sample_map.main([str(out)]) == 0
    assert out.stat().st_size > 500
    if suffix != ".png":
        assert "サンプル" in out.read_text(encoding="utf-8")


def test_command_line_rejects_unknown_formats(tmp_path: Path) -> None:
    assert render_sample_map.main([str(tmp_path / "map.gif")]) == 2
    assert render_sample_map.main([]) == 2


@pytest.mark.parametrize("area", LIFE_AREAS)
def test_empty_and_skipped_areas_render(area: LifeArea) -> None:
    m = ResourceMap().skip_area(area)
    texts = svg_texts(render_svg(m))
    assert texts.count("（今回は記入しません）") == 1
    assert texts.count("（まだ記入していません）") == 4  # three areas + the goal
