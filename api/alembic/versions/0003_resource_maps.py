"""Resource maps (issue 4): one map per chat session and its contacts.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "resource_maps",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "session_id",
            sa.String(64),
            sa.ForeignKey("chat_sessions.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("goal", sa.Text(), nullable=True),
        sa.Column("skipped_areas", sa.JSON(), nullable=False),
        # 要配慮個人情報: only with the user's consent, else NULL.
        sa.Column("disability_types", sa.JSON(), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "resource_map_entries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "map_id",
            sa.Integer(),
            sa.ForeignKey("resource_maps.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("area", sa.String(20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name_or_role", sa.String(100), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=True),
        sa.Column("about", sa.String(200), nullable=True),
        sa.Column("how_to_contact", sa.String(200), nullable=True),
        sa.Column("phone", sa.String(50), nullable=True),
        sa.Column("url", sa.String(500), nullable=True),
        sa.UniqueConstraint("map_id", "area", "position"),
    )


def downgrade() -> None:
    op.drop_table("resource_map_entries")
    op.drop_table("resource_maps")
