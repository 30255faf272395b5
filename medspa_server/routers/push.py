"""Pushing a device's mutations."""

from __future__ import annotations

from fastapi import APIRouter, Request

from medspa_desktop.sync.protocol import PushRequest, PushResponse
from medspa_server.deps import CurrentDevice, DatabaseDep, check_mutation_clocks, check_schema
from medspa_server.sync.push import push

router = APIRouter(tags=["sync"])


@router.post("/push")
def push_mutations(
    body: PushRequest, request: Request, device: CurrentDevice, database: DatabaseDep
) -> PushResponse:
    """Apply a batch of this device's mutations, each once, in numbering order.

    Numbers already processed are answered as the first time; the first new number must
    follow the last processed one, else 409 ``gap``. Each mutation is applied, merged,
    stored as a conflict or rejected, with a reason. Changes stamped more than five minutes
    ahead of the server's clock are refused whole (409 ``clock_skew``), nothing applied.
    """
    for mutation in body.mutations:
        check_schema(mutation.schema_version)
    check_mutation_clocks(m.hlc for m in body.mutations)
    return push(database, device.id, body, request.url.path)
