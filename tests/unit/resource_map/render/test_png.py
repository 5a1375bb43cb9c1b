"""The PNG worksheet and its font (bot/resource_map/render/png.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from bot.resource_map.model import ResourceMap
from bot.resource_map.render import png
from bot.resource_map.render.layout import (
    DPI,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    layout_map,
)
from bot.resource_map.render.png import FontNotFoundError, find_japanese_font, render_png
from bot.resource_map.samples import sample_map
from tests.unit.resource_map.render.conftest import (
    area_boxes,
)


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
