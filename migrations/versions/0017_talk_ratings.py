"""errands, mediation_bookings: the villager's rating in words (satisfied/unsatisfied, the words, when)

After an errand is done or a mediation's outcome recorded the villager is asked; 不满意 reopens
the errand for the same party member, and flags the mediation to the area's staff.
Branched from 0013_user_contexts (the head when written); the lead re-chains down_revision when merging.

Revision ID: 0017_talk_ratings
Revises: 0013_user_contexts
Create Date: 2026-12-06 09:30:00
"""
from alembic import op
import sqlalchemy as sa

import bot.models.base


revision = '0017_talk_ratings'
down_revision = "0017_civic"
branch_labels = None
depends_on = None

TABLES = ('errands', 'mediation_bookings')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('rating', sa.String(length=12), nullable=True))
            batch_op.add_column(sa.Column('rating_words', sa.Text(), nullable=True))
            batch_op.add_column(sa.Column('rated_at', bot.models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('rated_at')
            batch_op.drop_column('rating_words')
            batch_op.drop_column('rating')
