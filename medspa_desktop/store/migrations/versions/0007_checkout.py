"""Checkout: each location's discount limits and tip presets, a ticket's own discount and
tip choice, a line's discount as chosen (percent or amount) and who approved a discount;
card refunds as attempts (like card payments) so a crash never refunds twice.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {
    "location": (
        ("discount_reason_limit_bp", sa.Integer(), "1000"),
        ("discount_approval_limit_bp", sa.Integer(), "2500"),
        ("tip_presets_bp", sa.String(length=64), "'1800,2000,2200'"),
    ),
    "ticket": (
        ("ticket_discount_kind", sa.String(length=8), "''"),
        ("ticket_discount_value", sa.Integer(), "0"),
        ("ticket_discount_reason", sa.String(length=200), "''"),
        ("discount_approved_by", sa.String(length=36), "''"),
        ("tip_percent_bp", sa.Integer(), "0"),
    ),
    "payment_attempt": (
        ("kind", sa.String(length=8), "'payment'"),
        ("refund_of", sa.String(length=36), "''"),
        ("detail", sa.Text(), "'{}'"),
    ),
    "ticket_line": (
        ("discount_kind", sa.String(length=8), "''"),
        ("discount_value", sa.Integer(), "0"),
        ("discount_approved_by", sa.String(length=36), "''"),
    ),
}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        for name, kind, default in columns:
            column = sa.Column(name, kind, nullable=False, server_default=sa.text(default))
            op.add_column(table, column)


def downgrade() -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name, _, _ in columns:
                batch.drop_column(name)
