"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 06:10:44.150402
"""
from alembic import op
import sqlalchemy as sa
import bot.db.tables


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('affiliation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_key', sa.String(length=200), nullable=False),
    sa.Column('org_key', sa.String(length=300), nullable=False),
    sa.Column('organisation', sa.Text(), nullable=False),
    sa.Column('current_version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', bot.db.tables.UTCDateTime(), nullable=False),
    sa.Column('updated_at', bot.db.tables.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_affiliation')),
    sa.UniqueConstraint('campaign_key', 'org_key', name=op.f('uq_affiliation_campaign_key'))
    )
    op.create_table('inbound_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=998), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('account', sa.String(length=320), nullable=False),
    sa.Column('folder', sa.String(length=512), nullable=False),
    sa.Column('uidvalidity', sa.BigInteger(), nullable=False),
    sa.Column('uid', sa.BigInteger(), nullable=False),
    sa.Column('campaign_key', sa.String(length=200), nullable=True),
    sa.Column('from_address', sa.String(length=998), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('sent_at', bot.db.tables.UTCDateTime(), nullable=True),
    sa.Column('received_at', bot.db.tables.UTCDateTime(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('outcome', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('raw', sa.LargeBinary(), nullable=False),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('mailbox_action', sa.String(length=20), nullable=False),
    sa.Column('mailbox_action_at', bot.db.tables.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['inbound_message.id'], name=op.f('fk_inbound_message_duplicate_of_id_inbound_message')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_message')),
    sa.UniqueConstraint('message_id', name=op.f('uq_inbound_message_message_id'))
    )
    with op.batch_alter_table('inbound_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbound_message_campaign_key'), ['campaign_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_inbound_message_content_hash'), ['content_hash'], unique=False)

    op.create_table('mailbox_checkpoint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account', sa.String(length=320), nullable=False),
    sa.Column('folder', sa.String(length=512), nullable=False),
    sa.Column('uidvalidity', sa.BigInteger(), nullable=False),
    sa.Column('last_uid', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', bot.db.tables.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mailbox_checkpoint')),
    sa.UniqueConstraint('account', 'folder', name=op.f('uq_mailbox_checkpoint_account'))
    )
    op.create_table('submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inbound_message_id', sa.Integer(), nullable=False),
    sa.Column('campaign_key', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('attachment_name', sa.Text(), nullable=False),
    sa.Column('attachment_sha256', sa.String(length=64), nullable=False),
    sa.Column('style', sa.String(length=40), nullable=False),
    sa.Column('form', sa.JSON(), nullable=True),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('affiliation_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.Column('created_at', bot.db.tables.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['affiliation_id'], ['affiliation.id'], name=op.f('fk_submission_affiliation_id_affiliation')),
    sa.ForeignKeyConstraint(['inbound_message_id'], ['inbound_message.id'], name=op.f('fk_submission_inbound_message_id_inbound_message')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission'))
    )
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_inbound_message_id'), ['inbound_message_id'], unique=False)

    op.create_table('affiliation_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('affiliation_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('form', sa.JSON(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('created_at', bot.db.tables.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['affiliation_id'], ['affiliation.id'], name=op.f('fk_affiliation_version_affiliation_id_affiliation')),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_affiliation_version_submission_id_submission')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_affiliation_version')),
    sa.UniqueConstraint('affiliation_id', 'version', name=op.f('uq_affiliation_version_affiliation_id'))
    )
    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=500), nullable=False),
    sa.Column('message_id', sa.String(length=998), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('campaign_key', sa.String(length=200), nullable=False),
    sa.Column('inbound_message_id', sa.Integer(), nullable=True),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('sender', sa.String(length=998), nullable=False),
    sa.Column('recipients', sa.JSON(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('raw', sa.LargeBinary(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', bot.db.tables.UTCDateTime(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', bot.db.tables.UTCDateTime(), nullable=False),
    sa.Column('sent_at', bot.db.tables.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['inbound_message_id'], ['inbound_message.id'], name=op.f('fk_outbox_message_inbound_message_id_inbound_message')),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_outbox_message_submission_id_submission')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_outbox_message_dedupe_key')),
    sa.UniqueConstraint('message_id', name=op.f('uq_outbox_message_message_id'))
    )



def downgrade() -> None:

    op.drop_table('outbox_message')
    op.drop_table('affiliation_version')
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_inbound_message_id'))

    op.drop_table('submission')
    op.drop_table('mailbox_checkpoint')
    with op.batch_alter_table('inbound_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbound_message_content_hash'))
        batch_op.drop_index(batch_op.f('ix_inbound_message_campaign_key'))

    op.drop_table('inbound_message')
    op.drop_table('affiliation')

