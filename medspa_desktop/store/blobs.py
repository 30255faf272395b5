"""Encrypted, content-addressed blob store for photos, signatures and generated PDFs.

A blob is named by the SHA-256 of its plaintext and kept in ``<root>/ab/cd/<sha>`` as
``MAGIC || nonce (12 bytes) || AES-256-GCM ciphertext+tag``, with the sha as associated data,
so a file renamed or swapped for another one fails to decrypt. The key is derived from the
database key (``Store.derived_key("blobs")``). Plaintext only ever exists in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from medspa_desktop.store.errors import StoreError

MAGIC = b"MSB1"
NONCE_BYTES = 12
_SHA = re.compile(r"[0-9a-f]{64}")


class BlobMissingError(StoreError):
    pass


class BlobCorruptError(StoreError):
    pass


class BlobStore:
    """Blobs of one data directory. Any thread; writes are atomic renames."""

    def __init__(self, root: Path, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("The blob key must be 32 bytes")
        self.root = root
        self._aead = AESGCM(key)

    def put(self, data: bytes) -> str:
        """Store ``data`` encrypted and return its sha256 hex; identical content is kept once."""
        sha = hashlib.sha256(data).hexdigest()
        if not self.exists(sha):
            nonce = secrets.token_bytes(NONCE_BYTES)
            sealed = MAGIC + nonce + self._aead.encrypt(nonce, data, sha.encode())
            self._write_atomically(self.path(sha), sealed)
        return sha

    def get(self, sha: str) -> bytes:
        """The plaintext of blob ``sha``; raises if it is missing, altered or not what it claims."""
        return self._open(sha, self.sealed(sha))

    def exists(self, sha: str) -> bool:
        return self.path(sha).is_file()

    def delete(self, sha: str) -> None:
        """Remove a blob for good. Only the privacy-erasure path may call this."""
        self.path(sha).unlink(missing_ok=True)

    def shas(self) -> Iterator[str]:
        """The sha of every stored blob (in no particular order)."""
        for path in self.root.glob("??/??/*"):
            if _SHA.fullmatch(path.name):
                yield path.name

    def sealed(self, sha: str) -> bytes:
        """The encrypted file as stored, for backups and blob sync (never decrypted here)."""
        try:
            return self.path(sha).read_bytes()
        except FileNotFoundError:
            raise BlobMissingError(
                f"The stored file {sha[:12]}… is missing from {self.root}. Restore the data "
                "folder from a backup or sync this device again."
            ) from None

    def put_sealed(self, sha: str, sealed: bytes) -> None:
        """Store an encrypted file produced by :meth:`sealed`, after checking it decrypts."""
        self._open(sha, sealed)
        if not self.exists(sha):
            self._write_atomically(self.path(sha), sealed)

    def path(self, sha: str) -> Path:
        if not _SHA.fullmatch(sha):
            raise ValueError(f"Not a blob id: {sha!r}")
        return self.root / sha[:2] / sha[2:4] / sha

    def _open(self, sha: str, sealed: bytes) -> bytes:
        data = None
        if sealed.startswith(MAGIC):
            nonce, body = (
                sealed[len(MAGIC) : len(MAGIC) + NONCE_BYTES],
                sealed[len(MAGIC) + NONCE_BYTES :],
            )
            with contextlib.suppress(InvalidTag):
                data = self._aead.decrypt(nonce, body, sha.encode())
        if data is None or hashlib.sha256(data).hexdigest() != sha:
            raise BlobCorruptError(
                f"The stored file {sha[:12]}… is damaged or was altered, so it was not opened. "
                "Restore the data folder from a backup or sync this device again."
            )
        return data

    @staticmethod
    def _write_atomically(path: Path, content: bytes) -> None:
        # NOTE: temp file in the same directory -> fsync -> rename -> fsync the directory, so a
        # crash leaves either no blob or the whole blob, never a torn one.
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (no-op where directories cannot be opened)."""
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
