"""Client search (FTS5 tables and triggers) and the audit_entry append-only guards.

Hand-written: autogenerate cannot see virtual tables or triggers (store/ddl.py).

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

from medspa_desktop.store import ddl

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in ddl.CLIENT_SEARCH_V1 + ddl.AUDIT_GUARDS_V1:
        op.execute(statement)


def downgrade() -> None:
    for statement in ddl.DROP_AUDIT_GUARDS_V1 + ddl.DROP_CLIENT_SEARCH_V1:
        op.execute(statement)
