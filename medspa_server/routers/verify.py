"""Comparing a device's per-table digests with the server's."""

from __future__ import annotations

from fastapi import APIRouter

from medspa_desktop.domain.sync_policy import LEDGERS
from medspa_desktop.sync.protocol import TableDigest, VerifyRequest, VerifyResponse
from medspa_server.deps import CurrentDevice, SessionDep
from medspa_server.sync.reads import digests, ledger_hash

router = APIRouter(tags=["sync"])


@router.post("/verify")
def verify(body: VerifyRequest, device: CurrentDevice, session: SessionDep) -> VerifyResponse:
    """Row counts (rows created up to ``cursor``) and ledger id hashes for every entity.

    A table the device did not send counts as empty; ``mismatched`` names the tables whose
    digests differ, which the device pulls again.
    """
    server = digests(session, device.org_id, body.cursor)
    mismatched = [
        entity
        for entity, digest in server.items()
        if body.tables.get(entity, _empty(entity)) != digest
    ]
    return VerifyResponse(tables=server, mismatched=mismatched)


def _empty(entity: str) -> TableDigest:
    return TableDigest(rows=0, ledger_hash=ledger_hash([]) if entity in LEDGERS else None)
