"""mediation: rooms, mediators, opening hours, slots, bookings

Partial unique indexes hold "no one in the same slot twice" (bookings not cancelled) and
"one open booking per person per kind of dispute"; CHECK (taken <= capacity) holds the slots.
The lead re-chains down_revision when merging.

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-29 02:22:46.401412
"""
from alembic import op
import sqlalchemy as sa
import bot.models.base


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mediation_rooms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_mediation_rooms_area_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_rooms')),
    sa.UniqueConstraint('code', name=op.f('uq_mediation_rooms_code'))
    )
    with op.batch_alter_table('mediation_rooms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediation_rooms_area_id'), ['area_id'], unique=False)

    op.create_table('mediation_opening_hours',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('slot_minutes', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_mediation_opening_hours_capacity_positive')),
    sa.CheckConstraint('slot_minutes > 0', name=op.f('ck_mediation_opening_hours_slot_minutes_positive')),
    sa.CheckConstraint('start_time < end_time', name=op.f('ck_mediation_opening_hours_starts_before_end')),
    sa.CheckConstraint('weekday BETWEEN 1 AND 7', name=op.f('ck_mediation_opening_hours_weekday_iso')),
    sa.ForeignKeyConstraint(['room_id'], ['mediation_rooms.id'], name=op.f('fk_mediation_opening_hours_room_id_mediation_rooms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_opening_hours'))
    )
    with op.batch_alter_table('mediation_opening_hours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediation_opening_hours_room_id'), ['room_id'], unique=False)

    op.create_table('mediation_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('taken', sa.Integer(), nullable=False),
    sa.CheckConstraint('taken <= capacity', name=op.f('ck_mediation_slots_taken_within_capacity')),
    sa.CheckConstraint('taken >= 0', name=op.f('ck_mediation_slots_taken_not_negative')),
    sa.ForeignKeyConstraint(['room_id'], ['mediation_rooms.id'], name=op.f('fk_mediation_slots_room_id_mediation_rooms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_slots')),
    sa.UniqueConstraint('room_id', 'starts_at', name=op.f('uq_mediation_slots_room_id'))
    )
    op.create_table('mediation_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=True),
    sa.Column('villager_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('other_party', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('proposed_slot_id', sa.Integer(), nullable=True),
    sa.Column('mediator_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=10), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('邻里', '婚姻家庭', '赡养', '土地承包', '宅基地', '债务', '工钱', '其他')", name=op.f('ck_mediation_bookings_kind_known')),
    sa.CheckConstraint("outcome IS NULL OR outcome IN ('调解成功', '未成功', '转交')", name=op.f('ck_mediation_bookings_outcome_known')),
    sa.CheckConstraint("state IN ('requested', 'confirmed', 'proposed_other_time', 'moved', 'cancelled', 'done')", name=op.f('ck_mediation_bookings_state_known')),
    sa.ForeignKeyConstraint(['mediator_id'], ['users.id'], name=op.f('fk_mediation_bookings_mediator_id_users')),
    sa.ForeignKeyConstraint(['proposed_slot_id'], ['mediation_slots.id'], name=op.f('fk_mediation_bookings_proposed_slot_id_mediation_slots')),
    sa.ForeignKeyConstraint(['slot_id'], ['mediation_slots.id'], name=op.f('fk_mediation_bookings_slot_id_mediation_slots')),
    sa.ForeignKeyConstraint(['villager_id'], ['users.id'], name=op.f('fk_mediation_bookings_villager_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_bookings')),
    sa.UniqueConstraint('number', name=op.f('uq_mediation_bookings_number'))
    )
    with op.batch_alter_table('mediation_bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediation_bookings_slot_id'), ['slot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_bookings_villager_id'), ['villager_id'], unique=False)
        batch_op.create_index('uq_mediation_bookings_open_kind', ['villager_id', 'kind'], unique=True, sqlite_where=sa.text("state IN ('requested', 'confirmed', 'proposed_other_time', 'moved')"), postgresql_where=sa.text("state IN ('requested', 'confirmed', 'proposed_other_time', 'moved')"))
        batch_op.create_index('uq_mediation_bookings_slot_villager', ['slot_id', 'villager_id'], unique=True, sqlite_where=sa.text("state <> 'cancelled'"), postgresql_where=sa.text("state <> 'cancelled'"))

    op.create_table('mediators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['room_id'], ['mediation_rooms.id'], name=op.f('fk_mediators_room_id_mediation_rooms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mediators_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediators')),
    sa.UniqueConstraint('room_id', 'user_id', name=op.f('uq_mediators_room_id'))
    )
    with op.batch_alter_table('mediators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediators_room_id'), ['room_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediators_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('mediators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediators_user_id'))
        batch_op.drop_index(batch_op.f('ix_mediators_room_id'))

    op.drop_table('mediators')
    with op.batch_alter_table('mediation_bookings', schema=None) as batch_op:
        batch_op.drop_index('uq_mediation_bookings_slot_villager', sqlite_where=sa.text("state <> 'cancelled'"), postgresql_where=sa.text("state <> 'cancelled'"))
        batch_op.drop_index('uq_mediation_bookings_open_kind', sqlite_where=sa.text("state IN ('requested', 'confirmed', 'proposed_other_time', 'moved')"), postgresql_where=sa.text("state IN ('requested', 'confirmed', 'proposed_other_time', 'moved')"))
        batch_op.drop_index(batch_op.f('ix_mediation_bookings_villager_id'))
        batch_op.drop_index(batch_op.f('ix_mediation_bookings_slot_id'))

    op.drop_table('mediation_bookings')
    op.drop_table('mediation_slots')
    with op.batch_alter_table('mediation_opening_hours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediation_opening_hours_room_id'))

    op.drop_table('mediation_opening_hours')
    with op.batch_alter_table('mediation_rooms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediation_rooms_area_id'))

    op.drop_table('mediation_rooms')
