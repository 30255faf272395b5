"""Incremental pull by the organisation's sequence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from medspa_desktop.sync.protocol import MAX_PAGE, Change, PullResponse
from medspa_server.db import Database
from medspa_server.deps import CurrentDevice, DatabaseDep
from medspa_server.sync.clock import server_hlc
from medspa_server.sync.reads import changes_since, counter

router = APIRouter(tags=["sync"])


@router.get("/pull")
async def pull(
    device: CurrentDevice,
    database: DatabaseDep,
    since: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 500,
) -> PullResponse:
    """Rows of this device's organisation changed after ``since``, in sequence order.

    ``cursor`` is the last sequence returned: the next call's ``since``.
    """
    if device.latest <= since:
        # The usual poll: nothing new, known from the device look-up, no query of its own.
        return PullResponse(
            changes=[], cursor=since, has_more=False, server_hlc=server_hlc(device.max_hlc)
        )
    changes, max_hlc = await run_in_threadpool(_read, database, device.org_id, since, limit)
    page = changes[:limit]
    return PullResponse(
        changes=page,
        cursor=page[-1].seq if page else since,
        has_more=len(changes) > limit,
        server_hlc=server_hlc(max_hlc),
    )


def _read(database: Database, org_id: str, since: int, limit: int) -> tuple[list[Change], str]:
    with database.read() as session:
        changes = changes_since(session, org_id, since, limit)
        _, max_hlc = counter(session, org_id)
    return changes, max_hlc
