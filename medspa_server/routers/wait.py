"""Long poll: answers as soon as the organisation's sequence passes ``since``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from medspa_desktop.sync.protocol import WaitResponse
from medspa_server.deps import CurrentDevice
from medspa_server.sync.watch import Watcher

MAX_WAIT_S = 30.0
router = APIRouter(tags=["sync"])


@router.get("/wait")
async def wait(
    request: Request,
    device: CurrentDevice,
    since: Annotated[int, Query(ge=0)] = 0,
    timeout: Annotated[float, Query(ge=0, le=MAX_WAIT_S)] = 25.0,
) -> WaitResponse:
    """Wait up to ``timeout`` seconds for a change after ``since`` in this device's
    organisation; ``changed`` says whether one came (then pull).

    The process's watcher reads the sequences of the organisations waited on from the
    database every ``MEDSPA_SERVER_WAIT_CHECK_INTERVAL_S`` (0.1 s), so a change pushed
    through any server process wakes the waiters of every process.
    """
    watcher: Watcher = request.app.state.watcher
    latest = await watcher.wait(
        device.org_id, since, device.latest, timeout, request.is_disconnected
    )
    return WaitResponse(latest=latest, changed=latest > since)
