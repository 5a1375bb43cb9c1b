"""The widget as people read and use it (issue 14), in Debian's chromium with the real bot:
furigana per word without gaps at the three text sizes, 👍/👎 stored and shown to staff, buttons
of earlier messages disabled, links in answers, the typing indicator, and Enter while a Japanese
IME composition is confirmed."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

from conftest import ROOT, Sites
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, Route, expect
from test_widget import axe_violations, csp_violations, open_widget, say

COST = (
    "費用はいくらですか"  # its answer holds 利用料, 上限額 and 市区町村 (domain.yml utter_faq_cost)
)

# Hides the readings of the ruby's message (Chromium lets a reading overhang the text beside
# it) and returns the band of the ruby's base line, one and a half characters wider on each side
# (its neighbours), the font size and the ruby's advance (its width with its margins), in CSS
# pixels; called with false, it shows the readings again.
ISOLATE = """(r, on) => {
  const p = r.closest('.text');
  p.querySelectorAll('rt').forEach(rt => { rt.style.color = on ? 'transparent' : ''; });
  const b = r.getBoundingClientRect(), line = p.getBoundingClientRect();
  const font = parseFloat(getComputedStyle(r).fontSize);
  const top = r.querySelector('rt').getBoundingClientRect().bottom;
  const left = Math.max(line.left, b.left - 1.5 * font);
  const right = Math.min(line.right, b.right + 1.5 * font);
  const style = getComputedStyle(r);
  return {x: left, y: top, width: right - left, height: b.bottom - top, font,
          advance: b.width + parseFloat(style.marginLeft) + parseFloat(style.marginRight)};
}"""

# The top of every line of a message's text, from the positions of its characters.
LINE_TOPS = """p => {
  const tops = new Set();
  const walk = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walk.nextNode())) {
    if (n.parentElement.closest('rt')) continue;
    for (let i = 0; i < n.length; i++) {
      if (/\\s/.test(n.data[i])) continue;
      const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
      const b = r.getBoundingClientRect();
      tops.add(Math.round(b.top + b.height / 2));
    }
  }
  return [...tops].sort((a, b) => a - b);
}"""


def shots_dir() -> Path:
    """docs/ when the screenshots are refreshed on request, else results/ (a clean work tree)."""
    shots = ROOT / ("docs" if os.environ.get("UPDATE_DOCS_SCREENSHOT") else "results")
    shots.mkdir(exist_ok=True)
    return shots


def ink_gaps(page: Page, ruby: Locator) -> tuple[list[int], float, float]:
    """(the widths of the blank pixel columns between inked ones across the ruby's base text
    and the characters beside it, the ruby's advance, the font size), in CSS pixels, from a
    screenshot: what the eye sees, not the box model."""
    ruby.scroll_into_view_if_needed()
    box = ruby.evaluate(ISOLATE, True)
    scale = page.evaluate("() => window.devicePixelRatio")
    try:
        png = page.screenshot(
            clip={"x": box["x"], "y": box["y"], "width": box["width"], "height": box["height"]}
        )
    finally:
        ruby.evaluate(ISOLATE, False)
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    pixels = image.load()
    inked = [any(pixels[x, y] < 128 for y in range(height)) for x in range(width)]
    first, last = inked.index(True), width - 1 - inked[::-1].index(True)
    gaps, run = [], 0
    for x in range(first, last + 1):
        if inked[x]:
            if run:
                gaps.append(run)
            run = 0
        else:
            run += 1
    return [round(g / scale) for g in gaps], box["advance"], box["font"]


def check_compounds_read_as_words(page: Page) -> None:
    answer = page.locator(".msg.bot").last
    text = answer.locator(".text")
    for word in ("市区町村", "利用料", "上限額"):
        # One <ruby> whose base is the whole word (not 市区|町|村) ...
        ruby = text.locator("ruby").filter(has_text=word).first
        expect(ruby).to_be_visible()
        assert ruby.evaluate("r => r.firstChild.data") == word
        reading = ruby.evaluate("r => r.querySelector('rt').textContent")
        assert len(reading) >= len(word)
        # ... drawn as one word: no blank inside it or beside it wider than a quarter of a
        # character (the glyphs' own side bearings), however long its reading: the word takes
        # the room of its characters, the reading overhangs the kana beside it.
        gaps, advance, font = ink_gaps(page, ruby)
        assert max(gaps, default=0) <= font / 4, (word, gaps, font)
        assert advance <= len(word) * font + 1, (word, advance, font)
    # Every line of the answer is as tall as the others (the readings fit in the line height).
    tops = text.last.evaluate(LINE_TOPS)
    steps = {b - a for a, b in zip(tops, tops[1:], strict=False)}
    assert len(tops) >= 4 and max(steps) - min(steps) <= 1, tops


def ask_cost_with_furigana(page: Page) -> None:
    say(page, COST)
    expect(page.locator(".msg.bot").last).to_contain_text("1割")
    page.locator("[aria-pressed]", has_text="ふりがな").click()
    expect(page.locator(".msg.bot").last.locator("ruby").first).to_be_visible()


def test_a_compound_is_one_ruby_word_at_the_three_text_sizes(
    browser: Browser, page: Page, sites: Sites
) -> None:
    open_widget(page, sites.allowed + "/index.html")
    ask_cost_with_furigana(page)
    check_compounds_read_as_words(page)
    page.screenshot(path=str(shots_dir() / "widget-furigana-standard.png"))
    page.locator("[aria-pressed]", has_text="文字を大きく").click()
    expect(page.locator(".panel")).to_have_class("panel large")
    check_compounds_read_as_words(page)
    page.screenshot(path=str(shots_dir() / "widget-furigana-large.png"))
    assert axe_violations(page) == []
    # The third size: large text at 200 % browser zoom (a 1024×768 window shows 512×384 CSS
    # pixels, each drawn as 2×2).
    context = browser.new_context(
        locale="ja-JP", viewport={"width": 512, "height": 640}, device_scale_factor=2
    )
    try:
        zoomed = context.new_page()
        open_widget(zoomed, sites.allowed + "/index.html")
        zoomed.locator("[aria-pressed]", has_text="文字を大きく").click()
        ask_cost_with_furigana(zoomed)
        check_compounds_read_as_words(zoomed)
        zoomed.screenshot(path=str(shots_dir() / "widget-furigana-zoom200.png"))
        assert axe_violations(zoomed) == []
    finally:
        context.close()


def test_feedback_is_stored_and_shown_to_staff(page: Page, sites: Sites) -> None:
    violations = csp_violations(page)
    open_widget(page, sites.allowed + "/index.html")
    say(page, COST)
    answer = page.locator(".msg.bot").last
    expect(answer).to_contain_text("1割")
    down = answer.get_by_role("button", name="足りなかった")
    expect(down).to_have_attribute("aria-pressed", "false")
    down.click()
    expect(down).to_have_attribute("aria-pressed", "true")
    missing = answer.get_by_label("足りなかったことを教えてください", exact=False)
    expect(missing).to_be_focused()
    assert axe_violations(page) == []  # with the "what was missing?" form open
    missing.fill("自分の市の窓口の電話番号")
    missing.press("Enter")
    expect(answer.locator(".feedback .rated")).to_have_text("ありがとうございます。")
    expect(answer.locator(".missing")).to_have_count(0)
    # Another answer, rated 👍.
    say(page, "こんにちは")
    expect(page.locator(".msg.bot")).to_have_count(3)  # the welcome, the cost, the greeting
    greeting = page.locator(".msg.bot").last
    expect(greeting.locator(".feedback")).to_be_visible()
    greeting.get_by_role("button", name="役に立った").click()
    expect(greeting.locator(".feedback .rated")).to_have_text("ありがとうございます。")

    page.goto(sites.api + "/staff")
    page.get_by_label("スタッフ用のキー").fill(sites.staff_key)
    page.get_by_role("button", name="表示する").click()
    rows = page.locator("#feedback tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("足りなかった")
    expect(rows.nth(1)).to_contain_text("自分の市の窓口の電話番号")
    expect(rows.nth(1)).to_contain_text("利用料は、原則として")
    expect(rows.nth(0)).to_contain_text("役に立った")
    page.get_by_label("表示する評価").select_option("down")
    expect(rows).to_have_count(1)
    expect(page.locator("#audit tbody")).to_contain_text("回答への評価を表示")
    assert axe_violations(page) == []
    assert violations == []


def test_buttons_of_earlier_messages_are_disabled(page: Page, sites: Sites) -> None:
    open_widget(page, sites.allowed + "/index.html")
    say(page, "こんにちは")
    greeting = page.locator(".msg.bot").filter(has=page.locator(".choices button", has_text="費用"))
    expect(greeting.last).to_be_visible()
    cost = greeting.last.locator(".choices button", has_text="費用")
    expect(cost).to_be_enabled()
    cost.click()
    expect(page.locator(".msg.bot").last).to_contain_text("1割")
    # The greeting's choices are for a moment that has passed; the new answer's are live.
    expect(cost).to_be_disabled()
    assert greeting.last.locator(".choices button:enabled").count() == 0
    expect(page.locator(".msg.bot").last.locator(".choices button").first).to_be_enabled()
    users = page.locator(".msg.user").count()
    cost.click(force=True)  # pressing it anyway does nothing
    page.wait_for_timeout(300)
    assert page.locator(".msg.user").count() == users
    assert axe_violations(page) == []
    page.reload()  # the history comes back the same way
    expect(page.locator(".msg.bot").last).to_contain_text("1割")
    restored = page.locator(".msg.bot").filter(has=page.locator(".choices button", has_text="費用"))
    expect(restored.last.locator(".choices button", has_text="費用")).to_be_disabled()
    expect(page.locator(".msg.bot").last.locator(".choices button").first).to_be_enabled()


COMPOSE = """([type, init]) => {
  const input = document.getElementById('teichaku-chat-widget').shadowRoot.getElementById('input');
  const event = type === 'keydown'
    ? new KeyboardEvent('keydown', {key: 'Enter', code: 'Enter', bubbles: true, cancelable: true, ...init})
    : new CompositionEvent(type, {bubbles: true, data: input.value});
  input.dispatchEvent(event);
  return type === 'keydown' ? [event.isComposing, event.keyCode, event.defaultPrevented] : null;
}"""


def test_enter_while_an_ime_composition_is_confirmed_sends_nothing(
    page: Page, sites: Sites
) -> None:
    sent: list[Any] = []
    page.on(
        "request",
        lambda r: sent.append(r.post_data_json) if r.url.endswith("/api/v1/chat") else None,
    )
    open_widget(page, sites.allowed + "/index.html")
    field = page.locator("#input")
    field.fill("ひよう")
    page.evaluate(COMPOSE, ["compositionstart", {}])
    # Chromium and Firefox: the confirming Enter comes while composing (isComposing, 229) ...
    assert page.evaluate(COMPOSE, ["keydown", {"isComposing": True, "keyCode": 229}]) == [
        True,
        229,
        True,
    ]
    # ... and an Enter between compositionstart and compositionend is never a send.
    page.evaluate(COMPOSE, ["keydown", {"keyCode": 13}])
    page.evaluate(COMPOSE, ["compositionend", {}])
    # Safari: compositionend first, then the Enter's keydown with keyCode 229.
    page.evaluate(COMPOSE, ["keydown", {"keyCode": 229}])
    page.wait_for_timeout(300)
    assert sent == []
    expect(page.locator(".msg.user")).to_have_count(0)
    expect(field).to_have_value("ひよう")
    # The same handler sends on a plain Enter once the composition is over.
    page.evaluate(COMPOSE, ["keydown", {"keyCode": 13}])
    expect(page.locator(".msg.user")).to_have_count(1)
    expect(field).to_have_value("")
    expect(page.locator(".msg.bot")).to_have_count(2)  # the welcome and the answer
    assert [body["message"] for body in sent] == ["ひよう"]
    say(page, "費用")  # a real key press sends once
    expect(page.locator(".msg.user")).to_have_count(2)
    assert [body["message"] for body in sent] == ["ひよう", "費用"]


def test_typing_indicator_while_the_bot_answers(page: Page, sites: Sites) -> None:
    held: list[Route] = []
    page.route("**/api/v1/chat", lambda route: held.append(route))
    open_widget(page, sites.allowed + "/index.html")
    say(page, "こんにちは")
    typing = page.locator(".typing")
    expect(typing).to_contain_text("回答を考えています")
    expect(page.locator(".msg.user")).to_have_count(1)
    held[0].continue_()
    expect(page.locator(".msg.bot").last.locator(".choices button").first).to_be_visible()
    expect(typing).not_to_contain_text("回答を考えています")


def test_urls_in_answers_are_links(page: Page, sites: Sites) -> None:
    text = "詳しくは https://example.org/guide?x=1 を見てください。危ない javascript:alert(1) は文字です。"

    def fake(route: Route) -> None:
        message = {
            "id": 7,
            "role": "bot",
            "type": "text",
            "text": text,
            "ruby": [
                ["詳", "くわ"],
                ["しくは https://example.org/guide?x=1 を", None],
                ["見", "み"],
                ["てください。危ない javascript:alert(1) は", None],
                ["文字", "もじ"],
                ["です。", None],
            ],
            "buttons": [],
            "links": [],
        }
        body = {"session_id": "z" * 32, "messages": [message]}
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    page.route("**/api/v1/chat", fake)
    open_widget(page, sites.allowed + "/index.html")
    say(page, "リンク")
    last = page.locator(".msg.bot").last.locator(".text")
    for furigana_on in (False, True):
        expect(last).to_contain_text("javascript:alert(1)")
        links = last.locator("a")
        expect(links).to_have_count(1)
        assert links.first.get_attribute("href") == "https://example.org/guide?x=1"
        assert links.first.text_content() == "https://example.org/guide?x=1"
        assert links.first.get_attribute("rel") == "noopener noreferrer"
        if not furigana_on:
            page.locator("[aria-pressed]", has_text="ふりがな").click()
            expect(last.locator("ruby").first).to_be_visible()
