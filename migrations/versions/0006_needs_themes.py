"""needs and whistles (needs, need_events), monthly themes (themes), group leaders and specialities

Adds `user_roles.leader` (a representative who leads their group: unclaimed whistles go to them)
and `rep_groups.speciality` (一组一特色). Branched from 0004 (the head when written).

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-29 03:04:37.233980
"""
from alembic import op
import sqlalchemy as sa
import bot.models.base


revision = '0006'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_code', sa.String(length=40), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('title', sa.String(length=80), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('activities', sa.JSON(), nullable=False),
    sa.Column('updated_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_themes')),
    sa.UniqueConstraint('group_code', 'month', name=op.f('uq_themes_group_code'))
    )
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_themes_group_code'), ['group_code'], unique=False)

    op.create_table('needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('villager_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('input_kind', sa.String(length=10), nullable=False),
    sa.Column('photo_media_id', sa.String(length=128), nullable=True),
    sa.Column('voice_media_id', sa.String(length=128), nullable=True),
    sa.Column('latitude', sa.Double(), nullable=True),
    sa.Column('longitude', sa.Double(), nullable=True),
    sa.Column('urgency', sa.String(length=10), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('group_code', sa.String(length=40), nullable=True),
    sa.Column('confidence', sa.Double(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('escalation_level', sa.Integer(), nullable=False),
    sa.Column('alerted_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('escalated_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('claimed_by', sa.Integer(), nullable=True),
    sa.Column('claimed_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('satisfaction', sa.String(length=12), nullable=True),
    sa.Column('reopen_count', sa.Integer(), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("input_kind IN ('text', 'voice', 'photo', 'location')", name=op.f('ck_needs_input_kind')),
    sa.CheckConstraint("state IN ('collected', 'alerted', 'claimed', 'in_progress', 'closed', 'reopened', 'escalated')", name=op.f('ck_needs_state')),
    sa.CheckConstraint("state IN ('collected', 'alerted', 'escalated') OR claimed_by IS NOT NULL", name=op.f('ck_needs_held_by_someone')),
    sa.CheckConstraint("urgency IN ('normal', 'urgent')", name=op.f('ck_needs_urgency')),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_needs_area_id_areas')),
    sa.ForeignKeyConstraint(['claimed_by'], ['users.id'], name=op.f('fk_needs_claimed_by_users')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_needs_village_id_villages')),
    sa.ForeignKeyConstraint(['villager_id'], ['users.id'], name=op.f('fk_needs_villager_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs'))
    )
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_claimed_by'), ['claimed_by'], unique=False)
        batch_op.create_index('ix_needs_group_code_state', ['group_code', 'state'], unique=False)
        batch_op.create_index('ix_needs_state_alerted_at', ['state', 'alerted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_villager_id'), ['villager_id'], unique=False)

    op.create_table('need_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_events_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_need_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need_events'))
    )
    with op.batch_alter_table('need_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_events_need_id'), ['need_id'], unique=False)

    with op.batch_alter_table('rep_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('speciality', sa.String(length=200), server_default='', nullable=False))

    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('leader', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_column('leader')

    with op.batch_alter_table('rep_groups', schema=None) as batch_op:
        batch_op.drop_column('speciality')

    with op.batch_alter_table('need_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_events_need_id'))

    op.drop_table('need_events')
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_villager_id'))
        batch_op.drop_index('ix_needs_state_alerted_at')
        batch_op.drop_index('ix_needs_group_code_state')
        batch_op.drop_index(batch_op.f('ix_needs_claimed_by'))
        batch_op.drop_index(batch_op.f('ix_needs_area_id'))

    op.drop_table('needs')
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_themes_group_code'))

    op.drop_table('themes')
