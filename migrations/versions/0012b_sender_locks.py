"""sender_locks: one row per conversation sender, locked while its message is handled

Revision ID: 0012b
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa


revision = '0012b'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sender_locks',
        sa.Column('sender', sa.String(length=280), nullable=False),
        sa.Column('locked_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('sender', name=op.f('pk_sender_locks')),
    )


def downgrade():
    op.drop_table('sender_locks')
