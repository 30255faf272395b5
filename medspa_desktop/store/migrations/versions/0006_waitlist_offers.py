"""A waitlist entry remembers the freed time offered to its client: its start and
practitioner, and when the desk offered it.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAFF_KEY = "fk_waitlist_entry_offered_staff_id_staff"


def upgrade() -> None:
    # NOTE: batch mode (the table is copied) because SQLite cannot add a foreign key to an
    # existing table; nothing refers to waitlist_entry, so the copy is safe.
    with op.batch_alter_table("waitlist_entry") as batch:
        batch.add_column(sa.Column("offered_starts_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("offered_staff_id", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("offered_at", sa.DateTime(), nullable=True))
        batch.create_foreign_key(STAFF_KEY, "staff", ["offered_staff_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("waitlist_entry") as batch:
        batch.drop_constraint(STAFF_KEY, type_="foreignkey")
        batch.drop_column("offered_at")
        batch.drop_column("offered_staff_id")
        batch.drop_column("offered_starts_at")
