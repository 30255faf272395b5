"""Incremental pull by the organisation's sequence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from medspa_desktop.sync.protocol import MAX_PAGE, PullResponse
from medspa_server.deps import CurrentDevice, SessionDep
from medspa_server.sync.clock import server_hlc
from medspa_server.sync.reads import changes_since, counter

router = APIRouter(tags=["sync"])


@router.get("/pull")
def pull(
    device: CurrentDevice,
    session: SessionDep,
    since: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 500,
) -> PullResponse:
    """Rows of this device's organisation changed after ``since``, in sequence order.

    ``cursor`` is the last sequence returned: the next call's ``since``.
    """
    changes = changes_since(session, device.org_id, since, limit)
    _, max_hlc = counter(session, device.org_id)
    page = changes[:limit]
    return PullResponse(
        changes=page,
        cursor=page[-1].seq if page else since,
        has_more=len(changes) > limit,
        server_hlc=server_hlc(max_hlc),
    )
