"""satisfaction surveys

Revision ID: 0013
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa

from service_desk.models.types import UTCDateTime


revision = '0013'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'surveys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=40), nullable=False),
        sa.Column('sent_via', sa.String(length=16), nullable=False),
        sa.Column('sent_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('rating', sa.SmallInteger(), nullable=True),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.Column('answered_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('answered_via', sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_surveys_ticket_id_tickets')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_surveys')),
        sa.UniqueConstraint('ticket_id', name=op.f('uq_surveys_ticket_id')),
        sa.UniqueConstraint('token', name=op.f('uq_surveys_token')),
    )


def downgrade():
    op.drop_table('surveys')
