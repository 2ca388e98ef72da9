"""Information sessions, their invitations (with the answers) and invitation decisions.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa
import bot.db.tables

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "info_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_key", sa.String(length=200), nullable=False),
        sa.Column("session_key", sa.String(length=200), nullable=False),
        sa.Column("uid", sa.String(length=500), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("starts_at", bot.db.tables.UTCDateTime(), nullable=False),
        sa.Column("ends_at", bot.db.tables.UTCDateTime(), nullable=False),
        sa.Column("join_url", sa.Text(), nullable=False),
        sa.Column("form_label", sa.Text(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("first_seen_at", bot.db.tables.UTCDateTime(), nullable=False),
        sa.Column("changed_at", bot.db.tables.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_info_session")),
        sa.UniqueConstraint("campaign_key", "session_key", name=op.f("uq_info_session_campaign_key")),
        sa.UniqueConstraint("uid", name=op.f("uq_info_session_uid")),
    )
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("affiliation_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("why", sa.String(length=20), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("invited_at", bot.db.tables.UTCDateTime(), nullable=False),
        sa.Column("answer", sa.String(length=20), nullable=False),
        sa.Column("answered_at", bot.db.tables.UTCDateTime(), nullable=True),
        sa.Column("answer_message_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["affiliation_id"], ["affiliation.id"],
                                name=op.f("fk_invitation_affiliation_id_affiliation")),
        sa.ForeignKeyConstraint(["answer_message_id"], ["inbound_message.id"],
                                name=op.f("fk_invitation_answer_message_id_inbound_message")),
        sa.ForeignKeyConstraint(["session_id"], ["info_session.id"],
                                name=op.f("fk_invitation_session_id_info_session")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("session_id", "email", name=op.f("uq_invitation_session_id")),
    )
    with op.batch_alter_table("invitation") as batch:
        batch.create_index(batch.f("ix_invitation_affiliation_id"), ["affiliation_id"], unique=False)
    op.create_table(
        "invitation_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("affiliation_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sessions", sa.JSON(), nullable=False),
        sa.Column("decided_at", bot.db.tables.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["affiliation_id"], ["affiliation.id"],
                                name=op.f("fk_invitation_decision_affiliation_id_affiliation")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation_decision")),
        sa.UniqueConstraint("affiliation_id", "version", name=op.f("uq_invitation_decision_affiliation_id")),
    )


def downgrade() -> None:
    op.drop_table("invitation_decision")
    with op.batch_alter_table("invitation") as batch:
        batch.drop_index(batch.f("ix_invitation_affiliation_id"))
    op.drop_table("invitation")
    op.drop_table("info_session")
