"""booking_rate: requests per visitor address (a keyed hash of it) and time window, so every
server process behind the load balancer applies the online-booking page's rate limits
(booking/limits.py).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "booking_rate",
        sa.Column("address_hash", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("address_hash", "kind", "window_start"),
    )
    op.create_index(None, "booking_rate", ["window_start"])


def downgrade() -> None:
    op.drop_table("booking_rate")
