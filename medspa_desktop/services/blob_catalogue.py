"""Keeping a photo, signature or PDF: sealed in the encrypted blob store and catalogued; and
opening one that a synced record names.

``keep_blob(uow, blobs, data, *, mime, kind) -> sha256`` in the caller's transaction.
The file is written (encrypted, never plaintext) before the transaction commits: if it
then rolls back, the file is an unnamed orphan (content-addressed, so harmless), never a
row naming a missing file. Identical content is stored and catalogued once.

``open_blob(blobs, sha256, *, not_arrived) -> bytes``: the plaintext; raises
``FileNotArrived(not_arrived)`` while the file is not on this device (files sync after the
records that name them), and the store's error when the file is damaged.
"""

from __future__ import annotations

from sqlalchemy import select

from medspa_desktop.services.errors import NotFound
from medspa_desktop.store.blobs import BlobMissingError, BlobStore
from medspa_desktop.store.models import BlobRef
from medspa_desktop.store.uow import UnitOfWork


class FileNotArrived(NotFound):
    """The record is here but its file (photo, signature, PDF) has not reached this device."""


def keep_blob(uow: UnitOfWork, blobs: BlobStore, data: bytes, *, mime: str, kind: str) -> str:
    sha = blobs.put(data)
    known = uow.session.scalar(select(BlobRef.id).where(BlobRef.sha256 == sha))
    if known is None:
        uow.session.add(BlobRef(sha256=sha, size=len(data), mime=mime, kind=kind))
    return sha


def open_blob(blobs: BlobStore, sha: str, *, not_arrived: str) -> bytes:
    try:
        return blobs.get(sha)
    except BlobMissingError:
        raise FileNotArrived(not_arrived) from None
