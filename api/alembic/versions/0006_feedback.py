"""Answer feedback (issue 14): 👍/👎 on a bot answer, with what was missing, per office.

Revision ID: 0006_feedback
Revises: 0005

A LINE-channel migration is written in parallel on another branch from 0005; whichever is
merged second moves its `down_revision` to the other's revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_feedback"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "office_id",
            sa.String(64),
            sa.ForeignKey("offices.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column(
            "session_id",
            sa.String(64),
            sa.ForeignKey("chat_sessions.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.String(8), nullable=False),
        sa.Column("answer_text", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.UniqueConstraint("session_id", "message_id"),
    )


def downgrade() -> None:
    op.drop_table("answer_feedback")
