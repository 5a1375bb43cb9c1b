"""Rendering of a resource map (リソースマップ) like the manual's worksheet (seed 002 §32).

The worksheet puts the person's goal (自分のめざす姿) in the centre and the four areas
of life around it — 職場の安定 and 心身の安定 above, 生活の安定 and 余暇の充実 below —
each with the people they can consult.  Outputs:

- `render_svg`   SVG string (A4 portrait, 1240×1754 user units = 150 dpi);
- `render_html`  printable A4 page: the SVG inline plus the text version as headings/lists;
- `render_text`  plain accessible text version;
- `render_png`   PNG bytes drawn with Pillow (imported lazily) and the Noto CJK font.

One layout engine produces boxes, lines and text runs; SVG and PNG only draw them.
Long text wraps; an area with more contacts than fit shows 「ほか N 件」 (the text
versions always list everything).  Only stdlib here, plus Pillow for PNG.
"""

from __future__ import annotations

import functools
import html
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import quoteattr

from bot.resource_map.model import AreaSection, Contact, LifeArea, ResourceMap

if TYPE_CHECKING:
    from PIL import ImageFont

__all__ = [
    "DPI",
    "FONT_FAMILY",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "FontNotFoundError",
    "MapLayout",
    "estimate_width",
    "find_japanese_font",
    "layout_map",
    "render_html",
    "render_png",
    "render_svg",
    "render_text",
    "wrap_text",
]

# A4 portrait (210 × 297 mm) at 150 dpi.
DPI = 150
PAGE_WIDTH = 1240
PAGE_HEIGHT = 1754
FONT_FAMILY = "'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"

DEFAULT_TITLE = "リソースマップ"
DEFAULT_SUBTITLE = "支援が終わった後に、誰に・何を・どのように相談できるか"  # 002 §32
DEFAULT_FOOTER = "「就労定着支援の質を高めるための支援マニュアル」（32）のワークシートをもとに作成"
GOAL_LABEL = "自分のめざす姿"  # 002 §32 worksheet centre
NOT_FILLED = "（まだ記入していません）"
SKIPPED = "（今回は記入しません）"
ABOUT_PREFIX = "相談すること："
HOW_PREFIX = "連絡方法："
TEXT_VERSION_HEADING = "テキスト版"

# Pastel fill, stronger header band; dark text on both (contrast well above 4.5:1).
AREA_COLOURS: dict[LifeArea, tuple[str, str]] = {
    LifeArea.WORKPLACE: ("#EAF3FC", "#A9CDF0"),
    LifeArea.HEALTH: ("#FDEDEB", "#F2B3AC"),
    LifeArea.DAILY_LIFE: ("#EDF7EA", "#B3DDA7"),
    LifeArea.LEISURE: ("#FFF6E0", "#F5D383"),
}
INK = "#1A1A1A"
MUTED = "#4D4D4D"
BORDER = "#555555"
GOAL_FILL = "#FFFBE6"
GOAL_STROKE = "#B08900"


# --- primitives ----------------------------------------------------------------------


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str = BORDER
    stroke_width: float = 2
    radius: float = 0


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = BORDER
    width: float = 3


@dataclass(frozen=True)
class TextRun:
    x: float
    y: float  # baseline
    text: str
    size: int
    bold: bool = False
    fill: str = INK
    anchor: str = "start"  # or "middle"


Shape: TypeAlias = Rect | Line | TextRun


@dataclass(frozen=True)
class MapLayout:
    width: int
    height: int
    shapes: tuple[Shape, ...]
    title: str
    hidden_counts: dict[LifeArea, int]  # contacts not drawn for lack of room, per area

    def texts(self) -> Iterator[str]:
        for s in self.shapes:
            if isinstance(s, TextRun):
                yield s.text


# width of `text` at font size `size` (px), bold or not
Measure = Callable[[str, int, bool], float]


