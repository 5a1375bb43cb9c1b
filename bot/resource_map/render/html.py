"""The resource map as a printable A4 HTML page: the SVG worksheet, then the text version."""

from __future__ import annotations

import html

from bot.resource_map.model import ResourceMap
from bot.resource_map.render.layout import DEFAULT_FOOTER, DEFAULT_SUBTITLE
from bot.resource_map.render.svg import render_svg
from bot.resource_map.render.text import (
    DEFAULT_TITLE,
    GOAL_LABEL,
    NOT_FILLED,
    SKIPPED,
    contact_lines,
    sanitize,
)

__all__ = ["render_html"]

TEXT_VERSION_HEADING = "テキスト版"

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
    return html.escape(sanitize(text), quote=True)


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
            first, *rest = contact_lines(contact)
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
