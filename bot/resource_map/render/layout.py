"""Layout of a resource map like the manual's worksheet (seed 002 §32), for SVG and PNG.

The worksheet puts the person's goal (自分のめざす姿) in the centre and the four areas
of life around it — 職場の安定 and 心身の安定 above, 生活の安定 and 余暇の充実 below —
each with the people they can consult.  `layout_map` places boxes, lines and text runs on an
A4 portrait page (1240×1754 units = 150 dpi); `render.svg` and `render.png` only draw them.
Long text wraps; an area with more contacts than fit shows 「ほか N 件」 (the text versions
always list everything).  Stdlib only.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeAlias

from bot.resource_map.model import AreaSection, Contact, LifeArea, ResourceMap
from bot.resource_map.render.text import (
    ABOUT_PREFIX,
    DEFAULT_TITLE,
    GOAL_LABEL,
    HOW_PREFIX,
    NOT_FILLED,
    SKIPPED,
    sanitize,
)

__all__ = [
    "DEFAULT_FOOTER",
    "DEFAULT_SUBTITLE",
    "DPI",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "Line",
    "MapLayout",
    "Measure",
    "Rect",
    "Shape",
    "TextRun",
    "estimate_width",
    "layout_map",
    "wrap_text",
]

# A4 portrait (210 × 297 mm) at 150 dpi.
DPI = 150
PAGE_WIDTH = 1240
PAGE_HEIGHT = 1754

DEFAULT_SUBTITLE = "支援が終わった後に、誰に・何を・どのように相談できるか"  # 002 §32
DEFAULT_FOOTER = "「就労定着支援の質を高めるための支援マニュアル」（32）のワークシートをもとに作成"

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
    title = sanitize(title)
    shapes: list[Shape] = [
        Rect(0, 0, PAGE_WIDTH, PAGE_HEIGHT, "#FFFFFF", stroke="none", stroke_width=0)
    ]
    title_line = wrap_text(
        title, PAGE_WIDTH - 2 * MARGIN, 46, measure=measure, bold=True, max_lines=1
    )[0]
    shapes.append(TextRun(PAGE_WIDTH / 2, 112, title_line, 46, bold=True, anchor="middle"))
    if subtitle:
        sub = wrap_text(
            sanitize(subtitle), PAGE_WIDTH - 2 * MARGIN, 24, measure=measure, max_lines=1
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
            sanitize(footer), PAGE_WIDTH - 2 * MARGIN, 18, measure=measure, max_lines=1
        )[0]
        shapes.append(TextRun(MARGIN, PAGE_HEIGHT - 48, foot, 18, fill=MUTED))
    return MapLayout(PAGE_WIDTH, PAGE_HEIGHT, tuple(shapes), title, hidden)
