"""Booking policy per location (notice, horizon, late cancellation and no-show fees, online
booking mode, cancellation policy text), an appointment's late-cancellation fee and waiver,
and practitioners' private calendar feeds.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("min_notice_minutes", sa.Integer(), "120"),
    ("booking_horizon_days", sa.Integer(), "90"),
    ("late_cancel_hours", sa.Integer(), "24"),
    ("late_cancel_fee_minor", sa.Integer(), "0"),
    ("no_show_fee_minor", sa.Integer(), "0"),
    ("online_booking", sa.String(length=16), "'off'"),
    ("cancellation_policy", sa.Text(), "''"),
)

APPOINTMENT_COLUMNS = (
    ("late_cancel_fee_minor", sa.Integer(), "0"),
    ("fee_waived_reason", sa.String(length=200), "''"),
)


def upgrade() -> None:
    for table, columns in (("location", COLUMNS), ("appointment", APPOINTMENT_COLUMNS)):
        for name, kind, default in columns:
            column = sa.Column(name, kind, nullable=False, server_default=sa.text(default))
            op.add_column(table, column)
    op.create_table(
        "calendar_feed",
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("updated_hlc", sa.String(length=40), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_calendar_feed_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feed")),
    )
    op.create_index(op.f("ix_calendar_feed_org_id"), "calendar_feed", ["org_id"])
    op.create_index(op.f("ix_calendar_feed_staff_id"), "calendar_feed", ["staff_id"])


def downgrade() -> None:
    op.drop_table("calendar_feed")
    for table, columns in (("location", COLUMNS), ("appointment", APPOINTMENT_COLUMNS)):
        with op.batch_alter_table(table) as batch:
            for name, _, _ in columns:
                batch.drop_column(name)
