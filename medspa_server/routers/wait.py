"""Long poll: answers as soon as the organisation's sequence passes ``since``."""

from __future__ import annotations

import time
from typing import Annotated

import anyio
from fastapi import APIRouter, Query, Request

from medspa_desktop.sync.protocol import WaitResponse
from medspa_server.db import Database
from medspa_server.deps import CurrentDevice, DatabaseDep, SettingsDep
from medspa_server.sync.reads import counter

MAX_WAIT_S = 30.0
router = APIRouter(tags=["sync"])


@router.get("/wait")
async def wait(
    request: Request,
    device: CurrentDevice,
    database: DatabaseDep,
    settings: SettingsDep,
    since: Annotated[int, Query(ge=0)] = 0,
    timeout: Annotated[float, Query(ge=0, le=MAX_WAIT_S)] = 25.0,
) -> WaitResponse:
    """Wait up to ``timeout`` seconds for a change after ``since`` in this device's
    organisation; ``changed`` says whether one came (then pull).

    The sequence is read from the database every ~100 ms, so a change pushed through any
    server process wakes the waiters of every process.
    """
    deadline = time.monotonic() + timeout
    while True:
        latest = await anyio.to_thread.run_sync(_latest, database, device.org_id)
        if latest > since:
            return WaitResponse(latest=latest, changed=True)
        if time.monotonic() >= deadline or await request.is_disconnected():
            return WaitResponse(latest=latest, changed=False)
        await anyio.sleep(
            max(0.0, min(settings.wait_check_interval_s, deadline - time.monotonic()))
        )


def _latest(database: Database, org_id: str) -> int:
    with database.read() as session:
        return counter(session, org_id)[0]
