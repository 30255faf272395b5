"""appointment_slot: an index by resource and end time, so the overlap check of a pushed
appointment reads only the slots ending after it starts (sync/appointments.py).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ix_appointment_slot_org_id_resource_kind_resource_id_ends_at"


def upgrade() -> None:
    op.create_index(NAME, "appointment_slot", ["org_id", "resource_kind", "resource_id", "ends_at"])


def downgrade() -> None:
    op.drop_index(NAME, table_name="appointment_slot")
