"""lexicon_additions: phrasings the bot did not understand, assigned by a cadre to a guide or intent

Put into the routing lexicon's examples (after the same checks as the files and `route --eval`
on the dev set); every worker rebuilds its router when the rows' version changes.
Branched from 0017_talk_ratings; the lead re-chains down_revision when merging.

Revision ID: 0018_talk_lexicon_additions
Revises: 0017_talk_ratings
Create Date: 2026-12-06 10:00:00
"""
from alembic import op
import sqlalchemy as sa

import bot.models.base


revision = '0018_talk_lexicon_additions'
down_revision = '0017_talk_ratings'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lexicon_additions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('target', sa.String(length=40), nullable=False),
    sa.Column('phrasings', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('guide', 'intent')", name=op.f('ck_lexicon_additions_kind_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lexicon_additions'))
    )


def downgrade() -> None:
    op.drop_table('lexicon_additions')
