"""Sending this device's files (photos, thumbnails, signatures, consent PDFs) to the server.

Public API: ``send_files(run)``. Sync worker thread, after push.

A file goes up once the row naming it has been pushed (its create mutation is no longer
pending), so the files follow the rows that name them and the server never holds a file
that no record names. The server keeps every chunk it confirmed, so an upload cut off (a
lost connection, the app closed, a crash) goes on at the next sync with only the chunks
the server still lacks. ``blob_ref.uploaded`` is set once the server says the whole file
arrived and matched its SHA-256. A sync spends at most ``blob_names.SECONDS_PER_SYNC``
here; the files left go with the following syncs.
"""

from __future__ import annotations

from sqlalchemy import Select, exists, select, update

from medspa_desktop.store.database import Store
from medspa_desktop.store.errors import StoreError
from medspa_desktop.store.models import BlobRef, OutboxMutation
from medspa_desktop.sync import state
from medspa_desktop.sync.blob_names import (
    FILES_STAGE,
    NAMED_FILES,
    FileTrouble,
    NamedFile,
    chunk_count,
    chunk_of,
    while_time_left,
)
from medspa_desktop.sync.errors import NotFound, SyncError
from medspa_desktop.sync.local import write_transaction
from medspa_desktop.sync.protocol import BlobStatus
from medspa_desktop.sync.run import SyncRun


def send_files(run: SyncRun) -> None:
    """Send every file whose naming row the server has; failures become one warning."""
    waiting = files_to_send(run.store)
    trouble = FileTrouble()
    for done, sha in while_time_left(waiting):
        try:
            _send(run, sha)
        except (SyncError, StoreError, OSError) as err:  # OSError: the file is unreadable here
            if trouble.note(err):
                break
        run.report(FILES_STAGE, done, len(waiting))
    trouble.warn(run, "sent")


def files_to_send(store: Store) -> list[str]:
    """The files not yet on the server whose naming rows are, thumbnails first. Any thread."""
    with store.engine.connect() as conn:
        # Nearly always none: one look at the ``uploaded`` index spares the joins.
        if conn.scalar(select(BlobRef.id).where(BlobRef.uploaded.is_(False)).limit(1)) is None:
            return []
        ready: dict[str, None] = {}
        for named in NAMED_FILES:
            # Ids are UUIDv7: the highest is the newest record (see blobs_down on ORDER BY).
            query = _pushed_but_not_sent(named)
            found = sorted(conn.execute(query), key=lambda row: row[1], reverse=True)
            ready.update(dict.fromkeys(sha for sha, _row_id in found))
        return list(ready)


def _pushed_but_not_sent(named: NamedFile) -> Select[str, str]:
    table = named.table
    create_pending = exists().where(
        OutboxMutation.status == state.PENDING,
        OutboxMutation.entity == named.entity,
        OutboxMutation.name == f"create_{named.entity}",
        OutboxMutation.entity_id == table.c.id,
    )
    return (
        select(BlobRef.sha256, table.c.id)
        .join(table, named.sha == BlobRef.sha256)
        .where(BlobRef.uploaded.is_(False), table.c.deleted.is_(False), ~create_pending)
    )


def _send(run: SyncRun, sha: str) -> None:
    status = _server_status(run, sha)
    if status is None or not status.complete:
        status = _send_missing_chunks(run, sha, status)
    if status is not None and status.complete:
        with write_transaction(run.store) as conn:
            conn.execute(update(BlobRef).where(BlobRef.sha256 == sha).values(uploaded=True))


def _server_status(run: SyncRun, sha: str) -> BlobStatus | None:
    """What the server holds of the file; None when it holds nothing of it yet."""
    try:
        return run.client.blob_status(sha)
    except NotFound:
        return None


def _send_missing_chunks(run: SyncRun, sha: str, status: BlobStatus | None) -> BlobStatus | None:
    # NOTE: the blob store decrypts and checks the file against its name, so a file
    # damaged on this disk is refused here instead of being sent and spread.
    data = run.store.blobs.get(sha)
    held = set(status.chunks_received) if status is not None else set()
    for index in range(chunk_count(len(data))):
        if index not in held:
            part = chunk_of(data, index)
            status = run.client.put_blob_chunk(sha, index, size=len(data), part=part)
    return status
