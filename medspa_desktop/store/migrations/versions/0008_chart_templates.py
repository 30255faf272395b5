"""Charting: chart templates with numbered versions, the template version a chart is written
on, and the sibling versions a reconciled chart version merged.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sync_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("updated_hlc", sa.String(length=40), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "chart_template",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category_codes", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_sync_columns(),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chart_template")),
    )
    op.create_index(op.f("ix_chart_template_code"), "chart_template", ["code"])
    op.create_index(op.f("ix_chart_template_org_id"), "chart_template", ["org_id"])
    op.create_table(
        "chart_template_version",
        sa.Column("template_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["created_by"], ["staff.id"], name=op.f("fk_chart_template_version_created_by_staff")
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["chart_template.id"],
            name=op.f("fk_chart_template_version_template_id_chart_template"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chart_template_version")),
    )
    op.create_index(
        op.f("ix_chart_template_version_org_id"), "chart_template_version", ["org_id"]
    )
    op.create_index(
        op.f("ix_chart_template_version_template_id"), "chart_template_version", ["template_id"]
    )
    op.add_column("chart", sa.Column("template_version_id", sa.String(length=36), nullable=True))
    op.add_column(
        "chart_version",
        sa.Column("merged_version_ids", sa.JSON(), nullable=False, server_default="[]"),
    )


def downgrade() -> None:
    with op.batch_alter_table("chart_version") as batch:
        batch.drop_column("merged_version_ids")
    with op.batch_alter_table("chart") as batch:
        batch.drop_column("template_version_id")
    op.drop_table("chart_template_version")
    op.drop_table("chart_template")
