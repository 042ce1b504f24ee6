"""volunteers: teams, profiles, tasks, sign-ups

Places are guarded in the schema: CHECK (taken <= needed) on tasks, UNIQUE (task, volunteer)
on sign-ups. Branched from 0002 (the head when written); the lead re-chains when merging.

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-29 02:26:16.552155
"""
from alembic import op
import sqlalchemy as sa
import bot.models.base


revision = '0005'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('volunteer_teams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_volunteer_teams_area_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_teams')),
    sa.UniqueConstraint('area_id', name=op.f('uq_volunteer_teams_area_id'))
    )
    op.create_table('volunteer_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('free_times', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('registered_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_volunteer_profiles_area_id_areas')),
    sa.ForeignKeyConstraint(['team_id'], ['volunteer_teams.id'], name=op.f('fk_volunteer_profiles_team_id_volunteer_teams')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_volunteer_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_profiles')),
    sa.UniqueConstraint('user_id', name=op.f('uq_volunteer_profiles_user_id'))
    )
    with op.batch_alter_table('volunteer_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_profiles_area_id'), ['area_id'], unique=False)

    op.create_table('volunteer_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=80), nullable=False),
    sa.Column('starts_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('needed', sa.Integer(), nullable=False),
    sa.Column('taken', sa.Integer(), nullable=False),
    sa.Column('waiting_seq', sa.Integer(), nullable=False),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('canteen_code', sa.String(length=40), nullable=True),
    sa.Column('theme_ref', sa.String(length=80), nullable=True),
    sa.Column('risky', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('needed > 0', name=op.f('ck_volunteer_tasks_needed_positive')),
    sa.CheckConstraint('taken <= needed', name=op.f('ck_volunteer_tasks_taken_within_needed')),
    sa.CheckConstraint('taken >= 0', name=op.f('ck_volunteer_tasks_taken_not_negative')),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_volunteer_tasks_area_id_areas')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_volunteer_tasks_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_tasks')),
    sa.UniqueConstraint('number', name=op.f('uq_volunteer_tasks_number'))
    )
    with op.batch_alter_table('volunteer_tasks', schema=None) as batch_op:
        batch_op.create_index('ix_volunteer_tasks_area_start', ['area_id', 'starts_at'], unique=False)

    op.create_table('volunteer_signups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('hours_credited', sa.Double(), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('hours_credited >= 0', name=op.f('ck_volunteer_signups_hours_not_negative')),
    sa.ForeignKeyConstraint(['task_id'], ['volunteer_tasks.id'], name=op.f('fk_volunteer_signups_task_id_volunteer_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteer_profiles.id'], name=op.f('fk_volunteer_signups_volunteer_id_volunteer_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_signups')),
    sa.UniqueConstraint('task_id', 'volunteer_id', name='uq_volunteer_signups_task_volunteer')
    )
    with op.batch_alter_table('volunteer_signups', schema=None) as batch_op:
        batch_op.create_index('ix_volunteer_signups_task_state', ['task_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_signups_volunteer_id'), ['volunteer_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('volunteer_signups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteer_signups_volunteer_id'))
        batch_op.drop_index('ix_volunteer_signups_task_state')

    op.drop_table('volunteer_signups')
    with op.batch_alter_table('volunteer_tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_volunteer_tasks_area_start')

    op.drop_table('volunteer_tasks')
    with op.batch_alter_table('volunteer_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteer_profiles_area_id'))

    op.drop_table('volunteer_profiles')
    op.drop_table('volunteer_teams')
