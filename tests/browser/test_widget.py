"""The widget in Debian's chromium, embedded on other origins than the API, with the real bot."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from conftest import AXE, ROOT, Sites
from playwright.sync_api import BrowserContext, Page, Route, expect

ACTIVE = """() => {
  const host = document.getElementById('teichaku-chat-widget');
  const a = host && host.shadowRoot.activeElement;
  if (!a) return null;
  return {cls: a.className, id: a.id, text: a.textContent, tag: a.tagName};
}"""


# The typing indicator's dots blink unless the user asked for reduced motion.
DOT_ANIMATION = """() => {
  const typing = document.getElementById('teichaku-chat-widget').shadowRoot.querySelector('.typing');
  const dots = document.createElement('span'); dots.className = 'dots';
  const dot = document.createElement('span'); dots.appendChild(dot); typing.appendChild(dots);
  const name = getComputedStyle(dot).animationName; dots.remove(); return name;
}"""


def open_widget(page: Page, url: str) -> None:
    page.goto(url)
    page.locator(".launcher").click()
    expect(page.locator(".panel")).to_be_visible()


def say(page: Page, text: str) -> None:
    page.locator("#input").fill(text)
    page.locator("#input").press("Enter")


def test_talk_press_a_button_and_reload(page: Page, sites: Sites) -> None:
    open_widget(page, sites.allowed + "/index.html")
    say(page, "こんにちは")
    greeting = (
        page.locator(".msg.bot").filter(has=page.locator(".choices button", has_text="費用")).last
    )
    expect(greeting).to_be_visible()
    greeting.locator(".choices button", has_text="費用").click()
    expect(page.locator(".msg.bot").last).to_contain_text("1割")
    # Focus moved to the new choice (詳しく) after pressing a button.
    assert page.evaluate(ACTIVE)["tag"] == "BUTTON"
    page.locator("[aria-pressed]", has_text="ふりがな").click()
    expect(page.locator(".msg.bot ruby").first).to_be_visible()
    # docs/widget.png is refreshed only on request, so test runs leave the work tree clean.
    shots = ROOT / ("docs" if os.environ.get("UPDATE_DOCS_SCREENSHOT") else "results")
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "widget.png"))

    page.reload()  # the panel reopens with the history of the same session
    expect(page.locator(".panel")).to_be_visible()
    expect(page.locator(".msg.user").first).to_have_text(re.compile("こんにちは"))
    expect(page.locator(".msg.user").nth(1)).to_have_text(re.compile("費用"))
    expect(page.locator(".msg.bot").last).to_contain_text("1割")
    page.locator("header a").click()  # another page of the same site: same conversation
    expect(page.locator(".msg.bot").last).to_contain_text("1割")


def test_keyboard_only(page: Page, sites: Sites) -> None:
    page.goto(sites.allowed + "/index.html")
    page.locator("header a").focus()
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE)["cls"].startswith("launcher")
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE)["id"] == "input"
    page.keyboard.type("こんにちは")
    page.keyboard.press("Enter")
    expect(page.locator(".msg.bot .choices button", has_text="費用").last).to_be_visible()
    assert page.evaluate(ACTIVE)["id"] == "input"  # typing keeps the focus in the input
    for _ in range(12):  # back through the log's choices to 「費用」
        page.keyboard.press("Shift+Tab")
        if page.evaluate(ACTIVE)["text"] == "費用":
            break
    assert page.evaluate(ACTIVE)["text"] == "費用"
    page.keyboard.press("Enter")
    expect(page.locator(".msg.bot").last).to_contain_text("1割")
    assert page.evaluate(ACTIVE)["tag"] == "BUTTON"  # the new choice
    page.keyboard.press("Escape")
    expect(page.locator(".panel")).to_be_hidden()
    assert page.evaluate(ACTIVE)["cls"].startswith("launcher")


def test_furigana_easy_and_large_text_persist(page: Page, sites: Sites) -> None:
    open_widget(page, sites.allowed + "/index.html")
    say(page, "費用はいくらですか")
    expect(page.locator(".msg.bot").last).to_contain_text("1割")
    assert page.locator(".msg.bot ruby").count() == 0
    furigana = page.locator("[aria-pressed]", has_text="ふりがな")
    furigana.click()
    expect(furigana).to_have_attribute("aria-pressed", "true")
    ruby = page.locator(".msg.bot").last.locator("ruby").first
    expect(ruby).to_be_visible()
    assert ruby.evaluate("r => r.querySelector('rt').textContent").strip() != ""
    page.locator("[aria-pressed]", has_text="文字を大きく").click()
    page.reload()
    expect(page.locator(".panel")).to_be_visible()
    expect(page.locator(".msg.bot ruby").first).to_be_visible()
    expect(page.locator(".panel")).to_have_class(re.compile("large"))


def test_bot_text_is_never_html(page: Page, sites: Sites) -> None:
    def fake(route: Route) -> None:
        body = {
            "session_id": "x" * 32,
            "messages": [
                {
                    "role": "bot",
                    "type": "text",
                    "text": "<img src=x onerror=alert(1)>",
                    "ruby": [["<b>", None], ["支援", "しえん"]],
                    "buttons": [],
                    "links": [
                        {"title": "bad", "url": "javascript:alert(1)"},
                        {"title": "ok", "url": "https://example.org/"},
                    ],
                }
            ],
        }
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    page.route("**/api/v1/chat", fake)
    open_widget(page, sites.allowed + "/index.html")
    say(page, "テスト")
    last = page.locator(".msg.bot").last
    expect(last).to_contain_text("<img src=x onerror=alert(1)>")
    assert last.locator("img").count() == 0
    assert [a.get_attribute("href") for a in last.locator("a").all()] == ["https://example.org/"]
    page.locator("[aria-pressed]", has_text="ふりがな").click()
    assert page.locator(".msg.bot").last.locator("b").count() == 0


def test_kind_messages_when_the_bot_or_server_is_down(page: Page, sites: Sites) -> None:
    page.route(
        "**/api/v1/chat",
        lambda route: route.fulfill(
            status=503,
            content_type="application/json",
            body=json.dumps(
                {
                    "error": {
                        "code": "bot_unavailable",
                        "message": "x",
                        "contact": "000-0000-0000",
                        "session_id": "S" * 32,  # the API kept the message in this session
                    }
                }
            ),
        ),
    )
    open_widget(page, sites.allowed + "/index.html")
    say(page, "こんにちは")
    notice = page.locator(".msg.notice").last
    expect(notice).to_contain_text("いま、チャットボットが使えません")
    expect(notice).to_contain_text("000-0000-0000")  # the office's (sample) contact
    page.unroute("**/api/v1/chat")
    sent: list[dict] = []

    def offline(route: Route) -> None:
        sent.append(route.request.post_data_json)
        route.abort()

    page.route("**/api/v1/chat", offline)
    say(page, "もう一度")
    expect(page.locator(".msg.notice").last).to_contain_text("サーバーにつながりません")
    assert sent[-1]["session_id"] == "S" * 32  # the session of the stored message goes on


def test_origin_not_allowed_is_explained(page: Page, sites: Sites) -> None:
    open_widget(page, sites.other + "/index.html")
    expect(page.locator(".msg.notice").first).to_contain_text(
        "このサイトでは、このチャットを使えません"
    )


def test_handoff_request(page: Page, sites: Sites) -> None:
    open_widget(page, sites.allowed + "/index.html")
    page.locator("button", has_text="人と話したい").click()
    expect(page.locator(".msg.bot").last).to_contain_text("000-0000-0000")
    page.locator(".choices button", has_text="折り返し").last.click()
    page.locator("#h-contact").fill("000-0000-0000")
    page.locator(".handoff-form button[type=submit]").click()
    expect(page.locator(".handoff-form .error")).to_contain_text("同意")
    page.locator("#h-consent").check()
    page.locator(".handoff-form button[type=submit]").click()
    expect(page.locator(".msg.bot").last).to_contain_text("受け付けました")


def test_small_screen_zoom_and_reduced_motion(context: BrowserContext, sites: Sites) -> None:
    # 320 CSS px wide is what a 1280 px window shows at 400 % zoom (and 640 px at 200 %).
    for width, height in ((320, 640), (640, 400)):
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": height})
        page.emulate_media(reduced_motion="reduce")
        open_widget(page, sites.allowed + "/index.html")
        box = page.locator(".panel").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
        for target in ("#input", ".send", ".close"):
            t = page.locator(target).bounding_box()
            assert t is not None and t["width"] >= 24 and t["height"] >= 24
            assert t["x"] + t["width"] <= width + 0.5 and t["y"] + t["height"] <= height + 0.5
        assert page.evaluate(DOT_ANIMATION) == "none"
        page.emulate_media(reduced_motion="no-preference")
        assert page.evaluate(DOT_ANIMATION) == "blink"
        say(page, "こんにちは")
        expect(page.locator(".msg.bot").last).to_be_visible()
        page.close()


def axe_violations(page: Page) -> list[dict[str, object]]:
    # Evaluated, not added as a <script>: the API's own pages forbid inline scripts (their CSP).
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]
    ]


def test_accessibility_scan(page: Page, sites: Sites) -> None:
    assert AXE.exists(), "tests/browser/node_modules is missing: scripts/setup.sh runs npm ci"
    page.goto(sites.allowed + "/index.html")
    expect(page.locator(".launcher")).to_be_visible()
    assert axe_violations(page) == []  # closed: the launcher on the host page
    page.locator(".launcher").click()
    say(page, "こんにちは")
    expect(page.locator(".msg.bot .choices button").last).to_be_visible()
    page.locator(".msg.bot .choices button", has_text="費用").last.click()
    expect(page.locator(".msg.bot").last).to_contain_text("1割")
    assert axe_violations(page) == []  # open, with answers and choices
    for option in ("ふりがな", "やさしい日本語", "文字を大きく"):
        page.locator("[aria-pressed]", has_text=option).click()
    assert axe_violations(page) == []
    page.locator("button", has_text="人と話したい").click()
    page.locator(".choices button", has_text="折り返し").last.click()
    expect(page.locator("#h-name")).to_be_focused()
    assert axe_violations(page) == []  # the callback form


def test_demo_page_on_the_api_origin(page: Page, sites: Sites) -> None:
    open_widget(page, sites.api + "/demo")
    expect(page.locator(".head h2")).to_have_text(re.compile("みどり就労サポート"))
    say(page, "こんにちは")
    expect(page.locator(".msg.bot .choices button").last).to_be_visible()
    assert axe_violations(page) == []


def test_widget_size_is_small() -> None:
    js = (ROOT / "api" / "static" / "widget.js").stat().st_size
    css = (ROOT / "api" / "static" / "widget.css").stat().st_size
    assert js + css < 40_000, (js, css)
    assert Path(ROOT / "docs").is_dir()


def test_staff_page(page: Page, sites: Sites) -> None:
    page.goto(sites.api + "/staff")
    page.get_by_label("スタッフ用のキー").fill("wrong")
    page.get_by_role("button", name="表示する").click()
    expect(page.locator("#login-error")).to_contain_text("キー")
    page.get_by_label("スタッフ用のキー").fill(sites.staff_key)
    page.get_by_role("button", name="表示する").click()
    expect(page.locator("#directory tbody tr").first).to_contain_text("【サンプル】")
    assert axe_violations(page) == []


def test_easy_japanese_toggle(page: Page, sites: Sites) -> None:
    def fake(route: Route) -> None:
        message = {
            "role": "bot",
            "type": "text",
            "text": "利用料は原則1割です。",
            "ruby": [["利用料は原則1割です。", None]],
            "easy_text": "おかねは、すこしです。",
            "easy_ruby": [["おかねは、すこしです。", None]],
            "buttons": [],
            "links": [],
        }
        body = {"session_id": "y" * 32, "messages": [message]}
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    page.route("**/api/v1/chat", fake)
    open_widget(page, sites.allowed + "/index.html")
    say(page, "費用")
    expect(page.locator(".msg.bot").last).to_contain_text("利用料は原則1割です。")
    page.locator("[aria-pressed]", has_text="やさしい日本語").click()
    expect(page.locator(".msg.bot").last).to_contain_text("おかねは、すこしです。")


def test_styles_do_not_leak(page: Page, sites: Sites) -> None:
    open_widget(page, sites.allowed + "/index.html")
    say(page, "こんにちは")
    expect(page.locator(".msg.bot").last).to_be_visible()
    page.add_style_tag(
        content="* { color: rgb(255, 0, 0) !important; font-size: 30px !important; }"
        " button { background: rgb(255, 0, 0) !important; }"
    )
    close = page.locator(".close")
    assert close.evaluate("b => getComputedStyle(b).backgroundColor") != "rgb(255, 0, 0)"
    text = page.locator(".msg.bot .text").last
    assert text.evaluate("t => getComputedStyle(t).color") != "rgb(255, 0, 0)"
    assert text.evaluate("t => getComputedStyle(t).fontSize") == "16px"
    # ... and the widget's styles stay out of the page.
    heading = page.locator("main h1")
    assert heading.evaluate("h => getComputedStyle(h).fontFamily") != ""
    assert (
        page.evaluate("() => document.querySelectorAll('style, link[rel=stylesheet]').length") == 1
    )


def test_launcher_never_covers_the_focused_element(page: Page, sites: Sites) -> None:
    page.goto(sites.allowed + "/index.html")
    expect(page.locator(".launcher")).to_be_visible()
    page.evaluate(
        """() => {
          const b = document.createElement('button');
          b.id = 'corner'; b.textContent = '右下のボタン';
          Object.assign(b.style, {position: 'fixed', right: '20px', bottom: '20px'});
          document.body.appendChild(b);
        }"""
    )
    page.locator("#corner").focus()
    corner = page.locator("#corner").bounding_box()
    launcher = page.locator(".launcher").bounding_box()
    assert corner is not None and launcher is not None
    overlap_x = (
        corner["x"] < launcher["x"] + launcher["width"]
        and launcher["x"] < corner["x"] + corner["width"]
    )
    overlap_y = (
        corner["y"] < launcher["y"] + launcher["height"]
        and launcher["y"] < corner["y"] + corner["height"]
    )
    assert not (overlap_x and overlap_y)


def csp_violations(page: Page) -> list[str]:
    """Collects the page's Content-Security-Policy violations (console errors) from now on."""
    found: list[str] = []
    page.on(
        "console",
        lambda m: (
            found.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text
            else None
        ),
    )
    return found