def estimate_width(text: str, size: int, bold: bool = False) -> float:
    """Font-independent width estimate: CJK and ambiguous characters 1 em, others 0.62 em.

    Noto Sans CJK JP sets kana/kanji at exactly 1 em and Latin narrower, so this
    errs on the wide side, which keeps SVG text inside its box in any viewer.
    """
    total = 0.0
    for ch in text:
        eaw = unicodedata.east_asian_width(ch)
        total += 1.0 if eaw in ("W", "F", "A") else (0.5 if eaw == "H" else 0.62)
    return total * size * (1.03 if bold else 1.0)


# Characters that must not start a line (simple 禁則処理).
_NO_LINE_START = set(
    "、。，．・：；？！ー）」』】〕〉》…ぁぃぅぇぉっゃゅょァィゥェォッャュョ,.:;!?)]}"
)
ELLIPSIS = "…"


def wrap_text(
    text: str,
    max_width: float,
    size: int,
    *,
    measure: Measure = estimate_width,
    bold: bool = False,
    max_lines: int | None = None,
) -> list[str]:
    """Break `text` into lines no wider than `max_width` (character by character, as
    Japanese has no spaces); a line never starts with 、。）」 etc.  With `max_lines`,
    the last kept line ends in 「…」."""
    lines: list[str] = []
    current = ""
    for ch in text:
        candidate = current + ch
        if not current or measure(candidate, size, bold) <= max_width:
            current = candidate
            continue
        if ch in _NO_LINE_START and len(current) > 1:
            # move the last character down with the punctuation
            lines.append(current[:-1])
            current = current[-1] + ch
        else:
            lines.append(current.rstrip())
            current = ch.lstrip()
    if current:
        lines.append(current)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _fit_with_ellipsis(lines[-1], max_width, size, measure, bold)
    return lines


def _fit_with_ellipsis(line: str, max_width: float, size: int, measure: Measure, bold: bool) -> str:
    while line and measure(line + ELLIPSIS, size, bold) > max_width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


# --- layout --------------------------------------------------------------------------

MARGIN = 60
GAP = 28
TOP = 190
BOTTOM = PAGE_HEIGHT - 94
GOAL_H = 260
BOX_W = (PAGE_WIDTH - 2 * MARGIN - GAP) // 2
BOX_H = (BOTTOM - TOP - GOAL_H - 2 * GAP) // 2
HEADER_H = 66
PAD = 22
NAME_SIZE = 26
DETAIL_SIZE = 22
INDENT = 34
LINE_GAP = 1.38
BLOCK_GAP = 16

_POSITIONS: dict[LifeArea, tuple[int, int]] = {
    LifeArea.WORKPLACE: (MARGIN, TOP),
    LifeArea.HEALTH: (MARGIN + BOX_W + GAP, TOP),
    LifeArea.DAILY_LIFE: (MARGIN, TOP + BOX_H + GAP + GOAL_H + GAP),
    LifeArea.LEISURE: (MARGIN + BOX_W + GAP, TOP + BOX_H + GAP + GOAL_H + GAP),
}


def _contact_block(
    number: int, contact: Contact, x: float, width: float, measure: Measure
) -> list[tuple[float, str, int, bool, str]]:
    """Lines of one contact as (x, text, size, bold, colour), top to bottom."""
    out: list[tuple[float, str, int, bool, str]] = []
    head = f"{number}. {contact.display_name}"
    for line in wrap_text(head, width, NAME_SIZE, measure=measure, bold=True, max_lines=2):
        out.append((x, line, NAME_SIZE, True, INK))
    for prefix, value in ((ABOUT_PREFIX, contact.about), (HOW_PREFIX, contact.contact_line)):
        if value:
            for line in wrap_text(
                prefix + value, width - INDENT, DETAIL_SIZE, measure=measure, max_lines=2
            ):
                out.append((x + INDENT, line, DETAIL_SIZE, False, MUTED))
    return out


def _line_height(size: int) -> float:
    return size * LINE_GAP


