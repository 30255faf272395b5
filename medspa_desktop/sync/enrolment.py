"""Enrol this device with the clinic's sync server using a one-time code.

Public API: ``enrol(store, server_url, code, device_name, *, progress=None, transport=None)
-> Enrolment``; ``progress`` hears how the first device's upload queue fills up.
Not on the GUI thread: it talks to the server, may wait for the keyring, and the first
device of a new organisation queues its whole clinic for upload.

The device token goes only to the OS keyring (or, for a demo clinic, next to its demo key);
the database keeps the server address and the organisation, never the token.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from sqlalchemy import select

from medspa_desktop.store import keys
from medspa_desktop.store.database import Store
from medspa_desktop.store.models import Organisation
from medspa_desktop.sync import state
from medspa_desktop.sync.client import SyncClient
from medspa_desktop.sync.errors import EnrolmentRefused
from medspa_desktop.sync.local import write_transaction
from medspa_desktop.sync.protocol import EnrolRequest, EnrolResponse
from medspa_desktop.sync.upload import UploadProgress, queue_initial_upload, start_upload

FORGOTTEN_ON_NEW_ORG = (
    state.CURSOR,
    state.SNAPSHOT,
    state.LAST_APPLIED,
    state.VERIFIED_CURSOR,
)


@dataclass(frozen=True)
class Enrolment:
    device_id: str
    org_id: str
    location_id: str | None
    server_url: str
    org_is_new: bool
    queued_for_upload: int
    """Rows this device queued to upload because the organisation is new on the server."""


def enrol(
    store: Store,
    server_url: str,
    code: str,
    device_name: str,
    *,
    progress: UploadProgress | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Enrolment:
    """Register this device (its own id) with the server and keep what it needs to sync.

    Refuses a code of another organisation than the clinic this device already holds.
    Raises ``SyncError`` (readable) or ``KeyringUnavailableError`` before anything is kept.
    """
    local_org = _local_clinic(store)
    if not store.demo:
        keys.require_usable_keyring()  # fail before the one-time code is used up
    request = EnrolRequest(
        code=code.strip(), device_id=store.device_id, device_name=device_name, org_id=local_org
    )
    with SyncClient(server_url, clock=store.clock, transport=transport) as client:
        answer = client.enrol(request)
    store.clock.observe_server(answer.server_hlc)
    if local_org is not None and local_org != answer.org_id:
        raise EnrolmentRefused(_other_org_message(store, local_org, answer.org_id))
    keys.save_device_token(store.data_dir, answer.token, demo=store.demo)
    _keep_enrolment(store, client.server_url, answer)
    queued = queue_initial_upload(store, progress=progress) if answer.org_is_new else 0
    store.save_clock()
    return Enrolment(
        device_id=answer.device_id,
        org_id=answer.org_id,
        location_id=answer.location_id,
        server_url=client.server_url,
        org_is_new=answer.org_is_new,
        queued_for_upload=queued,
    )


def _local_clinic(store: Store) -> str | None:
    """The organisation of the clinic this device holds; None when it holds none yet."""
    with store.session_factory() as session:
        first = session.scalar(select(Organisation.id).order_by(Organisation.id).limit(1))
    return (store.local_setting(state.ORG_ID) or first) if first else None


def _keep_enrolment(store: Store, server_url: str, answer: EnrolResponse) -> None:
    with write_transaction(store) as conn:
        if state.get_setting(conn, state.ORG_ID) not in (None, answer.org_id):
            # An empty device joining another organisation: what it noted of the old one
            # (cursor, snapshot position, acknowledged mutations) does not apply any more.
            for key in FORGOTTEN_ON_NEW_ORG:
                state.drop(conn, key)
        state.put_setting(conn, state.SERVER_URL, server_url)
        state.put_setting(conn, state.ORG_ID, answer.org_id)
        if answer.location_id and state.get_setting(conn, state.LOCATION_ID) is None:
            state.put_setting(conn, state.LOCATION_ID, answer.location_id)
        if answer.org_is_new:
            start_upload(conn)


def _other_org_message(store: Store, local_org: str, server_org: str) -> str:
    return (
        f"This device already holds a clinic (organisation {local_org}) in {store.data_dir}, "
        f"but the enrolment code belongs to organisation {server_org}, so the device was not "
        "enrolled and nothing was changed here. Ask for an enrolment code of this clinic's "
        "own organisation, or enrol from an empty data folder to join the other one."
    )
