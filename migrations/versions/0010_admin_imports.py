"""admin imports: progress and rejected rows; invite codes for named people

Revision ID: 0010
Revises: 0009_theme_publishing
Create Date: 2026-11-29 08:15:55.039388
"""
from alembic import op
import sqlalchemy as sa
import bot.models.base


revision = '0010'
down_revision = '0009_theme_publishing'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('admin_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('dry_run', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('header', sa.JSON(), nullable=False),
    sa.Column('columns', sa.JSON(), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=True),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.CheckConstraint("status IN ('running', 'done', 'stopped')", name=op.f('ck_admin_imports_status_known')),
    sa.ForeignKeyConstraint(['account_id'], ['admin_accounts.id'], name=op.f('fk_admin_imports_account_id_admin_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_imports'))
    )
    op.create_table('admin_import_rejections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('cells', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['admin_imports.id'], name=op.f('fk_admin_import_rejections_import_id_admin_imports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_import_rejections'))
    )
    with op.batch_alter_table('admin_import_rejections', schema=None) as batch_op:
        batch_op.create_index('ix_admin_import_rejections_import_line', ['import_id', 'line'], unique=False)

    with op.batch_alter_table('invite_codes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_name', sa.String(length=60), server_default='', nullable=False))
        batch_op.add_column(sa.Column('phone', sa.String(length=30), server_default='', nullable=False))
        batch_op.add_column(sa.Column('village_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('import_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_invite_codes_import_id'), ['import_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invite_codes_phone'), ['phone'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_invite_codes_import_id_admin_imports'), 'admin_imports', ['import_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_invite_codes_village_id_villages'), 'villages', ['village_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('invite_codes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_invite_codes_village_id_villages'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_invite_codes_import_id_admin_imports'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_invite_codes_phone'))
        batch_op.drop_index(batch_op.f('ix_invite_codes_import_id'))
        batch_op.drop_column('import_id')
        batch_op.drop_column('village_id')
        batch_op.drop_column('phone')
        batch_op.drop_column('person_name')

    with op.batch_alter_table('admin_import_rejections', schema=None) as batch_op:
        batch_op.drop_index('ix_admin_import_rejections_import_line')

    op.drop_table('admin_import_rejections')
    op.drop_table('admin_imports')
