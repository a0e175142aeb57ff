"""itinerant trips (with staff), tickets.trip_id, message templates per language

Revision ID: 0014
Revises: 0013b
"""
from alembic import op
import sqlalchemy as sa

import service_desk.models.types


revision = '0014'
down_revision = '0013b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'trips',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('office_id', sa.Integer(), nullable=False),
        sa.Column('ubigeo', sa.String(length=6), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('languages', sa.JSON(), nullable=False),
        sa.Column('notes', sa.Text(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', service_desk.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_trips_created_by_id_users')),
        sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_trips_office_id_offices')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_trips')),
    )
    with op.batch_alter_table('trips', schema=None) as batch_op:
        batch_op.create_index('ix_trips_office_starts', ['office_id', 'starts_on'], unique=False)
    op.create_table(
        'trip_staff',
        sa.Column('trip_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['trip_id'], ['trips.id'], name=op.f('fk_trip_staff_trip_id_trips'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_trip_staff_user_id_users')),
        sa.PrimaryKeyConstraint('trip_id', 'user_id', name=op.f('pk_trip_staff')),
    )
    op.create_table(
        'message_templates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('updated_at', service_desk.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_message_templates_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_message_templates')),
        sa.UniqueConstraint('key', 'language', name=op.f('uq_message_templates_key_language')),
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('trip_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_tickets_trip_id'), ['trip_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_tickets_trip_id_trips'), 'trips', ['trip_id'], ['id'])


def downgrade():
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_tickets_trip_id_trips'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_tickets_trip_id'))
        batch_op.drop_column('trip_id')
    op.drop_table('message_templates')
    op.drop_table('trip_staff')
    with op.batch_alter_table('trips', schema=None) as batch_op:
        batch_op.drop_index('ix_trips_office_starts')
    op.drop_table('trips')
