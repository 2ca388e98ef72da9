"""What a job's last successful run saw (job_run.seen): for the sessions job, the campaign
files it brought the stored sessions in line with, so an idle `intake poll --once` can tell
without loading anything that there is nothing to bring in line (bot/quick_look.py).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job_run") as batch:
        batch.add_column(sa.Column("seen", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("job_run") as batch:
        batch.drop_column("seen")
