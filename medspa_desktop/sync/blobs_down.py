"""Fetching the files that synced rows name and this device does not hold yet.

Public API: ``fetch_files(run)``, ``files_to_fetch(store)``. Sync worker thread, after pull.

Thumbnails come first, then signatures and consent PDFs, then full photos, each newest
first, so a gallery fills fast. A file is fetched chunk by chunk into memory (photos are a
few MB), checked against its SHA-256 as a whole, and only then sealed in the encrypted blob
store and catalogued in ``blob_ref`` (``uploaded``: the server has it). Plaintext never
touches the disk. A fetch cut off starts that file again at the next sync; files already
kept stay. A file the server does not hold yet (the device that made it has not sent it)
is skipped without a word and asked for again at the next sync. A sync spends at most
``blob_names.SECONDS_PER_SYNC`` here; the files left come with the following syncs.
"""

from __future__ import annotations

import hashlib
from enum import Enum

from sqlalchemy import Select, select
from sqlalchemy.dialects.sqlite import insert

from medspa_desktop.store.database import Store
from medspa_desktop.store.errors import StoreError
from medspa_desktop.store.models import BlobRef
from medspa_desktop.sync.blob_names import (
    FILES_STAGE,
    NAMED_FILES,
    FileTrouble,
    NamedFile,
    chunk_count,
    is_file_name,
    while_time_left,
)
from medspa_desktop.sync.client import SyncClient
from medspa_desktop.sync.errors import NotFound, SyncError
from medspa_desktop.sync.local import write_transaction
from medspa_desktop.sync.run import SyncRun

DAMAGED = (
    "Photos and consent files: {count} received from the server did not match their "
    "fingerprint, so they were not kept. They are fetched again at the next sync; if this "
    "keeps happening, tell whoever looks after the server."
)


class Fetched(Enum):
    KEPT = "kept"
    NOT_ON_SERVER = "not on the server yet"
    DAMAGED = "did not match its SHA-256"


def fetch_files(run: SyncRun) -> None:
    """Fetch every missing file the server has; failures and damage become warnings."""
    wanted = files_to_fetch(run.store)
    trouble, damaged = FileTrouble(), 0
    for done, (sha, named) in while_time_left(wanted):
        try:
            if _fetch(run, sha, named) is Fetched.DAMAGED:
                damaged += 1
        except (SyncError, StoreError, OSError) as err:  # OSError: the disk is full, say
            if trouble.note(err):
                break
        run.report(FILES_STAGE, done, len(wanted))
    if damaged:
        run.warnings.append(DAMAGED.format(count=damaged))
    trouble.warn(run, "fetched")


def files_to_fetch(store: Store) -> list[tuple[str, NamedFile]]:
    """Files named by rows not deleted that this device has not catalogued. Any thread."""
    wanted: dict[str, NamedFile] = {}
    with store.engine.connect() as conn:
        for named in NAMED_FILES:
            # Ids are UUIDv7: the highest is the newest record.
            found = sorted(conn.execute(_not_held(named)), key=lambda row: row[1], reverse=True)
            for sha, _row_id in found:
                if is_file_name(sha):
                    wanted.setdefault(sha, named)
    return list(wanted.items())


def _not_held(named: NamedFile) -> Select[str, str]:
    # ``blob_ref`` lists what this device holds, so one outer join (on its unique index)
    # finds what is missing without looking at a single file.
    # NOTE: no ORDER BY: sorting by id walks the table through its id index, one random
    # read per row (ten times slower at 30,000 photos); the few missing are sorted here.
    table = named.table
    return (
        select(named.sha, table.c.id)
        .select_from(table.outerjoin(BlobRef, BlobRef.sha256 == named.sha))
        .where(table.c.deleted.is_(False), BlobRef.id.is_(None), named.sha != "")
    )


def _fetch(run: SyncRun, sha: str, named: NamedFile) -> Fetched:
    blobs = run.store.blobs
    if blobs.exists(sha):  # sealed here before a crash cut off its cataloguing
        data = blobs.get(sha)
    else:
        downloaded = _download(run.client, sha)
        if downloaded is None:
            return Fetched.NOT_ON_SERVER
        if hashlib.sha256(downloaded).hexdigest() != sha:
            return Fetched.DAMAGED
        data = downloaded
        blobs.put(data)
    _catalogue(run.store, sha, len(data), named)
    return Fetched.KEPT


def _download(client: SyncClient, sha: str) -> bytes | None:
    """The whole file, in memory; None while the server holds no complete copy."""
    try:
        status = client.blob_status(sha)
    except NotFound:
        return None
    if not status.complete:
        return None
    return b"".join(client.blob_chunk(sha, index) for index in range(chunk_count(status.size)))


def _catalogue(store: Store, sha: str, size: int, named: NamedFile) -> None:
    row = insert(BlobRef).values(
        sha256=sha, size=size, mime=named.mime, kind=named.kind, uploaded=True
    )
    with write_transaction(store) as conn:
        conn.execute(row.on_conflict_do_nothing(index_elements=["sha256"]))
