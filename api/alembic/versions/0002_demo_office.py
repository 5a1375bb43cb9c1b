"""The fictional sample office `demo` and two clearly marked sample directory entries.

Nothing here is a real organisation, person or phone number.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

DEMO_CONTACT = (
    "【サンプル】みどり就労サポート（架空の事業所です）\n"
    "電話：000-0000-0000（サンプルの番号です）\n"
    "受付：平日 9時から17時（サンプル）"
)


def upgrade() -> None:
    offices = sa.table(
        "offices",
        sa.column("id", sa.String),
        sa.column("display_name", sa.String),
        sa.column("allowed_origins", sa.JSON),
        sa.column("contact_text", sa.Text),
        sa.column("theme_color", sa.String),
        sa.column("default_furigana", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(
        offices,
        [
            {
                "id": "demo",
                "display_name": "みどり就労サポート（デモ）",
                "allowed_origins": ["http://127.0.0.1:8000", "http://localhost:8000"],
                "contact_text": DEMO_CONTACT,
                "theme_color": "#1d5fa8",
                "default_furigana": "off",
                "created_at": datetime.now(timezone.utc),
            }
        ],
    )
    entries = sa.table(
        "directory_entries",
        *(
            sa.column(name, sa.String)
            for name in (
                "office_id",
                "name",
                "category",
                "area_of_life",
                "municipality",
                "phone",
                "url",
                "hours",
                "notes",
            )
        ),
        sa.column("is_sample", sa.Boolean),
    )
    sample = {
        "office_id": "demo",
        "municipality": "サンプル市",
        "phone": "000-0000-0000",
        "url": "",
        "hours": "平日 9時から17時（サンプル）",
        "is_sample": True,
    }
    op.bulk_insert(
        entries,
        [
            {
                **sample,
                "name": "【サンプル】サンプル市 障害者就業・生活支援センター",
                "category": "障害者就業・生活支援センター",
                "area_of_life": "職場の安定",
                "notes": "架空の記入例です。実在の機関ではありません。",
            },
            {
                **sample,
                "name": "【サンプル】サンプル市役所 障害福祉窓口",
                "category": "市区町村の障害福祉窓口",
                "area_of_life": "生活の安定",
                "notes": "架空の記入例です。受給者証や更新の相談先の例です。",
            },
        ],
    )


def downgrade() -> None:
    op.execute("DELETE FROM directory_entries WHERE office_id = 'demo' AND is_sample")
    op.execute("DELETE FROM offices WHERE id = 'demo'")
