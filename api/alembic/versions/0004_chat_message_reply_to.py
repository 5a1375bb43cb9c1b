"""chat_messages.reply_to: a bot reply points to the user message it answers.

A chat turn stores the user's message and its replies in two short transactions (it no longer
holds one across the Rasa call), so another turn's message can get an id in between; the
history orders by (reply_to or id, id) to keep each turn together.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chat_messages") as batch:
        batch.add_column(sa.Column("reply_to", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("chat_messages") as batch:
        batch.drop_column("reply_to")
