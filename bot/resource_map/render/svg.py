"""The resource map as an SVG document (A4; 1240×1754 user units), drawn from the layout."""

from __future__ import annotations

from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import quoteattr

from bot.resource_map.model import ResourceMap
from bot.resource_map.render.layout import (
    DEFAULT_FOOTER,
    DEFAULT_SUBTITLE,
    Line,
    Rect,
    Shape,
    layout_map,
)
from bot.resource_map.render.text import DEFAULT_TITLE, render_text, sanitize

__all__ = ["FONT_FAMILY", "render_svg"]

FONT_FAMILY = "'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"


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
        f'{anchor} fill="{shape.fill}">{_xml_escape(sanitize(shape.text))}</text>'
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
    parts.append(f'<desc id="rm-desc">{_xml_escape(sanitize(desc))}</desc>')
    parts.extend(_svg_shape(s) for s in layout.shapes)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
