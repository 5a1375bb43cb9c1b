"""The resource map conversation over Rasa's REST channel, with the real action server."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bot import protocol
from bot.resource_map.suggestions import LocalSuggestion

Talk = Callable[..., list[dict[str, Any]]]


def texts(messages: list) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def choices(messages: list) -> list[str]:
    found = []
    for m in messages:
        for b in m.get("buttons", []):
            if b["payload"].startswith("/rmap_choice"):
                found.append(json.loads(b["payload"][len("/rmap_choice") :])["choice"])
    return found


def press(talk: Talk, choice: str) -> list[dict[str, Any]]:
    return talk("/rmap_choice" + json.dumps({"choice": choice}, ensure_ascii=False))


def announced_map(messages: list) -> dict | None:
    maps = [m["custom"]["resource_map"] for m in messages if "resource_map" in m.get("custom", {})]
    return maps[-1] if maps else None


def test_build_three_areas_edit_one_and_read_it_back(talk: Talk) -> None:
    opening = talk("リソースマップを作りたい")
    assert "リソースマップ" in texts(opening)
    assert {"consent_yes", "consent_no"} <= set(choices(opening))
    goal_question = press(talk, "consent_no")
    assert "目標" in texts(goal_question) or "めざす" in texts(goal_question)
    workplace = talk("今の職場で長く働きたい")
    assert "suggest:上司" in choices(workplace)
    # the API may add the office's own directory to these suggestions
    assert any("resource_map_suggestions" in m.get("custom", {}) for m in workplace)
    press(talk, "suggest:上司")
    talk("仕事の進め方")
    added = talk("朝礼のあとに話す")
    stored = announced_map(added)
    assert stored is not None and stored["disability_types"] is None
    assert "上司" in json.dumps(stored, ensure_ascii=False)
    press(talk, "next_area")
    press(talk, "suggest:主治医")
    press(talk, "about_skip")
    press(talk, "how_skip")
    press(talk, "next_area")
    press(talk, "suggest:相談支援事業所")
    press(talk, "about_skip")
    press(talk, "how_skip")
    press(talk, "next_area")
    done = press(talk, "skip_area")
    summary = texts(done)
    for name in ("上司", "主治医", "相談支援事業所", "今の職場で長く働きたい"):
        assert name in summary, summary
    assert "edit:workplace:0" in choices(done)

    asked = press(talk, "edit:workplace:0")
    assert choices(asked), texts(asked)
    press(talk, "field:about")
    edited = talk("仕事と人間関係")
    edited_map = json.dumps(announced_map(edited), ensure_ascii=False)
    assert "仕事と人間関係" in edited_map and "仕事の進め方" not in edited_map

    shown = texts(talk("マップを見せて"))
    assert "仕事と人間関係" in shown and "主治医" in shown

    deleted = talk("マップを消して")
    assert {"resource_map_deleted": True} in [m.get("custom") for m in deleted]
    assert "まだマップがありません" in texts(talk("マップを見せて"))


def test_a_question_in_the_middle_is_answered_and_the_map_goes_on(talk: Talk) -> None:
    talk("リソースマップを作りたい")
    press(talk, "consent_no")
    interrupted = talk("費用はいくらですか")
    assert "1割" in texts(interrupted)
    # the form asks its question again, and the map keeps going
    assert "goal_skip" in choices(interrupted)


def test_stop_and_continue_later(talk: Talk) -> None:
    talk("リソースマップを作りたい")
    press(talk, "consent_no")
    press(talk, "goal_skip")
    assert "やめます" in texts(talk("やめる"))
    resumed = talk("リソースマップの続き")
    assert "続き" in texts(resumed)
    assert "suggest:上司" in choices(resumed)


def test_consent_lets_the_bot_tailor_and_store_the_type(talk: Talk) -> None:
    talk("リソースマップを作りたい")
    types = press(talk, "consent_yes")
    assert "type:mental" in choices(types) or any(c.startswith("type:") for c in choices(types))
    press(talk, next(c for c in choices(types) if c.startswith("type:")))
    press(talk, "goal_skip")
    press(talk, "suggest:上司")
    press(talk, "about_skip")
    stored = announced_map(press(talk, "how_skip"))
    assert stored is not None and stored["disability_types"]


def test_an_office_entry_brings_its_phone_hours_and_url(talk: Talk) -> None:
    # The API adds such a button from the office's directory; Rasa and the actions must carry
    # what follows the name (tabs, JSON-escaped) into the contact.
    entry = LocalSuggestion.create(
        name="みなみ相談室（テスト）",
        area="workplace",
        phone="000-1111-2222",
        hours="平日 10時から",
        url="https://example.com/minami",
    )
    talk("リソースマップを作りたい")
    press(talk, "consent_no")
    press(talk, "goal_skip")
    about = talk(protocol.choice_payload(entry.choice()))
    assert "みなみ相談室（テスト）には" in texts(about)
    how = press(talk, "about_skip")
    assert "受付 平日 10時から / 000-1111-2222 / https://example.com/minami" in texts(how)
    stored = announced_map(press(talk, "how_skip"))
    assert stored is not None
    [contact] = stored["map"]["areas"]["workplace"]["contacts"]
    assert contact["phone"] == "000-1111-2222"
    assert contact["how_to_contact"] == "受付 平日 10時から"
    assert contact["url"] == "https://example.com/minami"


LINE = {protocol.METADATA_CHANNEL: protocol.CHANNEL_LINE, protocol.METADATA_ASK_DISABILITY: False}


def test_on_line_the_map_skips_the_disability_question(talk: Talk) -> None:
    """The API's LINE channel sends ask_disability false in the message metadata (docs/line.md)."""
    opening = talk("リソースマップを作りたい", metadata=LINE)
    assert "リソースマップ" in texts(opening)
    assert "障害の種類" not in texts(opening)
    assert "goal_skip" in choices(opening)
    assert not {"consent_yes", "consent_no"} & set(choices(opening))
    after_goal = talk("今の職場で働き続けたい", metadata=LINE)
    assert "障害の種類" not in texts(after_goal)
    assert not any(c.startswith("type:") for c in choices(after_goal))
