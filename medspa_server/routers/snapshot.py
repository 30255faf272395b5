"""First sync: the organisation's rows as of one pinned sequence number, entity by entity."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session

from medspa_desktop.domain.sync_policy import ENTITIES
from medspa_desktop.sync.protocol import MAX_PAGE, ErrorCode, SnapshotPage
from medspa_server.deps import CurrentDevice, DatabaseDep, SessionDep
from medspa_server.errors import ApiError
from medspa_server.sync.clock import server_hlc
from medspa_server.sync.reads import check_entity, counter, next_entity, snapshot_rows
from medspa_server.tenancy import log_access_now
from medspa_server.wire import json_response

router = APIRouter(tags=["sync"])


@router.get("/snapshot", response_model=SnapshotPage)
def snapshot(
    request: Request,
    device: CurrentDevice,
    session: SessionDep,
    database: DatabaseDep,
    pin: Annotated[int | None, Query(ge=0)] = None,
    entity: str | None = None,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1000,
) -> Response:
    """One page of the first sync. Omit ``pin`` on the first call: the answer pins the
    snapshot to the current sequence. Continue with the answer's ``pin``, ``next_entity``
    and ``after`` (resumable at any page; ``after`` starts at 0 for each new entity, and
    entities without rows are skipped); when ``next_entity`` is null, pull since ``pin``.
    """
    latest, max_hlc = counter(session, device.org_id)
    if pin is None:
        pin = latest
    elif pin > latest:
        log_access_now(
            database,
            path=request.url.path,
            outcome="snapshot_refused",
            device_id=device.id,
            org_id=device.org_id,
            detail=f"pin {pin} beyond the organisation's sequence {latest}",
        )
        raise ApiError(
            409,
            ErrorCode.INVALID,
            "This first sync started from a position the server never gave out (was the "
            "server restored from a backup?). Start the first sync again.",
        )
    page = _page(session, device.org_id, pin, entity, after, limit, server_hlc(max_hlc))
    return json_response(page)


def _page(
    session: Session, org_id: str, pin: int, entity: str | None, after: int, limit: int, hlc: str
) -> dict[str, Any]:
    """A ``SnapshotPage`` as plain data (wire.py)."""
    current = entity or next_entity(session, org_id, pin, 0) or ENTITIES[0]
    position = check_entity(current)
    rows = snapshot_rows(session, org_id, current, pin, after, limit)
    page = rows[:limit]
    done = len(rows) <= limit
    return {
        "pin": pin,
        "entity": current,
        "changes": page,
        "after": page[-1]["seq"] if page else after,
        "entity_done": done,
        "next_entity": next_entity(session, org_id, pin, position + 1) if done else current,
        "server_hlc": hlc,
    }
