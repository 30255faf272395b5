"""Server schema: organisations, devices, codes, sequence, generic rows, logs, blobs.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
HLC = sa.String(80)
SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    _organisations()
    _devices()
    _rows()
    _logs()
    _appointment_slots()
    _blobs()


def _organisations() -> None:
    op.create_table(
        "server_org",
        sa.Column("id", ID, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_table(
        "org_counter",
        sa.Column("org_id", ID, sa.ForeignKey("server_org.id"), primary_key=True),
        sa.Column("value", SEQ, nullable=False),
        sa.Column("max_hlc", HLC, nullable=False),
    )


def _devices() -> None:
    op.create_table(
        "device",
        sa.Column("id", ID, primary_key=True),
        sa.Column("org_id", ID, sa.ForeignKey("server_org.id"), nullable=False, index=True),
        sa.Column("location_id", ID),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("revoked_at", TIME),
        sa.Column("last_mutation_no", SEQ, nullable=False),
        sa.Column("last_seen_at", TIME),
    )
    op.create_table(
        "enrol_code",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("org_id", ID, sa.ForeignKey("server_org.id"), nullable=False, index=True),
        sa.Column("location_id", ID),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("used_at", TIME),
        sa.Column("used_by", ID),
    )


def _rows() -> None:
    op.create_table(
        "sync_row",
        sa.Column("org_id", ID, nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", ID, nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("field_hlcs", sa.JSON(), nullable=False),
        sa.Column("seq", SEQ, nullable=False),
        sa.Column("created_seq", SEQ, nullable=False),
        sa.Column("hlc", HLC, nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_by", ID, nullable=False),
        sa.PrimaryKeyConstraint("entity", "entity_id", "org_id"),
        sa.UniqueConstraint("org_id", "seq"),
    )
    op.create_index(None, "sync_row", ["org_id", "entity", "seq"])
    op.create_index(None, "sync_row", ["org_id", "entity", "created_seq"])


def _logs() -> None:
    op.create_table(
        "mutation_log",
        sa.Column("device_id", ID, nullable=False),
        sa.Column("mutation_no", SEQ, nullable=False),
        sa.Column("org_id", ID, nullable=False),
        sa.Column("mutation_id", ID, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("conflict_with", ID),
        sa.Column("applied_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("device_id", "mutation_no"),
    )
    op.create_table(
        "access_log",
        sa.Column("id", SEQ, primary_key=True, autoincrement=True),
        sa.Column("at", TIME, nullable=False, index=True),
        sa.Column("device_id", ID),
        sa.Column("org_id", ID, index=True),
        sa.Column("path", sa.String(300), nullable=False),
        sa.Column("outcome", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )


def _appointment_slots() -> None:
    op.create_table(
        "appointment_slot",
        sa.Column("org_id", ID, nullable=False),
        sa.Column("appointment_id", ID, nullable=False),
        sa.Column("resource_kind", sa.String(20), nullable=False),
        sa.Column("resource_id", ID, nullable=False),
        sa.Column("starts_at", TIME, nullable=False),
        sa.Column("ends_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("org_id", "appointment_id", "resource_kind"),
    )
    op.create_index(
        None, "appointment_slot", ["org_id", "resource_kind", "resource_id", "starts_at"]
    )
    if op.get_bind().dialect.name == "postgresql":
        # Only active, non-conflicting appointments have slots, so the constraint refuses a
        # second holder of a resource while a booking stored in status conflict stays legal.
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE appointment_slot ADD CONSTRAINT ex_appointment_slot_overlap "
            "EXCLUDE USING gist (org_id WITH =, resource_kind WITH =, resource_id WITH =, "
            "tstzrange(starts_at, ends_at) WITH &&)"
        )


def _blobs() -> None:
    op.create_table(
        "blob",
        sa.Column("org_id", ID, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, index=True),
        sa.Column("size", SEQ, nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("org_id", "sha256"),
    )
    op.create_table(
        "blob_chunk",
        sa.Column("org_id", ID, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("chunk_index", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "sha256", "chunk_index"),
    )


def downgrade() -> None:
    for table in (
        "blob_chunk", "blob", "appointment_slot", "access_log", "mutation_log", "sync_row",
        "enrol_code", "device", "org_counter", "server_org",
    ):  # fmt: skip
        op.drop_table(table)
