"""Clearly fictional sample data for docs, tests and demos (no real names or numbers)."""

from __future__ import annotations

from bot.resource_map.model import Contact, LifeArea, ResourceMap
from bot.resource_map.suggestions import DirectoryEntry

__all__ = ["SAMPLE_DIRECTORY", "sample_map"]

_W, _H, _D, _L = LifeArea.WORKPLACE, LifeArea.HEALTH, LifeArea.DAILY_LIFE, LifeArea.LEISURE


# Clearly marked sample entries only: fictional place 「サンプル県サンプル市」, no phone
# numbers, documentation-only example.com addresses (RFC 2606).  Offices register real ones.
SAMPLE_DIRECTORY: tuple[DirectoryEntry, ...] = (
    DirectoryEntry(
        name="【サンプル】サンプル市 障害者就業・生活支援センター",
        category="障害者就業・生活支援センター",
        area=LifeArea.WORKPLACE,
        prefecture="サンプル県",
        municipality="サンプル市",
        url="https://example.com/sample-center",
        hours="平日 9:00〜17:00（サンプル）",
        notes="サンプルの登録例です。実在しません。",
        is_sample=True,
    ),
    DirectoryEntry(
        name="【サンプル】サンプル市 相談支援事業所",
        category="相談支援事業所",
        area=LifeArea.DAILY_LIFE,
        prefecture="サンプル県",
        municipality="サンプル市",
        notes="サンプルの登録例です。実在しません。",
        is_sample=True,
    ),
    DirectoryEntry(
        name="【サンプル】サンプル県 精神保健福祉センター",
        category="精神保健福祉センター",
        area=LifeArea.HEALTH,
        prefecture="サンプル県",
        notes="サンプルの登録例です。実在しません。",
        is_sample=True,
    ),
    DirectoryEntry(
        name="【サンプル】サンプル町 地域活動支援センター",
        category="地域活動支援センター",
        area=LifeArea.LEISURE,
        prefecture="サンプル県",
        municipality="サンプル町",
        notes="サンプルの登録例です。実在しません。",
        is_sample=True,
    ),
)


def sample_map() -> ResourceMap:
    """A clearly fictional map for docs, tests and demos (no real names or numbers)."""
    m = ResourceMap(goal="体調を整えて今の職場で働き続け、休日は趣味の写真を楽しみたい（サンプル）")
    m = m.add_contact(
        _W,
        Contact(
            "上司",
            organisation="サンプル株式会社 総務課",
            about="仕事の量や進め方",
            how_to_contact="朝礼のあとに直接",
        ),
    )
    m = m.add_contact(
        _W,
        Contact(
            "障害者就業・生活支援センター",
            organisation="サンプル市",
            about="仕事と生活の両方",
            how_to_contact="電話で予約",
            url="https://example.com/sample-center",
        ),
    )
    m = m.add_contact(
        _H,
        Contact(
            "主治医",
            organisation="サンプルクリニック",
            about="体調や薬のこと",
            how_to_contact="月1回の通院のとき",
        ),
    )
    m = m.add_contact(
        _H, Contact("訪問看護", about="服薬の管理", how_to_contact="週1回の訪問のとき")
    )
    m = m.add_contact(
        _D,
        Contact(
            "相談支援事業所（サンプル）",
            about="生活全般や福祉サービス",
            how_to_contact="電話",
            phone="000-0000-0000",
        ),
    )
    m = m.add_contact(_D, Contact("家族", about="毎日の様子", how_to_contact="夕食のとき"))
    m = m.add_contact(
        _L,
        Contact("地域の写真サークル（サンプル）", about="趣味の写真", how_to_contact="月2回の例会"),
    )
    return m
