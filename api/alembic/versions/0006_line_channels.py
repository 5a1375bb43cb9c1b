"""LINE channels (issue 12): an office's LINE official account, its users, seen webhook events.

- `line_channels`: one per office; the channel secret and access token encrypted (Fernet).
- `line_users`: a LINE user of an office (a salted hash of the userId, never the userId) and
  the chat session that user talks in; it goes with the session.
- `line_webhook_events`: webhookEventId per office, unique, so a redelivered event is answered once.

Revision ID: 0006_line
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_line"
down_revision = "0005"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "line_channels",
        sa.Column(
            "office_id",
            sa.String(64),
            sa.ForeignKey("offices.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("channel_secret_encrypted", sa.Text(), nullable=False),
        sa.Column("access_token_encrypted", sa.Text(), nullable=False),
        sa.Column("ask_disability", sa.Boolean(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "line_users",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "office_id",
            sa.String(64),
            sa.ForeignKey("offices.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("user_key", sa.String(64), nullable=False),
        sa.Column(
            "session_id",
            sa.String(64),
            sa.ForeignKey("chat_sessions.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("easy_ja", sa.Boolean(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("office_id", "user_key"),
    )
    op.create_table(
        "line_webhook_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "office_id",
            sa.String(64),
            sa.ForeignKey("offices.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("webhook_event_id", sa.String(64), nullable=False),
        sa.Column("event_type", sa.String(32), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.UniqueConstraint("office_id", "webhook_event_id"),
    )
    op.create_index("ix_line_webhook_events_received_at", "line_webhook_events", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_line_webhook_events_received_at", "line_webhook_events")
    op.drop_table("line_webhook_events")
    op.drop_table("line_users")
    op.drop_table("line_channels")
