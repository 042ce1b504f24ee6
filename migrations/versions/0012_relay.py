"""relay: conversations for a person (人工), their messages and recipients

Branched from 0011 (the head when written); the lead re-chains down_revision when merging.

Revision ID: 0012_relay
Revises: 0011_outbox_pending_indexes
Create Date: 2026-12-06 05:59:13.389966
"""
from alembic import op
import sqlalchemy as sa
import bot.models.base


revision = '0012_relay'
down_revision = '0011_outbox_pending_indexes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('relay_conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('villager_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('waiting_since', bot.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('escalate_at', bot.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_message_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_relay_conversations_area_id_areas')),
    sa.ForeignKeyConstraint(['villager_id'], ['users.id'], name=op.f('fk_relay_conversations_villager_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relay_conversations')),
    sa.UniqueConstraint('villager_id', name=op.f('uq_relay_conversations_villager_id'))
    )
    with op.batch_alter_table('relay_conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_relay_conversations_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_relay_conversations_escalate_at'), ['escalate_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_relay_conversations_waiting_since'), ['waiting_since'], unique=False)

    op.create_table('relay_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('staff_user_id', sa.Integer(), nullable=True),
    sa.Column('admin_username', sa.String(length=40), nullable=False),
    sa.Column('created_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['relay_conversations.id'], name=op.f('fk_relay_messages_conversation_id_relay_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_user_id'], ['users.id'], name=op.f('fk_relay_messages_staff_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relay_messages'))
    )
    with op.batch_alter_table('relay_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_relay_messages_conversation_id'), ['conversation_id'], unique=False)

    op.create_table('relay_recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('notified_at', bot.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['relay_conversations.id'], name=op.f('fk_relay_recipients_conversation_id_relay_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_relay_recipients_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relay_recipients')),
    sa.UniqueConstraint('conversation_id', 'user_id', name=op.f('uq_relay_recipients_conversation_id'))
    )
    with op.batch_alter_table('relay_recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_relay_recipients_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_relay_recipients_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('relay_recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_relay_recipients_user_id'))
        batch_op.drop_index(batch_op.f('ix_relay_recipients_conversation_id'))

    op.drop_table('relay_recipients')
    with op.batch_alter_table('relay_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_relay_messages_conversation_id'))

    op.drop_table('relay_messages')
    with op.batch_alter_table('relay_conversations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_relay_conversations_waiting_since'))
        batch_op.drop_index(batch_op.f('ix_relay_conversations_escalate_at'))
        batch_op.drop_index(batch_op.f('ix_relay_conversations_area_id'))

    op.drop_table('relay_conversations')
