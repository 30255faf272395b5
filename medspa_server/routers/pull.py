"""Incremental pull by the organisation's sequence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from starlette.concurrency import run_in_threadpool

from medspa_desktop.sync.protocol import MAX_PAGE, PullResponse
from medspa_server.db import Database
from medspa_server.deps import CurrentDevice, DatabaseDep
from medspa_server.sync.clock import server_hlc
from medspa_server.sync.reads import ChangeJson, changes_since, counter
from medspa_server.wire import json_response

router = APIRouter(tags=["sync"])


@router.get("/pull", response_model=PullResponse)
async def pull(
    device: CurrentDevice,
    database: DatabaseDep,
    since: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 500,
) -> Response:
    """Rows of this device's organisation changed after ``since``, in sequence order.

    ``cursor`` is the last sequence returned: the next call's ``since``.
    """
    # The usual poll has nothing new, known from the device look-up: no query of its own.
    changes: list[ChangeJson] = []
    max_hlc = device.max_hlc
    if device.latest > since:
        changes, max_hlc = await run_in_threadpool(_read, database, device.org_id, since, limit)
    page = changes[:limit]
    return json_response(
        {
            "changes": page,
            "cursor": page[-1]["seq"] if page else since,
            "has_more": len(changes) > limit,
            "server_hlc": server_hlc(max_hlc),
        }
    )


def _read(database: Database, org_id: str, since: int, limit: int) -> tuple[list[ChangeJson], str]:
    with database.read() as session:
        changes = changes_since(session, org_id, since, limit)
        _, max_hlc = counter(session, org_id)
    return changes, max_hlc
