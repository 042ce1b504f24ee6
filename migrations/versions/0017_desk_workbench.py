"""admin workbench: dead pushes dealt with, create-form tokens, staff notes on people (issue 16)

Revision ID: 0017_desk_workbench
Revises: 0013_user_contexts
Create Date: 2026-12-06 09:30:00
"""
from alembic import op
import sqlalchemy as sa

import bot.models.base


revision = '0017_desk_workbench'
down_revision = '0018_talk_lexicon_additions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('admin_push_resolutions',
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('resolved_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'], name=op.f('fk_admin_push_resolutions_outbox_id_outbox'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('outbox_id', name=op.f('pk_admin_push_resolutions'))
    )
    op.create_table('admin_form_tokens',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('result_url', sa.String(length=300), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['admin_accounts.id'],
                            name=op.f('fk_admin_form_tokens_account_id_admin_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_admin_form_tokens'))
    )
    op.create_table('admin_user_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_admin_user_notes_user_id_users'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_admin_user_notes_area_id_areas'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_user_notes'))
    )
    op.create_index(op.f('ix_admin_user_notes_user_id'), 'admin_user_notes', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_admin_user_notes_user_id'), table_name='admin_user_notes')
    op.drop_table('admin_user_notes')
    op.drop_table('admin_form_tokens')
    op.drop_table('admin_push_resolutions')
