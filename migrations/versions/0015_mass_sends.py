"""mass sends: each follower's mass messages a month, and the areas' WeChat user tags

Branched from 0013_safety_cases (the head when written); the lead re-chains
down_revision when merging.

Revision ID: 0015_mass_sends
Revises: 0013_safety_cases
Create Date: 2026-12-06 07:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0015_mass_sends'
down_revision = '0013_safety_cases'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mass_budget',
                    sa.Column('openid', sa.String(length=64), nullable=False),
                    sa.Column('month', sa.String(length=7), nullable=False),
                    sa.Column('used', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('openid', 'month'))
    op.create_table('wechat_tags',
                    sa.Column('area_code', sa.String(length=40), nullable=False),
                    sa.Column('tag_id', sa.Integer(), nullable=False),
                    sa.Column('name', sa.String(length=40), nullable=False),
                    sa.PrimaryKeyConstraint('area_code'))
    op.create_table('wechat_tag_members',
                    sa.Column('openid', sa.String(length=64), nullable=False),
                    sa.Column('tag_id', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('openid'))


def downgrade() -> None:
    op.drop_table('wechat_tag_members')
    op.drop_table('wechat_tags')
    op.drop_table('mass_budget')
