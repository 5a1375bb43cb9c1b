"""The resource map as PNG bytes (1240×1754 px = A4 at 150 dpi), drawn with Pillow.

The only module of the package that needs Pillow (imported when a PNG is drawn) and a Japanese
font file (`find_japanese_font`).  The API answers `503 export_unavailable` without them.
"""

from __future__ import annotations

import functools
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

from bot.resource_map.model import ResourceMap
from bot.resource_map.render.layout import (
    DEFAULT_FOOTER,
    DEFAULT_SUBTITLE,
    DPI,
    Line,
    Rect,
    layout_map,
)
from bot.resource_map.render.text import DEFAULT_TITLE

if TYPE_CHECKING:
    from PIL import ImageFont

__all__ = ["FontNotFoundError", "find_japanese_font", "render_png"]


class FontNotFoundError(RuntimeError):
    """No Japanese font: install Debian's fonts-noto-cjk or set RESOURCE_MAP_FONT."""


_FONT_FILES = {
    False: (
        "NotoSansCJK-Regular.ttc",
        "NotoSansCJKjp-Regular.otf",
        "NotoSansJP-Regular.otf",
        "NotoSansJP-Regular.ttf",
        "NotoSansCJK-Regular.otf",
    ),
    True: (
        "NotoSansCJK-Bold.ttc",
        "NotoSansCJKjp-Bold.otf",
        "NotoSansJP-Bold.otf",
        "NotoSansJP-Bold.ttf",
        "NotoSansCJK-Bold.otf",
    ),
}
_FONT_DIRS = (
    "/usr/share/fonts/opentype/noto",  # Debian/Ubuntu fonts-noto-cjk
    "/usr/share/fonts/noto-cjk",  # Arch
    "/usr/share/fonts/google-noto-cjk",  # Fedora
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/opt/homebrew/share/fonts",
    "~/Library/Fonts",
    "/Library/Fonts",
)


@functools.lru_cache(maxsize=4)
def find_japanese_font(bold: bool = False) -> Path:
    """Path of a Noto Sans CJK / Noto Sans JP font file.

    `RESOURCE_MAP_FONT` (or `RESOURCE_MAP_FONT_BOLD`) wins when set; then the usual
    font directories of Debian, Fedora, Arch and macOS are searched.  A missing bold
    face falls back to the regular one.  Raises `FontNotFoundError` with the fix.
    """
    env = os.environ.get("RESOURCE_MAP_FONT_BOLD" if bold else "RESOURCE_MAP_FONT")
    if env:
        path = Path(env).expanduser()
        if path.is_file():
            return path
        raise FontNotFoundError(f"RESOURCE_MAP_FONT points to a missing file: {path}")
    names = _FONT_FILES[bold]
    for directory in _FONT_DIRS:
        root = Path(directory).expanduser()
        if not root.is_dir():
            continue
        for name in names:
            if (root / name).is_file():
                return root / name
        for dirpath, _dirs, files in os.walk(root):
            for name in names:
                if name in files:
                    return Path(dirpath) / name
    if bold:
        return find_japanese_font(False)
    raise FontNotFoundError(
        "No Japanese font found for the resource map PNG. Install the Debian package "
        "fonts-noto-cjk (apt-get install fonts-noto-cjk) or set RESOURCE_MAP_FONT to a "
        "Noto Sans CJK JP / Noto Sans JP font file."
    )


@functools.lru_cache(maxsize=64)
def _pil_font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    path = find_japanese_font(bold)
    if path.suffix.lower() == ".ttc":
        # A .ttc holds JP, KR, SC, TC… faces: pick the JP (proportional) one.
        for index in range(16):
            try:
                font = ImageFont.truetype(str(path), size, index=index)
            except OSError:
                break
            family = font.getname()[0] or ""
            if "JP" in family and "Mono" not in family:
                return font
    return ImageFont.truetype(str(path), size)


def _pil_measure(text: str, size: int, bold: bool) -> float:
    return float(_pil_font(size, bold).getlength(text))


def render_png(
    rmap: ResourceMap,
    path: str | os.PathLike[str] | None = None,
    *,
    title: str = DEFAULT_TITLE,
    subtitle: str | None = DEFAULT_SUBTITLE,
    footer: str | None = DEFAULT_FOOTER,
) -> bytes:
    """The worksheet as PNG bytes (1240×1754 px = A4 at 150 dpi); also written to `path`
    when given.  Needs Pillow and a Japanese font (see `find_japanese_font`)."""
    from PIL import Image, ImageDraw

    find_japanese_font(False)  # fail early with a clear message
    layout = layout_map(rmap, title=title, subtitle=subtitle, footer=footer, measure=_pil_measure)
    image = Image.new("RGB", (layout.width, layout.height), "#FFFFFF")
    draw = ImageDraw.Draw(image)
    bold_is_regular = find_japanese_font(True) == find_japanese_font(False)
    for shape in layout.shapes:
        if isinstance(shape, Rect):
            outline = None if shape.stroke == "none" else shape.stroke
            box = (shape.x, shape.y, shape.x + shape.w, shape.y + shape.h)
            width = int(shape.stroke_width) if outline else 0
            if shape.radius:
                draw.rounded_rectangle(
                    box, radius=shape.radius, fill=shape.fill, outline=outline, width=width
                )
            else:
                draw.rectangle(box, fill=shape.fill, outline=outline, width=width)
        elif isinstance(shape, Line):
            draw.line(
                (shape.x1, shape.y1, shape.x2, shape.y2), fill=shape.stroke, width=int(shape.width)
            )
        else:
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape.anchor]
            fake_bold = shape.bold and bold_is_regular
            draw.text(
                (shape.x, shape.y),
                shape.text,
                font=_pil_font(shape.size, shape.bold),
                fill=shape.fill,
                anchor=anchor,
                stroke_width=1 if fake_bold else 0,
                stroke_fill=shape.fill,
            )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(DPI, DPI), optimize=True)
    data = buffer.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data
