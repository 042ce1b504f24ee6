"""inbound_messages: the action the bot took with the message and the guide it concerns

CONTRACT.md's closed list of actions ("guide.materials", "mediation.cancel", ...): stored with
the message so the admin dashboard can count them and `flask converse` can read them.
Branched from 0011 (the head when written); the lead re-chains down_revision when merging.

Revision ID: 0012_inbound_action
Revises: 0012_relay
Create Date: 2026-12-06 06:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012_inbound_action'
down_revision = '0012_relay'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('action', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('guide', sa.String(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_column('guide')
        batch_op.drop_column('action')
