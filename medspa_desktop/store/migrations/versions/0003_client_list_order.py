"""Partial index for the client list's sort order (store/ddl.py, ``ix_client_list_order``).

Hand-written: Alembic's SQLite reflection cannot compare expression indexes.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

from medspa_desktop.store import ddl

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in ddl.CLIENT_LIST_ORDER_V1:
        op.execute(statement)


def downgrade() -> None:
    for statement in ddl.DROP_CLIENT_LIST_ORDER_V1:
        op.execute(statement)
