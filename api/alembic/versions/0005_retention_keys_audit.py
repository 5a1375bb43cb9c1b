"""Retention per office, revocable staff keys, the staff audit log (issue 11).

- `offices.retention_days` (default 90): how long the office keeps conversations, callback
  requests and resource maps; `python -m api.cli purge` deletes what is older.
- `api_keys.revoked_at`: a revoked key opens nothing (`api.cli revoke-key`, `rotate-key`).
- `staff_audit_log`: which staff key read which personal data, when.
- Indexes on the timestamps the purge selects by.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
# (table, column) pairs the purge selects by.
PURGE_INDEXES = [
    ("chat_sessions", "last_seen_at"),
    ("chat_messages", "created_at"),
    ("unanswered_questions", "created_at"),
    ("handoff_requests", "created_at"),
]


def upgrade() -> None:
    with op.batch_alter_table("offices") as batch:
        batch.add_column(
            sa.Column("retention_days", sa.Integer(), nullable=False, server_default="90")
        )
    with op.batch_alter_table("api_keys") as batch:
        batch.add_column(sa.Column("revoked_at", TZ, nullable=True))
    op.create_table(
        "staff_audit_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "office_id",
            sa.String(64),
            sa.ForeignKey("offices.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("api_key_id", sa.Integer(), nullable=True),
        sa.Column("api_key_label", sa.String(100), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("created_at", TZ, nullable=False, index=True),
    )
    for table, column in PURGE_INDEXES:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column in PURGE_INDEXES:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
    op.drop_table("staff_audit_log")
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("revoked_at")
    with op.batch_alter_table("offices") as batch:
        batch.drop_column("retention_days")