def _area_shapes(section: AreaSection, measure: Measure) -> tuple[list[Shape], int]:
    x, y = _POSITIONS[section.area]
    fill, band = AREA_COLOURS[section.area]
    shapes: list[Shape] = [
        Rect(x, y, BOX_W, BOX_H, fill, radius=18),
        Rect(x, y, BOX_W, HEADER_H, band, radius=18),
        # square off the band's lower corners
        Rect(x + 1, y + HEADER_H - 18, BOX_W - 2, 18, band, stroke="none", stroke_width=0),
        Line(x, y + HEADER_H, x + BOX_W, y + HEADER_H, width=2),
        TextRun(x + BOX_W / 2, y + 45, section.area.label, 32, bold=True, anchor="middle"),
    ]
    inner_x = x + PAD
    inner_w = BOX_W - 2 * PAD
    cursor: float = y + HEADER_H + PAD
    bottom = y + BOX_H - PAD
    contacts = section.contacts
    if not contacts:
        note = SKIPPED if section.skipped else NOT_FILLED
        shapes.append(TextRun(inner_x, cursor + DETAIL_SIZE, note, DETAIL_SIZE, fill=MUTED))
        return shapes, 0
    more_h = _line_height(DETAIL_SIZE)
    shown = 0
    for i, contact in enumerate(contacts):
        block = _contact_block(i + 1, contact, inner_x, inner_w, measure)
        block_h = sum(_line_height(size) for _, _, size, _, _ in block)
        is_last = i == len(contacts) - 1
        if cursor + block_h + (0 if is_last else more_h) > bottom:
            break
        for bx, text, size, bold, colour in block:
            cursor += _line_height(size)
            shapes.append(TextRun(bx, cursor - size * 0.3, text, size, bold=bold, fill=colour))
        cursor += BLOCK_GAP
        shown += 1
    hidden = len(contacts) - shown
    if hidden:
        shapes.append(
            TextRun(
                x + BOX_W - PAD,
                bottom - 4,
                f"ほか {hidden} 件",
                DETAIL_SIZE,
                bold=True,
                fill=INK,
                anchor="end",
            )
        )
    return shapes, hidden


def layout_map(
    rmap: ResourceMap,
    *,
    title: str = DEFAULT_TITLE,
    subtitle: str | None = DEFAULT_SUBTITLE,
    footer: str | None = DEFAULT_FOOTER,
    measure: Measure = estimate_width,
) -> MapLayout:
    """Place everything on the A4 canvas; `measure` gives text widths (SVG uses an
    estimate, PNG the real font)."""
    title = _sanitize(title)
    shapes: list[Shape] = [
        Rect(0, 0, PAGE_WIDTH, PAGE_HEIGHT, "#FFFFFF", stroke="none", stroke_width=0)
    ]
    title_line = wrap_text(
        title, PAGE_WIDTH - 2 * MARGIN, 46, measure=measure, bold=True, max_lines=1
    )[0]
    shapes.append(TextRun(PAGE_WIDTH / 2, 112, title_line, 46, bold=True, anchor="middle"))
    if subtitle:
        sub = wrap_text(
            _sanitize(subtitle), PAGE_WIDTH - 2 * MARGIN, 24, measure=measure, max_lines=1
        )[0]
        shapes.append(TextRun(PAGE_WIDTH / 2, 156, sub, 24, fill=MUTED, anchor="middle"))

    # goal in the centre, joined to the four areas
    goal_x, goal_w = MARGIN + 150, PAGE_WIDTH - 2 * (MARGIN + 150)
    goal_y = TOP + BOX_H + GAP
    for bx, by in _POSITIONS.values():
        cx = bx + BOX_W / 2
        if by == TOP:
            shapes.append(Line(cx, by + BOX_H, cx, goal_y))
        else:
            shapes.append(Line(cx, goal_y + GOAL_H, cx, by))
    shapes.append(
        Rect(
            goal_x,
            goal_y,
            goal_w,
            GOAL_H,
            GOAL_FILL,
            stroke=GOAL_STROKE,
            stroke_width=4,
            radius=GOAL_H / 2,
        )
    )
    shapes.append(TextRun(PAGE_WIDTH / 2, goal_y + 58, GOAL_LABEL, 30, bold=True, anchor="middle"))
    goal_text = rmap.goal or NOT_FILLED
    goal_lines = wrap_text(goal_text, goal_w - 2 * 90, 28, measure=measure, max_lines=3)
    line_h = _line_height(28)
    first = goal_y + 58 + (GOAL_H - 58 - len(goal_lines) * line_h) / 2 + 28 * 0.9
    for i, line in enumerate(goal_lines):
        shapes.append(
            TextRun(
                PAGE_WIDTH / 2,
                first + i * line_h,
                line,
                28,
                fill=INK if rmap.goal else MUTED,
                anchor="middle",
            )
        )

    hidden: dict[LifeArea, int] = {}
    for section in rmap.sections:
        area_shapes, hidden[section.area] = _area_shapes(section, measure)
        shapes.extend(area_shapes)

    if footer:
        foot = wrap_text(
            _sanitize(footer), PAGE_WIDTH - 2 * MARGIN, 18, measure=measure, max_lines=1
        )[0]
        shapes.append(TextRun(MARGIN, PAGE_HEIGHT - 48, foot, 18, fill=MUTED))
    return MapLayout(PAGE_WIDTH, PAGE_HEIGHT, tuple(shapes), title, hidden)


