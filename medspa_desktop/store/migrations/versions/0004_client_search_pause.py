"""Client search triggers stand aside while ``client_search_paused`` holds a row, so a pulled
page of clients is indexed set-based (store/ddl.py, ``CLIENT_SEARCH_PAUSE_V1``).

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

from medspa_desktop.store import ddl

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in ddl.CLIENT_SEARCH_PAUSE_V1:
        op.execute(statement)


def downgrade() -> None:
    for statement in ddl.DROP_CLIENT_SEARCH_PAUSE_V1:
        op.execute(statement)
