"""The text version (bot/resource_map/render/text.py): every contact, in reading order."""

from __future__ import annotations

from bot.resource_map.model import LifeArea
from bot.resource_map.render.text import render_text
from bot.resource_map.samples import sample_map
from tests.unit.resource_map.render.conftest import (
    AREA_LABELS,
    crowded_map,
)


def test_text_version_lists_everything_in_reading_order() -> None:
    m = crowded_map()
    text = render_text(m)
    positions = [text.index(f"■ {label}") for label in AREA_LABELS]
    assert positions == sorted(positions)
    assert text.index("■ 自分のめざす姿") < positions[0]
    for contact in m.contacts(LifeArea.WORKPLACE):  # all ten, none truncated
        assert contact.display_name in text
    assert "（今回は記入しません）" in text and "（まだ記入していません）" in text


def test_text_version_of_the_sample() -> None:
    text = render_text(sample_map())
    assert "1. 上司（サンプル株式会社 総務課）" in text
    assert "相談すること：体調や薬のこと" in text
    assert "連絡方法：電話 / 000-0000-0000" in text