# --- text version --------------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _sanitize(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (contacts never have them; titles might)."""
    return _XML_INVALID.sub("", text)


def _contact_lines(contact: Contact) -> list[str]:
    lines = [contact.display_name]
    if contact.about:
        lines.append(ABOUT_PREFIX + contact.about)
    if contact.contact_line:
        lines.append(HOW_PREFIX + contact.contact_line)
    return lines


def render_text(rmap: ResourceMap, *, title: str = DEFAULT_TITLE) -> str:
    """Plain accessible text version: every contact, no truncation, reading order."""
    out = [_sanitize(title), "", f"■ {GOAL_LABEL}", f"  {rmap.goal or NOT_FILLED}"]
    for section in rmap.sections:
        out += ["", f"■ {section.area.label}"]
        if not section.contacts:
            out.append(f"  {SKIPPED if section.skipped else NOT_FILLED}")
        for i, contact in enumerate(section.contacts, 1):
            first, *rest = _contact_lines(contact)
            out.append(f"  {i}. {first}")
            out += [f"     {line}" for line in rest]
    return "\n".join(out) + "\n"


# --- SVG -----------------------------------------------------------------------------


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg_shape(shape: Shape) -> str:
    if isinstance(shape, Rect):
        stroke = (
            ""
            if shape.stroke == "none"
            else (f' stroke="{shape.stroke}" stroke-width="{_n(shape.stroke_width)}"')
        )
        radius = f' rx="{_n(shape.radius)}"' if shape.radius else ""
        return (
            f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}" '
            f'height="{_n(shape.h)}"{radius} fill="{shape.fill}"{stroke}/>'
        )
    if isinstance(shape, Line):
        return (
            f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" '
            f'y2="{_n(shape.y2)}" stroke="{shape.stroke}" stroke-width="{_n(shape.width)}"/>'
        )
    weight = ' font-weight="bold"' if shape.bold else ""
    anchor = "" if shape.anchor == "start" else f' text-anchor="{shape.anchor}"'
    return (
        f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{shape.size}"{weight}'
        f'{anchor} fill="{shape.fill}">{_xml_escape(_sanitize(shape.text))}</text>'
    )


def render_svg(
    rmap: ResourceMap,
    *,
    title: str = DEFAULT_TITLE,
    subtitle: str | None = DEFAULT_SUBTITLE,
    footer: str | None = DEFAULT_FOOTER,
    description: str | None = None,
    with_xml_declaration: bool = True,
) -> str:
    """The worksheet as an SVG document (A4; 1240×1754 user units).

    `<title>` names the map; `<desc>` holds the full text version (or `description`)
    for screen readers.  All user text is XML-escaped.
    """
    layout = layout_map(rmap, title=title, subtitle=subtitle, footer=footer)
    desc = description if description is not None else render_text(rmap, title=title)
    parts = []
    if with_xml_declaration:
        parts.append('<?xml version="1.0" encoding="UTF-8"?>')
    parts.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" '
        f'viewBox="0 0 {layout.width} {layout.height}" role="img" '
        f'aria-labelledby="rm-title rm-desc" font-family={quoteattr(FONT_FAMILY)}>'
    )
    parts.append(f'<title id="rm-title">{_xml_escape(layout.title)}</title>')
    parts.append(f'<desc id="rm-desc">{_xml_escape(_sanitize(desc))}</desc>')
    parts.extend(_svg_shape(s) for s in layout.shapes)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# --- HTML ----------------------------------------------------------------------------

