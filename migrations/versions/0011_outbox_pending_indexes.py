"""outbox: partial indexes of the pending person-to-person rows and broadcasts, for the claim

The claim (bot/outbox/store.py) takes person-to-person rows before broadcasts. With a million
theme rows pending, finding the few others read every pending row on each claim, and finding
the oldest broadcasts sorted them all when PostgreSQL's statistics did not know them yet.
Branched from 0010 (the head when
written); the lead re-chains down_revision when merging.

Revision ID: 0011_outbox_pending_indexes
Revises: 0010
Create Date: 2026-11-29 10:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011_outbox_pending_indexes'
down_revision = '0010'
branch_labels = None
depends_on = None

# As in bot/models/outbox.py when written (a migration does not follow later edits of the model).
PENDING_DIRECT = "status = 'pending' AND kind NOT IN ('theme', 'notice')"
PENDING_BROADCAST = "status = 'pending' AND kind IN ('theme', 'notice')"


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_pending_direct', ['status', 'next_attempt_at', 'id'], unique=False,
                              postgresql_where=sa.text(PENDING_DIRECT), sqlite_where=sa.text(PENDING_DIRECT))
        batch_op.create_index('ix_outbox_pending_broadcast', ['status', 'next_attempt_at', 'id'], unique=False,
                              postgresql_where=sa.text(PENDING_BROADCAST), sqlite_where=sa.text(PENDING_BROADCAST))


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_pending_broadcast')
        batch_op.drop_index('ix_outbox_pending_direct')
