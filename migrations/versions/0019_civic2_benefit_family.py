"""benefit_checks.for_family_id: a benefits check made for a confirmed family member (代亲属办)

Branched from 0018_talk_lexicon_additions; the lead re-chains down_revision when merging.

Revision ID: 0019_civic2_benefit_family
Revises: 0018_talk_lexicon_additions
Create Date: 2026-12-06 10:35:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0019_civic2_benefit_family'
down_revision = '0017_desk_workbench'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('benefit_checks') as batch:
        batch.add_column(sa.Column('for_family_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_benefit_checks_for_family_id_family_members'), 'family_members',
                                 ['for_family_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('benefit_checks') as batch:
        batch.drop_constraint(op.f('fk_benefit_checks_for_family_id_family_members'), type_='foreignkey')
        batch.drop_column('for_family_id')
