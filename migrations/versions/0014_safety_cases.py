"""safety_cases: one row per danger message (issue 14's safety layer)

Chained after 0012_relay (the head when main was merged in).

Revision ID: 0013_safety_cases
Revises: 0012_relay
Create Date: 2026-12-06 06:10:00
"""
from alembic import op
import sqlalchemy as sa

import bot.models.base

revision = '0013_safety_cases'
down_revision = '0013_inbound_action'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'safety_cases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('openid', sa.String(length=64), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('number', sa.String(length=12), nullable=False),
        sa.Column('words', sa.Text(), nullable=False),
        sa.Column('where_text', sa.Text(), nullable=False),
        sa.Column('form', sa.String(length=40), nullable=False),
        sa.Column('state', sa.String(length=14), nullable=False),
        sa.Column('recipients', sa.JSON(), nullable=False),
        sa.Column('message_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('alerted_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('acknowledged_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('acknowledged_by', sa.Integer(), nullable=True),
        sa.Column('followed_up_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('escalated_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('closed_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['acknowledged_by'], ['users.id'],
                                name=op.f('fk_safety_cases_acknowledged_by_users')),
        sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_safety_cases_area_id_areas')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_safety_cases_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_cases')),
    )
    with op.batch_alter_table('safety_cases', schema=None) as batch_op:
        batch_op.create_index('ix_safety_cases_state_created_at', ['state', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_safety_cases_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_safety_cases_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_table('safety_cases')
