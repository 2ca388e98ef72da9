"""Inbound identity is Message-ID and content; collisions recorded; notices about mail servers.

- inbound_message: unique (message_id, content_hash) instead of unique message_id, so a later
  message reusing a Message-ID with other content is stored (and marked by collides_with_id)
  instead of being skipped as "already seen"; an index on its place (uid, uidvalidity);
- mailbox_notice: facts about a mail server for the operator (e.g. move_unsupported).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa
import bot.db.tables

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inbound_message") as batch:
        batch.drop_constraint("uq_inbound_message_message_id", type_="unique")
        batch.create_unique_constraint("uq_inbound_message_identity", ["message_id", "content_hash"])
        batch.create_index(batch.f("ix_inbound_message_message_id"), ["message_id"], unique=False)
        batch.create_index("ix_inbound_message_place", ["uid", "uidvalidity"], unique=False)
        batch.add_column(sa.Column("collides_with_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f("fk_inbound_message_collides_with_id_inbound_message"),
                                 "inbound_message", ["collides_with_id"], ["id"])
    op.create_table(
        "mailbox_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=320), nullable=False),
        sa.Column("folder", sa.String(length=512), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("first_seen_at", bot.db.tables.UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", bot.db.tables.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mailbox_notice")),
        sa.UniqueConstraint("account", "folder", "code", name=op.f("uq_mailbox_notice_account")),
    )


def downgrade() -> None:
    op.drop_table("mailbox_notice")
    with op.batch_alter_table("inbound_message") as batch:
        batch.drop_constraint(batch.f("fk_inbound_message_collides_with_id_inbound_message"), type_="foreignkey")
        batch.drop_column("collides_with_id")
        batch.drop_index("ix_inbound_message_place")
        batch.drop_index(batch.f("ix_inbound_message_message_id"))
        batch.drop_constraint("uq_inbound_message_identity", type_="unique")
        batch.create_unique_constraint("uq_inbound_message_message_id", ["message_id"])