def test_forget_the_conversation(page: Page, sites: Sites) -> None:
    open_widget(page, sites.allowed + "/index.html")
    say(page, "費用はいくらですか")
    expect(page.locator(".msg.bot").last).to_contain_text("1割")
    store = "teichaku:demo:session"
    session = page.evaluate(f"() => JSON.parse(localStorage.getItem('{store}'))")
    assert session
    forget = page.get_by_role("button", name="会話を消す")
    forget.click()
    question = page.locator("#forget-text")
    expect(question).to_be_focused()  # the confirmation is read first
    expect(forget).to_have_attribute("aria-expanded", "true")
    page.get_by_role("button", name="やめる").click()
    expect(forget).to_be_focused()  # nothing deleted, focus back on the button
    expect(page.locator(".msg.user")).to_have_count(1)
    forget.click()
    page.keyboard.press("Escape")  # Esc closes the confirmation, not the panel
    expect(page.locator(".panel")).to_be_visible()
    expect(forget).to_be_focused()
    forget.click()
    assert axe_violations(page) == []  # with the confirmation open
    page.get_by_role("button", name="消す", exact=True).click()
    expect(page.locator(".msg.bot").last).to_contain_text("会話を消しました")
    expect(page.locator(".msg.user")).to_have_count(0)
    assert page.evaluate(ACTIVE)["id"] == "input"
    assert page.evaluate(f"() => localStorage.getItem('{store}')") is None
    # The server has nothing left for that session.
    history = page.request.get(f"{sites.api}/api/v1/sessions/{session}/messages?office_id=demo")
    assert history.status == 404
    page.reload()
    expect(page.locator(".panel")).to_be_visible()
    expect(page.locator(".msg.user")).to_have_count(0)
    assert axe_violations(page) == []


