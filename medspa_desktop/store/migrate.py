"""Bring the schema up to date on open (placeholder until Alembic revisions land)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from medspa_desktop.store.models import Base


def migrate(engine: Engine, path: Path, key: bytes) -> None:
    Base.metadata.create_all(engine)
