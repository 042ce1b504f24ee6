"""civic: village major matters (四议两公开) with their steps, villagers' suggestions, family members
villagers act for (代亲属办) and the errands and needs made for them, kept benefit checks (政策找人)

Branched from 0013_user_contexts (the head when written); the lead re-chains
down_revision when merging.

Revision ID: 0017_civic
Revises: 0013_user_contexts
Create Date: 2026-12-06 09:30:00
"""
from alembic import op
import sqlalchemy as sa

from bot.models.base import UTCDateTime

revision = '0017_civic'
down_revision = '0013_user_contexts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'matters',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=False),
        sa.Column('village_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=80), nullable=False),
        sa.Column('keywords', sa.String(length=200), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('created_by', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_matters_area_id_areas')),
        sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_matters_village_id_villages')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_matters')))
    op.create_index(op.f('ix_matters_area_id'), 'matters', ['area_id'])
    op.create_index('ix_matters_village_created', 'matters', ['village_id', 'created_at'])
    op.create_table(
        'matter_steps',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('matter_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('text', sa.String(length=500), nullable=False),
        sa.Column('file_name', sa.String(length=120), nullable=False),
        sa.Column('file_type', sa.String(length=60), nullable=False),
        sa.Column('file_data', sa.LargeBinary(), nullable=True),
        sa.Column('entered_at', UTCDateTime(), nullable=False),
        sa.Column('entered_by', sa.String(length=64), nullable=False),
        sa.Column('corrections', sa.Integer(), nullable=False),
        sa.CheckConstraint('number BETWEEN 1 AND 6', name=op.f('ck_matter_steps_number_known')),
        sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_matter_steps_matter_id_matters'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_matter_steps')),
        sa.UniqueConstraint('matter_id', 'number', name='uq_matter_steps_matter_number'))
    op.create_table(
        'suggestions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=False),
        sa.Column('village_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('answer', sa.Text(), nullable=False),
        sa.Column('answered_at', UTCDateTime(), nullable=True),
        sa.Column('answered_by', sa.String(length=64), nullable=False),
        sa.Column('public', sa.Boolean(), nullable=False),
        sa.CheckConstraint("state IN ('open', 'answered')", name=op.f('ck_suggestions_state_known')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_suggestions_user_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_suggestions_area_id_areas')),
        sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_suggestions_village_id_villages')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestions')))
    op.create_index(op.f('ix_suggestions_user_id'), 'suggestions', ['user_id'])
    op.create_index(op.f('ix_suggestions_village_id'), 'suggestions', ['village_id'])
    op.create_index('ix_suggestions_area_state', 'suggestions', ['area_id', 'state'])
    op.create_table(
        'family_members',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('relation', sa.String(length=20), nullable=False),
        sa.Column('village_id', sa.Integer(), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('code', sa.String(length=8), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('confirmed_at', UTCDateTime(), nullable=True),
        sa.Column('confirmed_by', sa.String(length=64), nullable=False),
        sa.CheckConstraint("state IN ('pending', 'confirmed')", name=op.f('ck_family_members_state_known')),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_family_members_owner_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_family_members_village_id_villages')),
        sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_family_members_area_id_areas')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_family_members')),
        sa.UniqueConstraint('code', name=op.f('uq_family_members_code')))
    op.create_index(op.f('ix_family_members_owner_id'), 'family_members', ['owner_id'])
    op.create_index('ix_family_members_area_state', 'family_members', ['area_id', 'state'])
    with op.batch_alter_table('errands') as batch:
        batch.add_column(sa.Column('for_family_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_errands_for_family_id_family_members'), 'family_members',
                                 ['for_family_id'], ['id'])
    op.create_table(
        'benefit_checks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('village_id', sa.Integer(), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=False),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.Column('guides', sa.JSON(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_benefit_checks_user_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_benefit_checks_village_id_villages')),
        sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_benefit_checks_area_id_areas')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_benefit_checks')))
    op.create_index(op.f('ix_benefit_checks_user_id'), 'benefit_checks', ['user_id'])
    op.create_index('ix_benefit_checks_area_created', 'benefit_checks', ['area_id', 'created_at'])
    with op.batch_alter_table('needs') as batch:
        batch.add_column(sa.Column('for_family_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_needs_for_family_id_family_members'), 'family_members',
                                 ['for_family_id'], ['id'])


def downgrade() -> None:
    op.drop_table('benefit_checks')
    with op.batch_alter_table('needs') as batch:
        batch.drop_constraint(op.f('fk_needs_for_family_id_family_members'), type_='foreignkey')
        batch.drop_column('for_family_id')
    with op.batch_alter_table('errands') as batch:
        batch.drop_constraint(op.f('fk_errands_for_family_id_family_members'), type_='foreignkey')
        batch.drop_column('for_family_id')
    op.drop_table('family_members')
    op.drop_table('suggestions')
    op.drop_table('matter_steps')
    op.drop_table('matters')
