"""admin page: cadre accounts with a scope, server-side sessions, login throttle, audit log

Branched from 0004 (the head when written); the lead re-chains down_revision when merging.

Revision ID: 0008
Revises: 0004
Create Date: 2026-11-29 03:39:29.728004
"""
from alembic import op
import sqlalchemy as sa
import bot.models.base


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('admin_login_throttle',
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('window_started_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_admin_login_throttle'))
    )
    op.create_table('admin_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('display_name', sa.String(length=60), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('scope_level', sa.String(length=10), nullable=False),
    sa.Column('township', sa.String(length=80), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('last_login_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('password_changed_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("scope_level <> 'area' OR area_id IS NOT NULL", name=op.f('ck_admin_accounts_area_given')),
    sa.CheckConstraint("scope_level <> 'township' OR township <> ''", name=op.f('ck_admin_accounts_township_named')),
    sa.CheckConstraint("scope_level IN ('county', 'township', 'area')", name=op.f('ck_admin_accounts_scope_level_known')),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_admin_accounts_area_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_accounts')),
    sa.UniqueConstraint('username', name=op.f('uq_admin_accounts_username'))
    )
    op.create_table('admin_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('target_type', sa.String(length=40), nullable=False),
    sa.Column('target_id', sa.String(length=60), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['admin_accounts.id'], name=op.f('fk_admin_audit_account_id_admin_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_admin_audit_area_id_areas'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_audit'))
    )
    with op.batch_alter_table('admin_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admin_audit_area_id'), ['area_id'], unique=False)
        batch_op.create_index('ix_admin_audit_at', ['at'], unique=False)

    op.create_table('admin_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['admin_accounts.id'], name=op.f('fk_admin_sessions_account_id_admin_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_admin_sessions'))
    )
    with op.batch_alter_table('admin_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_admin_sessions_account_revoked', ['account_id', 'revoked_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('admin_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_admin_sessions_account_revoked')

    op.drop_table('admin_sessions')
    with op.batch_alter_table('admin_audit', schema=None) as batch_op:
        batch_op.drop_index('ix_admin_audit_at')
        batch_op.drop_index(batch_op.f('ix_admin_audit_area_id'))

    op.drop_table('admin_audit')
    op.drop_table('admin_accounts')
    op.drop_table('admin_login_throttle')
