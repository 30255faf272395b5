"""Alembic environment: runs on the connection ``medspa_server.migrate`` passes in
``config.attributes["connection"]`` (the same engine set-up as the running server)."""

from __future__ import annotations

from alembic import context

from medspa_server.models import Base


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "Run server migrations with `medspa-server migrate`, which supplies the database "
            "connection; offline (--sql) mode is not supported."
        )
    context.configure(connection=connection, target_metadata=Base.metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
