"""Staff: the audit trail of review actions, handled marks, edits as versions, digest periods,
job runs (intake status) and retention marks.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa
import bot.db.tables

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UTC = bot.db.tables.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "staff_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTC(), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("campaign_key", sa.String(length=200), nullable=False),
        sa.Column("affiliation_id", sa.Integer(), nullable=True),
        sa.Column("inbound_message_id", sa.Integer(), nullable=True),
        sa.Column("outbox_message_id", sa.Integer(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["affiliation_id"], ["affiliation.id"],
                                name=op.f("fk_staff_action_affiliation_id_affiliation")),
        sa.ForeignKeyConstraint(["inbound_message_id"], ["inbound_message.id"],
                                name=op.f("fk_staff_action_inbound_message_id_inbound_message")),
        sa.ForeignKeyConstraint(["outbox_message_id"], ["outbox_message.id"],
                                name=op.f("fk_staff_action_outbox_message_id_outbox_message")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_action")),
    )
    with op.batch_alter_table("staff_action") as batch:
        batch.create_index(batch.f("ix_staff_action_affiliation_id"), ["affiliation_id"], unique=False)
    op.create_table(
        "digest_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_key", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("at", UTC(), nullable=False),
        sa.Column("sent", sa.Boolean(), nullable=False),
        sa.Column("outbox_message_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["outbox_message_id"], ["outbox_message.id"],
                                name=op.f("fk_digest_run_outbox_message_id_outbox_message")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_run")),
        sa.UniqueConstraint("campaign_key", "period", name=op.f("uq_digest_run_campaign_key")),
    )
    op.create_table(
        "job_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(length=100), nullable=False),
        sa.Column("last_success_at", UTC(), nullable=True),
        sa.Column("last_failure_at", UTC(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_run")),
        sa.UniqueConstraint("job", name=op.f("uq_job_run_job")),
    )
    with op.batch_alter_table("affiliation_version") as batch:
        batch.add_column(sa.Column("staff_action_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f("fk_affiliation_version_staff_action_id_staff_action"),
                                 "staff_action", ["staff_action_id"], ["id"])
    with op.batch_alter_table("inbound_message") as batch:
        batch.add_column(sa.Column("handled_at", UTC(), nullable=True))
        batch.add_column(sa.Column("purged_at", UTC(), nullable=True))
        batch.add_column(sa.Column("attachment_names", sa.JSON(), nullable=True))
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("handled_at", UTC(), nullable=True))
        batch.add_column(sa.Column("purged_at", UTC(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("purged_at")
        batch.drop_column("handled_at")
    with op.batch_alter_table("inbound_message") as batch:
        batch.drop_column("attachment_names")
        batch.drop_column("purged_at")
        batch.drop_column("handled_at")
    with op.batch_alter_table("affiliation_version") as batch:
        batch.drop_constraint(batch.f("fk_affiliation_version_staff_action_id_staff_action"), type_="foreignkey")
        batch.drop_column("staff_action_id")
    op.drop_table("job_run")
    op.drop_table("digest_run")
    with op.batch_alter_table("staff_action") as batch:
        batch.drop_index(batch.f("ix_staff_action_affiliation_id"))
    op.drop_table("staff_action")
