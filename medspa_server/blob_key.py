"""The server's blob key: AES-256-GCM key for files at rest.

From ``MEDSPA_SERVER_BLOB_KEY`` (URL-safe base64 of 32 bytes; required when several machines
serve one database) or ``<data_dir>/server-blob.key`` (mode 0600), made on first use.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import secrets
from pathlib import Path

from medspa_server.settings import Settings

KEY_BYTES = 32
KEY_FILE = "server-blob.key"


class BlobKeyError(Exception):
    """The configured blob key is unusable; the message says how to fix it."""


def load_blob_key(settings: Settings) -> bytes:
    """The blob key; creates the key file if there is none. Any process, any thread."""
    if settings.blob_key:
        return _decode(settings.blob_key)
    path = settings.data_dir / KEY_FILE
    if not path.exists():
        _create(path)
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise BlobKeyError(
            f"{path} is not a blob key ({len(key)} bytes instead of {KEY_BYTES}). Restore it "
            "from the server backup; without it stored photos and documents can't be read."
        )
    return key


def _decode(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise BlobKeyError(
            "MEDSPA_SERVER_BLOB_KEY must be 32 bytes in URL-safe base64 (for example the "
            "output of: python -c 'import secrets; print(secrets.token_urlsafe(32))')."
        )
    return key


def _create(path: Path) -> None:
    # Written under a private name, then linked into place: a second server process starting
    # at the same moment either wins the link or reads the first one's complete file.
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(KEY_BYTES))
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
    finally:
        draft.unlink()
