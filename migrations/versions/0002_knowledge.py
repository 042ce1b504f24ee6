"""knowledge: guides (明白纸), party-representative groups, elderly canteens

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 02:05:59.795286
"""
from alembic import op
import sqlalchemy as sa
import bot.models.base


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('guides',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=80), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('source_file', sa.String(length=200), nullable=False),
    sa.Column('source_hash', sa.String(length=64), nullable=False),
    sa.Column('checked', sa.Date(), nullable=True),
    sa.Column('updated_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guides'))
    )
    op.create_table('rep_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('township', sa.String(length=80), nullable=False),
    sa.Column('area_codes', sa.JSON(), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('updated_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rep_groups')),
    sa.UniqueConstraint('code', name=op.f('uq_rep_groups_code'))
    )
    op.create_table('canteens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('hours', sa.String(length=120), nullable=False),
    sa.Column('eligibility', sa.String(length=200), nullable=False),
    sa.Column('price', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('latitude', sa.Double(), nullable=True),
    sa.Column('longitude', sa.Double(), nullable=True),
    sa.Column('updated_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_canteens_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canteens')),
    sa.UniqueConstraint('code', name=op.f('uq_canteens_code'))
    )
    with op.batch_alter_table('canteens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_canteens_village_id'), ['village_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('canteens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_canteens_village_id'))

    op.drop_table('canteens')
    op.drop_table('rep_groups')
    op.drop_table('guides')
