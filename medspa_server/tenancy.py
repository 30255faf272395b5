"""The access log: refused requests and attempts to reach another organisation's data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from medspa_server.db import Database
from medspa_server.models import AccessLog


def log_access(
    session: Session,
    *,
    path: str,
    outcome: str,
    device_id: str | None,
    org_id: str | None,
    detail: str = "",
) -> None:
    """Add an access-log entry to ``session``'s transaction (the caller commits)."""
    session.add(
        AccessLog(
            at=dt.datetime.now(dt.UTC),
            device_id=device_id,
            org_id=org_id,
            path=path[:300],
            outcome=outcome,
            detail=detail,
        )
    )


def log_access_now(
    database: Database,
    *,
    path: str,
    outcome: str,
    device_id: str | None,
    org_id: str | None,
    detail: str = "",
) -> None:
    """Record an access-log entry in its own transaction, for a request about to be refused."""
    with database.write() as session:
        log_access(
            session,
            path=path,
            outcome=outcome,
            device_id=device_id,
            org_id=org_id,
            detail=detail,
        )
        session.commit()
