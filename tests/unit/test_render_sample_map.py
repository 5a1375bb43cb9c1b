"""scripts/render_sample_map.py: the sample map in every format, and the committed picture."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from bot.resource_map.render.layout import PAGE_HEIGHT, PAGE_WIDTH

ROOT = Path(__file__).resolve().parents[2]


spec = importlib.util.spec_from_file_location(
    "render_sample_map", ROOT / "scripts/render_sample_map.py"
)


assert spec and spec.loader


render_sample_map = importlib.util.module_from_spec(spec)


spec.loader.exec_module(render_sample_map)


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
