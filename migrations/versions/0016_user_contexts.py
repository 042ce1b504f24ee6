"""user_contexts: each user's recent items (guide shown, task/booking/errand/need pushed)

A short or relative answer ("1", "去不了", "要带啥") acts on the item the user last looked at or
was pushed (bot/context.py).

Revision ID: 0013_user_contexts
Revises: 0015_mass_sends
Create Date: 2026-12-06 06:40:00
"""
from alembic import op
import sqlalchemy as sa

import bot.models.base


revision = '0013_user_contexts'
down_revision = '0015_mass_sends'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('user_contexts',
    sa.Column('openid', sa.String(length=64), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('updated_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('openid', name=op.f('pk_user_contexts'))
    )


def downgrade() -> None:
    op.drop_table('user_contexts')
