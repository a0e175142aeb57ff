"""full-text search of tickets (PostgreSQL tsvector + pg_trgm, SQLite FTS5) and queue indexes

Revision ID: 0016
Revises: 0013c
"""
from alembic import op

from service_desk.models.search import install_search, uninstall_search

revision = '0016'
down_revision = '0013c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index('ix_tickets_office_due_id', ['office_id', 'due_on', 'id'], unique=False)
        batch_op.create_index('ix_tickets_due_id', ['due_on', 'id'], unique=False)
    # Extensions, configuration, column, triggers and GIN indexes (PostgreSQL) or the FTS5
    # table and its triggers (SQLite), then every stored ticket indexed once.
    install_search(op.get_bind())


def downgrade():
    uninstall_search(op.get_bind())
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_due_id')
        batch_op.drop_index('ix_tickets_office_due_id')
