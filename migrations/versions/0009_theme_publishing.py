"""monthly themes: draft or published, when pushed, edited on the admin page

Existing themes came from knowledge/themes.yaml and were all pushed: they stay published
(server default true), so nothing changes for them. Branched from 0008 (the head when written);
the lead re-chains down_revision when merging.

Revision ID: 0009_theme_publishing
Revises: 0008
Create Date: 2026-11-29 09:00:00
"""
from alembic import op
import sqlalchemy as sa
import bot.models.base


revision = '0009_theme_publishing'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('published_at', bot.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('pushed_at', bot.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('edited_on_page', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.drop_column('edited_on_page')
        batch_op.drop_column('pushed_at')
        batch_op.drop_column('published_at')
        batch_op.drop_column('published')