def test_the_bot_down_shows_the_errors_contact_and_keeps_the_typed_text(
    page: Page, sites: Sites
) -> None:
    error = {
        "error": {
            "code": "bot_unavailable",
            "message": "x",
            "contact": "【サンプル】電話 111-1111-1111",  # not the office's configured contact
            "session_id": "T" * 32,
        }
    }
    page.route(
        "**/api/v1/chat",
        lambda route: route.fulfill(
            status=503, content_type="application/json", body=json.dumps(error)
        ),
    )
    open_widget(page, sites.allowed + "/index.html")
    say(page, "更新の手続きを教えてください")
    notice = page.locator(".msg.notice").last
    expect(notice).to_contain_text("いま、チャットボットが使えません")
    expect(notice).to_contain_text("111-1111-1111")
    expect(page.locator("#input")).to_have_value("更新の手続きを教えてください")
    expect(page.locator("#input")).to_be_focused()
    page.unroute("**/api/v1/chat")
    page.route("**/api/v1/chat", lambda route: route.abort())
    page.locator("#input").fill("もう一度")
    page.locator("#input").press("Enter")
    expect(page.locator(".msg.notice").last).to_contain_text("サーバーにつながりません")
    expect(page.locator("#input")).to_have_value("もう一度")  # offline: kept too


def test_the_api_pages_work_under_their_csp(page: Page, sites: Sites) -> None:
    violations = csp_violations(page)
    response = page.goto(sites.api + "/demo")
    assert response is not None
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.locator(".launcher").click()
    say(page, "費用はいくらですか")
    expect(page.locator(".msg.bot").last).to_contain_text("1割")
    # The page's own styles (demo.css) apply, and the widget's (inside its shadow root).
    assert page.locator("h1").evaluate("h => getComputedStyle(h).color") == "rgb(31, 77, 44)"
    page.goto(sites.api + "/staff")
    page.get_by_label("スタッフ用のキー").fill(sites.staff_key)
    page.get_by_role("button", name="表示する").click()
    expect(page.locator("#directory tbody tr").first).to_contain_text("【サンプル】")
    expect(page.get_by_label("会話や連絡の依頼を残す日数", exact=False)).to_have_value(
        re.compile(r"^\d+$")
    )
    assert page.locator("body").evaluate("b => getComputedStyle(b).maxWidth") == "960px"
    assert violations == []
