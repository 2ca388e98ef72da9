"""Reply reasons (RFC 3834 rate limit) and links from inbound mail to our replies.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("reason", sa.String(length=500), nullable=False, server_default=""))
        batch.create_index(batch.f("ix_outbox_message_reason"), ["reason"])
    with op.batch_alter_table("inbound_message") as batch:
        batch.add_column(sa.Column("related_outbox_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f("fk_inbound_message_related_outbox_id_outbox_message"),
                                 "outbox_message", ["related_outbox_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("inbound_message") as batch:
        batch.drop_constraint(batch.f("fk_inbound_message_related_outbox_id_outbox_message"), type_="foreignkey")
        batch.drop_column("related_outbox_id")
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_index(batch.f("ix_outbox_message_reason"))
        batch.drop_column("reason")
