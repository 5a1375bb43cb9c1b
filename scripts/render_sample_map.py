"""Renders the fictional sample resource map (`bot.resource_map.samples.sample_map`) to a file.

The format follows the suffix: .png (needs Pillow and a Japanese font), .svg, .html or .txt.
This is how docs/resource_map_sample.png is made:

    .venvs/api/bin/python scripts/render_sample_map.py docs/resource_map_sample.png
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script, from any directory
    sys.path.insert(0, str(ROOT))

from bot.resource_map.render.html import render_html  # noqa: E402
from bot.resource_map.render.png import render_png  # noqa: E402
from bot.resource_map.render.svg import render_svg  # noqa: E402
from bot.resource_map.render.text import render_text  # noqa: E402
from bot.resource_map.samples import sample_map  # noqa: E402

TITLE = "リソースマップ（サンプル）"
USAGE = "usage: python scripts/render_sample_map.py OUT.(png|svg|html|txt)"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(USAGE, file=sys.stderr)
        return 2
    out = Path(args[0])
    rmap = sample_map()
    suffix = out.suffix.lower()
    if suffix == ".png":
        render_png(rmap, out, title=TITLE)
    elif suffix in (".svg", ".html", ".txt"):
        render = {".svg": render_svg, ".html": render_html, ".txt": render_text}[suffix]
        out.write_text(render(rmap, title=TITLE), encoding="utf-8")
    else:
        print(f"unknown format: {suffix}", file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