_CSS = """
@page { size: A4 portrait; margin: 0; }
* { box-sizing: border-box; }
body { margin: 0; color: #1a1a1a; background: #fff;
  font-family: 'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', sans-serif; }
figure.map { margin: 0 auto; max-width: 210mm; }
figure.map svg { display: block; width: 100%; height: auto; }
.text-version { max-width: 210mm; margin: 0 auto; padding: 15mm; line-height: 1.7; }
.text-version h1 { font-size: 1.5rem; margin: 0 0 0.5em; }
.text-version h2 { font-size: 1.2rem; margin: 1.2em 0 0.3em; border-bottom: 2px solid #999; }
.text-version ol { padding-left: 1.5em; margin: 0; }
.text-version li { margin: 0 0 0.6em; }
.text-version p { margin: 0; }
@media print {
  figure.map svg { width: 210mm; height: 297mm; }
  .text-version { break-before: page; page-break-before: always; }
  h2, li { break-inside: avoid; page-break-inside: avoid; }
}
"""


def _e(text: str) -> str:
    return html.escape(_sanitize(text), quote=True)


def _html_text_version(rmap: ResourceMap, title: str) -> str:
    parts = [
        '<section class="text-version" aria-labelledby="tv-title">',
        f'<h1 id="tv-title">{_e(title)}（{TEXT_VERSION_HEADING}）</h1>',
        f"<h2>{GOAL_LABEL}</h2>",
        f"<p>{_e(rmap.goal or NOT_FILLED)}</p>",
    ]
    for section in rmap.sections:
        parts.append(f"<h2>{_e(section.area.label)}</h2>")
        if not section.contacts:
            parts.append(f"<p>{SKIPPED if section.skipped else NOT_FILLED}</p>")
            continue
        parts.append("<ol>")
        for contact in section.contacts:
            first, *rest = _contact_lines(contact)
            details = "".join(f"<p>{_e(line)}</p>" for line in rest)
            parts.append(f"<li><p><strong>{_e(first)}</strong></p>{details}</li>")
        parts.append("</ol>")
    parts.append("</section>")
    return "\n".join(parts)


def render_html(
    rmap: ResourceMap,
    *,
    title: str = DEFAULT_TITLE,
    subtitle: str | None = DEFAULT_SUBTITLE,
    footer: str | None = DEFAULT_FOOTER,
) -> str:
    """A printable A4 page: page 1 the worksheet (inline SVG), then the text version
    with headings and lists (what screen readers read; the SVG only names itself)."""
    svg = render_svg(
        rmap,
        title=title,
        subtitle=subtitle,
        footer=footer,
        with_xml_declaration=False,
        description="内容は、下のテキスト版で読めます。",
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<main>\n<figure class="map">\n{svg}</figure>\n'
        f"{_html_text_version(rmap, title)}\n</main>\n</body>\n</html>\n"
    )


# --- PNG (Pillow) --------------------------------------------------------------------


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


def main(argv: list[str] | None = None) -> int:
    """``python -m bot.resource_map.render.layout OUT.png|.svg|.html|.txt`` renders the sample map."""
    import sys

    from bot.resource_map.model import sample_map

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(
            "usage: python -m bot.resource_map.render.layout OUT.(png|svg|html|txt)",
            file=sys.stderr,
        )
        return 2
    out = Path(args[0])
    rmap, title = sample_map(), "リソースマップ（サンプル）"
    suffix = out.suffix.lower()
    if suffix == ".png":
        render_png(rmap, out, title=title)
    elif suffix in (".svg", ".html", ".txt"):
        render = {".svg": render_svg, ".html": render_html, ".txt": render_text}[suffix]
        out.write_text(render(rmap, title=title), encoding="utf-8")
    else:
        print(f"unknown format: {suffix}", file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
