"""Answer feedback (issue 14): 👍/👎 on a bot answer, with what was missing, per office.

Revision ID: 0007_feedback
Revises: 0006_line
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_feedback"
down_revision = "0006_line"
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
