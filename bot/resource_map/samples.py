"""A clearly fictional resource map for docs, tests and demos (no real names or numbers).

The demo office's sample directory entries are seeded by api/alembic/versions/0002_demo_office.py.
"""

from __future__ import annotations

from bot.resource_map.model import Contact, LifeArea, ResourceMap

__all__ = ["sample_map"]


def sample_map() -> ResourceMap:
    """The map drawn in docs/resource_map_sample.png (scripts/render_sample_map.py)."""
    m = ResourceMap(goal="体調を整えて今の職場で働き続け、休日は趣味の写真を楽しみたい（サンプル）")
    m = m.add_contact(
        LifeArea.WORKPLACE,
        Contact(
            "上司",
            organisation="サンプル株式会社 総務課",
            about="仕事の量や進め方",
            how_to_contact="朝礼のあとに直接",
        ),
    )
    m = m.add_contact(
        LifeArea.WORKPLACE,
        Contact(
            "障害者就業・生活支援センター",
            organisation="サンプル市",
            about="仕事と生活の両方",
            how_to_contact="電話で予約",
            url="https://example.com/sample-center",
        ),
    )
    m = m.add_contact(
        LifeArea.HEALTH,
        Contact(
            "主治医",
            organisation="サンプルクリニック",
            about="体調や薬のこと",
            how_to_contact="月1回の通院のとき",
        ),
    )
    m = m.add_contact(
        LifeArea.HEALTH, Contact("訪問看護", about="服薬の管理", how_to_contact="週1回の訪問のとき")
    )
    m = m.add_contact(
        LifeArea.DAILY_LIFE,
        Contact(
            "相談支援事業所（サンプル）",
            about="生活全般や福祉サービス",
            how_to_contact="電話",
            phone="000-0000-0000",
        ),
    )
    m = m.add_contact(
        LifeArea.DAILY_LIFE, Contact("家族", about="毎日の様子", how_to_contact="夕食のとき")
    )
    m = m.add_contact(
        LifeArea.LEISURE,
        Contact("地域の写真サークル（サンプル）", about="趣味の写真", how_to_contact="月2回の例会"),
    )
    return m
