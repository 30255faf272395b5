"""Alembic environment: runs on the caller's SQLCipher connection, never on a URL.

``store.migrate`` passes the open connection in ``config.attributes["connection"]``, so the
key never appears in a URL and the same pragmas apply as everywhere else.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import types

from medspa_desktop.store import ddl
from medspa_desktop.store.models import Base


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write our column types (e.g. ``UtcDateTime``) as their plain SQL type: a revision
    must not import model code, which keeps changing after the revision is written."""
    if type_ == "type" and isinstance(obj, types.TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "Run migrations through medspa_desktop.store.migrate, which supplies the keyed "
            "database connection; offline (--sql) mode is not supported."
        )
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_name=ddl.include_name,
        render_item=render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
