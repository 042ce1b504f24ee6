"""village affairs: notices, village rules, villagers' push choices

A notice's `dedupe_key` is unique, so publishing the same notice twice gives one row (and one
push per villager). Branched from 0004 (the head when written); the lead re-chains when merging.

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-29 03:36:37.700398
"""
from alembic import op
import sqlalchemy as sa
import bot.models.base


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('affairs_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('event_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('published_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.String(length=64), nullable=False),
    sa.Column('dedupe_key', sa.String(length=64), nullable=False),
    sa.CheckConstraint("kind IN ('村务公开', '议事日', '村情发布会', '公示', '通知')", name=op.f('ck_affairs_notices_kind_known')),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_affairs_notices_area_id_areas')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_affairs_notices_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_affairs_notices')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_affairs_notices_dedupe_key'))
    )
    with op.batch_alter_table('affairs_notices', schema=None) as batch_op:
        batch_op.create_index('ix_affairs_notices_area_published', ['area_id', 'published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_affairs_notices_village_id'), ['village_id'], unique=False)

    op.create_table('village_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('sample', sa.Boolean(), nullable=False),
    sa.Column('updated_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_village_rules_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_village_rules')),
    sa.UniqueConstraint('village_id', name=op.f('uq_village_rules_village_id'))
    )
    op.create_table('affairs_subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('subscribed', sa.Boolean(), nullable=False),
    sa.Column('updated_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_affairs_subscriptions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_affairs_subscriptions')),
    sa.UniqueConstraint('user_id', 'kind', name='uq_affairs_subscriptions_user_kind')
    )


def downgrade() -> None:
    op.drop_table('affairs_subscriptions')
    op.drop_table('village_rules')
    with op.batch_alter_table('affairs_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_affairs_notices_village_id'))
        batch_op.drop_index('ix_affairs_notices_area_published')

    op.drop_table('affairs_notices')
