"""A copy of each sent message in the mailbox's Sent folder: its state per outbox row.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("sent_copy", sa.String(length=20), nullable=False, server_default=""))
        batch.create_index(batch.f("ix_outbox_message_sent_copy"), ["sent_copy"])


def downgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_index(batch.f("ix_outbox_message_sent_copy"))
        batch.drop_column("sent_copy")
