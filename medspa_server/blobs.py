"""Files of an organisation (photos, signatures, PDFs): chunked, resumable uploads checked
against their SHA-256 name, stored encrypted (AES-GCM) in the database so every server
process sees them. Worker threads only."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from typing import NoReturn

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from medspa_desktop.sync.protocol import BLOB_CHUNK_BYTES, BlobStatus, ErrorCode
from medspa_server.db import Database
from medspa_server.errors import ApiError
from medspa_server.models import Blob, BlobChunk
from medspa_server.tenancy import log_access

NONCE_BYTES = 12


def chunk_count(size: int) -> int:
    """Chunks of a ``size``-byte file: full chunks, then the rest (an empty file has one)."""
    return max(1, -(-size // BLOB_CHUNK_BYTES))


class BlobStore:
    def __init__(self, database: Database, key: bytes) -> None:
        self.database = database
        self._aead = AESGCM(key)

    def status(self, org_id: str, sha256: str, *, device_id: str, path: str) -> BlobStatus:
        with self.database.read() as session:
            blob = session.get(Blob, (org_id, sha256))
            if blob is None:
                self._not_found(org_id, sha256, device_id=device_id, path=path)
            return _status(session, blob)

    def put_chunk(
        self, org_id: str, sha256: str, index: int, size: int, content: bytes
    ) -> BlobStatus:
        """Store chunk ``index`` of a ``size``-byte file; once all are in, check the hash."""
        _check_chunk(index, size, len(content))
        with self.database.write() as session:
            blob = session.get(Blob, (org_id, sha256))
            if blob is None:
                blob = Blob(org_id=org_id, sha256=sha256, size=size, complete=False)
                blob.created_at = dt.datetime.now(dt.UTC)
                session.add(blob)
            elif blob.size != size:
                raise ApiError(
                    409,
                    ErrorCode.INVALID,
                    f"This file was started with a size of {blob.size} bytes, not {size}. "
                    "It is sent again from the start.",
                )
            if not blob.complete:
                self._store(session, blob, index, content)
            session.commit()
            return _status(session, blob)

    def chunk(self, org_id: str, sha256: str, index: int, *, device_id: str, path: str) -> bytes:
        """The plain content of one chunk of a complete file."""
        with self.database.read() as session:
            blob = session.get(Blob, (org_id, sha256))
            if blob is None or not blob.complete:
                self._not_found(org_id, sha256, device_id=device_id, path=path)
            stored = session.get(BlobChunk, (org_id, sha256, index))
            if stored is None:
                raise ApiError(404, ErrorCode.NOT_FOUND, f"This file has no part {index}.")
            return self._open(stored)

    def _store(self, session: Session, blob: Blob, index: int, content: bytes) -> None:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, content, _aad(blob.org_id, blob.sha256, index))
        session.merge(
            BlobChunk(
                org_id=blob.org_id,
                sha256=blob.sha256,
                chunk_index=index,
                nonce=nonce,
                ciphertext=sealed,
            )
        )
        session.flush()
        if len(_received(session, blob)) == chunk_count(blob.size):
            self._complete(session, blob)

    def _complete(self, session: Session, blob: Blob) -> None:
        digest = hashlib.sha256()
        query = select(BlobChunk).where(
            BlobChunk.org_id == blob.org_id, BlobChunk.sha256 == blob.sha256
        )
        for stored in session.scalars(query.order_by(BlobChunk.chunk_index)):
            digest.update(self._open(stored))
        if digest.hexdigest() == blob.sha256:
            blob.complete = True
            return
        session.execute(
            delete(BlobChunk).where(
                BlobChunk.org_id == blob.org_id, BlobChunk.sha256 == blob.sha256
            )
        )
        session.delete(blob)
        session.commit()
        raise ApiError(
            422,
            ErrorCode.INVALID,
            "This file arrived damaged (its content does not match its fingerprint), so the "
            "server discarded it. It is sent again from the start; nothing was lost here.",
        )

    def _open(self, stored: BlobChunk) -> bytes:
        aad = _aad(stored.org_id, stored.sha256, stored.chunk_index)
        try:
            return self._aead.decrypt(stored.nonce, stored.ciphertext, aad)
        except InvalidTag:
            raise ApiError(
                500,
                ErrorCode.UNAVAILABLE,
                "A stored file could not be decrypted: the server's blob key is not the one it "
                "was stored with. Tell whoever looks after the server.",
            ) from None

    def _not_found(self, org_id: str, sha256: str, *, device_id: str, path: str) -> NoReturn:
        """Answer like a missing file; log it when the file belongs to another organisation."""
        with self.database.write() as session:
            elsewhere = session.scalar(
                select(Blob.org_id).where(Blob.sha256 == sha256, Blob.org_id != org_id).limit(1)
            )
            if elsewhere is not None:
                log_access(
                    session,
                    path=path,
                    outcome="cross_org_read",
                    device_id=device_id,
                    org_id=org_id,
                    detail=f"asked for file {sha256} of organisation {elsewhere}",
                )
                session.commit()
        raise ApiError(404, ErrorCode.NOT_FOUND, "The server has no complete copy of this file.")


def _check_chunk(index: int, size: int, length: int) -> None:
    count = chunk_count(size)
    if index >= count:
        raise ApiError(
            422,
            ErrorCode.INVALID,
            f"A {size}-byte file has {count} parts; there is no part {index}.",
        )
    expected = size - BLOB_CHUNK_BYTES * (count - 1) if index == count - 1 else BLOB_CHUNK_BYTES
    if length != expected:
        raise ApiError(
            422,
            ErrorCode.INVALID,
            f"Part {index} of a {size}-byte file should hold {expected} bytes but {length} "
            "arrived. It is sent again.",
        )


def _aad(org_id: str, sha256: str, index: int) -> bytes:
    # Binds each ciphertext to its place, so a chunk can't be moved to another file or org.
    return f"{org_id}/{sha256}/{index}".encode()


def _received(session: Session, blob: Blob) -> list[int]:
    query = select(BlobChunk.chunk_index).where(
        BlobChunk.org_id == blob.org_id, BlobChunk.sha256 == blob.sha256
    )
    return sorted(session.scalars(query))


def _status(session: Session, blob: Blob) -> BlobStatus:
    return BlobStatus(
        sha256=blob.sha256,
        size=blob.size,
        chunks_received=_received(session, blob),
        complete=blob.complete,
    )
