"""prepared semester reports and their notices

Revision ID: 0013b
Revises: 0012b
"""
from alembic import op
import sqlalchemy as sa

from service_desk.models.types import UTCDateTime


revision = '0013b'
down_revision = '0012b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'semester_reports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=8), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('prepared_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('body', sa.JSON(), nullable=False),
        sa.Column('pdf', sa.LargeBinary(), nullable=False),
        sa.Column('xlsx', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_semester_reports')),
        sa.UniqueConstraint('period', name=op.f('uq_semester_reports_period')),
    )
    op.create_table(
        'report_notices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('report_id', sa.Integer(), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('read_at', UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['report_id'], ['semester_reports.id'],
                                name=op.f('fk_report_notices_report_id_semester_reports')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_report_notices_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_notices')),
        sa.UniqueConstraint('user_id', 'report_id', name=op.f('uq_report_notices_user_id_report_id')),
    )
    with op.batch_alter_table('report_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_notices_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('report_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_notices_user_id'))
    op.drop_table('report_notices')
    op.drop_table('semester_reports')
