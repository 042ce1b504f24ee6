"""errands and accounts: errands, errand events, invite codes

Revision ID: 0003
Revises: 0001 (the lead re-chains it after 0002 when merging)
Create Date: 2026-11-29 02:26:53.899148
"""
from alembic import op
import sqlalchemy as sa
import bot.models.base


revision = '0003'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('errands',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('villager_id', sa.Integer(), nullable=False),
    sa.Column('guide_id', sa.String(length=40), nullable=True),
    sa.Column('matter', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('preferred_time', sa.String(length=100), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('offer_round', sa.Integer(), nullable=False),
    sa.Column('offered_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('accepted_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('done_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state IN ('offered', 'accepted', 'done', 'cancelled', 'escalated')", name=op.f('ck_errands_state')),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_errands_area_id_areas')),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_errands_assignee_id_users')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_errands_village_id_villages')),
    sa.ForeignKeyConstraint(['villager_id'], ['users.id'], name=op.f('fk_errands_villager_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_errands'))
    )
    with op.batch_alter_table('errands', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_errands_area_id'), ['area_id'], unique=False)
        batch_op.create_index('ix_errands_assignee_state', ['assignee_id', 'state'], unique=False)
        batch_op.create_index('ix_errands_state_offered_at', ['state', 'offered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_errands_villager_id'), ['villager_id'], unique=False)

    op.create_table('invite_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('group_code', sa.String(length=40), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_by', sa.Integer(), nullable=True),
    sa.Column('used_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_invite_codes_area_id_areas')),
    sa.ForeignKeyConstraint(['used_by'], ['users.id'], name=op.f('fk_invite_codes_used_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invite_codes')),
    sa.UniqueConstraint('code', name=op.f('uq_invite_codes_code'))
    )
    op.create_table('errand_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('errand_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['errand_id'], ['errands.id'], name=op.f('fk_errand_events_errand_id_errands'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_errand_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_errand_events'))
    )
    with op.batch_alter_table('errand_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_errand_events_errand_id'), ['errand_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('errand_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_errand_events_errand_id'))

    op.drop_table('errand_events')
    op.drop_table('invite_codes')
    with op.batch_alter_table('errands', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_errands_villager_id'))
        batch_op.drop_index('ix_errands_state_offered_at')
        batch_op.drop_index('ix_errands_assignee_state')
        batch_op.drop_index(batch_op.f('ix_errands_area_id'))

    op.drop_table('errands')
