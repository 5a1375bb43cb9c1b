"""The bot's messages as LINE messages (api/services/line/messages.py) and the signature check."""

from __future__ import annotations

import pytest
from line_standin import CHANNEL_SECRET, sign

from api.schemas import Button, ChatMessageOut, Link
from api.services.line.messages import (
    CUT_NOTE,
    MAX_TEXT_CHARS,
    fit_texts,
    label,
    to_line_messages,
)
from api.services.line.signature import signature_valid


def message(text: str, **extra: object) -> ChatMessageOut:
    return ChatMessageOut(text=text, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("はい", "はい"),
        ("12345678901234567890", "12345678901234567890"),
        ("就労定着支援の費用について（くわしく知りたい）", "就労定着支援の費用について"),
        (
            "就労定着支援を利用できる人の条件をくわしく知りたい",
            "就労定着支援を利用できる人の条件をくわ…",
        ),
        ("  ことば   と  空白  ", "ことば と 空白"),
    ],
)
def test_labels_are_at_most_20_characters_cut_kindly(title: str, expected: str) -> None:
    assert label(title) == expected and len(label(title)) <= 20


def test_six_texts_are_merged_into_five_messages_in_order() -> None:
    out = to_line_messages([message(f"文{i}。") for i in range(6)])
    assert len(out) == 5
    assert "\n\n".join(m["text"] for m in out) == "\n\n".join(f"文{i}。" for i in range(6))


def test_texts_that_cannot_be_merged_are_cut_with_a_note() -> None:
    texts = ["あ" * 4000 for _ in range(7)]
    bubbles = fit_texts(texts, 5)
    assert len(bubbles) == 5 and all(len(b) <= MAX_TEXT_CHARS for b in bubbles)
    assert bubbles[-1].endswith(CUT_NOTE)


def test_a_text_over_5000_characters_is_split_at_a_line_break() -> None:
    text = "\n".join(["い" * 99] * 60)  # 5,999 characters
    bubbles = fit_texts([text], 5)
    assert len(bubbles) == 2 and all(len(b) <= MAX_TEXT_CHARS for b in bubbles)
    assert "".join(bubbles).replace("\n", "") == text.replace("\n", "")


def test_links_are_uri_actions_and_other_schemes_are_text() -> None:
    links = [
        Link(
            title="リソースマップ（PNG）", url="http://api.test/api/v1/sessions/x/resource-map.png"
        ),
        Link(title="電話する", url="tel:0000000000"),
        Link(title="メールする", url="mailto:office@example.jp"),
    ]
    out = to_line_messages([message("保存しました。", links=links)])
    assert [m["type"] for m in out] == ["text", "template"]
    assert "メールする：mailto:office@example.jp" in out[0]["text"]
    actions = out[1]["template"]["actions"]
    assert [a["type"] for a in actions] == ["uri", "uri"]
    assert [a["uri"] for a in actions] == [links[0].url, links[1].url]
    assert len(out[1]["template"]["text"]) <= 160 and len(out[1]["altText"]) <= 400


def test_more_links_than_one_template_holds_are_written_as_text() -> None:
    links = [Link(title=f"L{i}", url=f"https://example.jp/{i}") for i in range(6)]
    out = to_line_messages([message("リンク", links=links)])
    assert len(out) <= 5
    [template] = [m for m in out if m["type"] == "template"]
    assert len(template["template"]["actions"]) == 4
    assert "L4：https://example.jp/4" in "".join(m.get("text", "") for m in out)


def test_quick_replies_go_on_the_last_message_without_repeats() -> None:
    first = message("一つめ", buttons=[Button(title="A", payload="/a")])
    second = message(
        "二つめ", buttons=[Button(title="A", payload="/a"), Button(title="B", payload="/b")]
    )
    out = to_line_messages([first, second])
    assert "quickReply" not in out[0]
    assert [i["action"]["data"] for i in out[-1]["quickReply"]["items"]] == ["/a", "/b"]


def test_the_easy_variant_replaces_the_text_only_when_chosen_and_present() -> None:
    messages = [message("難しい文です。", easy_text="やさしい ぶん です。"), message("ほか")]
    assert [m["text"] for m in to_line_messages(messages)] == ["難しい文です。", "ほか"]
    easy = to_line_messages(messages, easy_ja=True)
    assert [m["text"] for m in easy] == ["やさしい ぶん です。", "ほか"]


def test_the_signature_is_checked_exactly() -> None:
    body = b'{"events":[]}'
    assert signature_valid(body, sign(body), channel_secret=CHANNEL_SECRET)
    assert not signature_valid(body + b" ", sign(body), channel_secret=CHANNEL_SECRET)
    assert not signature_valid(body, sign(body, "other"), channel_secret=CHANNEL_SECRET)
    assert not signature_valid(body, None, channel_secret=CHANNEL_SECRET)
    assert not signature_valid(body, "ｓｉｇ", channel_secret=CHANNEL_SECRET)
