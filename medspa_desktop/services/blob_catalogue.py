"""Keeping a photo, signature or PDF: sealed in the encrypted blob store and catalogued.

``keep_blob(uow, blobs, data, *, mime, kind) -> sha256`` in the caller's transaction.
The file is written (encrypted, never plaintext) before the transaction commits: if it
then rolls back, the file is an unnamed orphan (content-addressed, so harmless), never a
row naming a missing file. Identical content is stored and catalogued once.
"""

from __future__ import annotations

from sqlalchemy import select

from medspa_desktop.store.blobs import BlobStore
from medspa_desktop.store.models import BlobRef
from medspa_desktop.store.uow import UnitOfWork


def keep_blob(uow: UnitOfWork, blobs: BlobStore, data: bytes, *, mime: str, kind: str) -> str:
    sha = blobs.put(data)
    known = uow.session.scalar(select(BlobRef.id).where(BlobRef.sha256 == sha))
    if known is None:
        uow.session.add(BlobRef(sha256=sha, size=len(data), mime=mime, kind=kind))
    return sha
