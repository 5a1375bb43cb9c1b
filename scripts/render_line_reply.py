"""Renders docs/line_reply.png: how a reply with quick replies looks on LINE, made offline.

The messages are the real ones: a domain.yml response as Rasa's REST channel sends it, through
the API's relay (api.services.relay) and the LINE conversion (api.services.line.messages). Only
the page around them is a mock of LINE's chat screen (not LINE's own rendering). Debian's
chromium via Playwright, as tests/browser (never `playwright install`):

    .venvs/api/bin/python scripts/render_line_reply.py [OUT.png]
"""

from __future__ import annotations

import html
import os
import sys
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.services.line.messages import to_line_messages  # noqa: E402
from api.services.relay import convert_rasa_messages  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
USER_TEXT = "何ができますか"
RESPONSE = "utter_help"

CSS = """
body { margin: 0; font-family: 'Noto Sans CJK JP', 'IPAGothic', sans-serif; background: #8cabd8; }
.screen { width: 390px; min-height: 640px; display: flex; flex-direction: column; }
.bar { background: #273246; color: #fff; padding: 14px 16px; font-size: 16px; }
.chat { flex: 1; padding: 12px; display: flex; flex-direction: column; gap: 10px; }
.row { display: flex; }
.row.user { justify-content: flex-end; }
.bubble { max-width: 270px; padding: 9px 12px; border-radius: 16px; font-size: 14px;
          line-height: 1.5; white-space: pre-wrap; background: #fff; color: #111; }
.user .bubble { background: #85e249; }
.avatar { width: 34px; height: 34px; border-radius: 50%; background: #fff; margin-right: 6px;
          font-size: 11px; display: flex; align-items: center; justify-content: center; }
.quick { display: flex; flex-wrap: wrap; gap: 8px; padding: 10px 12px; background: #f4f4f4; }
.chip { border: 1px solid #06c755; color: #06c755; background: #fff; border-radius: 18px;
        padding: 6px 12px; font-size: 13px; }
.note { font-size: 11px; color: #333; padding: 4px 12px 8px; background: #f4f4f4; }
"""


def reply_messages() -> list[dict[str, Any]]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    variant = domain["responses"][RESPONSE][0]
    items = [{"recipient_id": "x", "text": variant["text"], "buttons": variant["buttons"]}]
    chat_messages = convert_rasa_messages(items, calendar_url="https://chat.example.jp/cal")
    return to_line_messages(chat_messages)


def page(messages: list[dict[str, Any]]) -> str:
    rows = [f'<div class="row user"><div class="bubble">{html.escape(USER_TEXT)}</div></div>']
    for message in messages:
        rows.append(
            '<div class="row"><div class="avatar">bot</div>'
            f'<div class="bubble">{html.escape(message["text"])}</div></div>'
        )
    items = messages[-1].get("quickReply", {}).get("items", [])
    chips = "".join(f'<span class="chip">{html.escape(i["action"]["label"])}</span>' for i in items)
    return (
        f"<!doctype html><html lang='ja'><meta charset='utf-8'><style>{CSS}</style>"
        "<div class='screen'><div class='bar'>みどり就労サポート（見本）</div>"
        f"<div class='chat'>{''.join(rows)}</div><div class='quick'>{chips}</div>"
        "<div class='note'>クイックリプライ（押すと、ボタンの文がそのまま送られます）</div></div></html>"
    )


def main(out: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        tab = browser.new_page(viewport={"width": 390, "height": 640}, device_scale_factor=2)
        tab.set_content(page(reply_messages()))
        tab.screenshot(path=str(out), full_page=True)
        browser.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "line_reply.png")
