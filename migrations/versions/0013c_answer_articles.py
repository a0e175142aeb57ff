"""knowledge base of answers

Revision ID: 0013c
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa

from service_desk.models.types import UTCDateTime


revision = '0013c'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'answer_articles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('subject', sa.String(length=32), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('published', sa.Boolean(), nullable=False),
        sa.Column('uses', sa.Integer(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_answer_articles_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_articles')),
    )
    with op.batch_alter_table('answer_articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_articles_subject'), ['subject'], unique=False)


def downgrade():
    with op.batch_alter_table('answer_articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_articles_subject'))
    op.drop_table('answer_articles')
