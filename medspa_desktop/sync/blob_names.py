"""Which synced rows name files (photos, thumbnails, signatures, consent PDFs), and how a
file step of a sync sums up its troubles.

Public API: ``NamedFile``, ``NAMED_FILES``, ``FILES_STAGE``, ``chunk_count(size)``,
``chunk_of(data, index)``, ``is_file_name(text)``, ``while_time_left(files)``,
``FileTrouble``. Sync worker thread.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Column, Table

from medspa_desktop.sync.errors import Invalid, NotFound, SyncError
from medspa_desktop.sync.protocol import BLOB_CHUNK_BYTES
from medspa_desktop.sync.run import SyncRun
from medspa_desktop.sync.values import table_of

FILES_STAGE = "files"
"""``SyncProgress.stage`` while files go up or come down: ``done`` of ``total`` files."""
SECONDS_PER_SYNC = 20.0
"""How long one sync spends sending, and again fetching, files before it lets the next
sync start. Years of photos reaching a new device take hours: meanwhile bookings and
payments still sync every half minute, and the files go on with each following sync."""
JPEG = "image/jpeg"
_SHA = re.compile(r"[0-9a-f]{64}")
File = TypeVar("File")


@dataclass(frozen=True)
class NamedFile:
    """A column of a synced table that names a file by its SHA-256, and what that file is."""

    entity: str
    column: str
    kind: str
    """``blob_ref.kind``."""
    mime: str

    @property
    def table(self) -> Table:
        return table_of(self.entity)

    @property
    def sha(self) -> Column[str]:
        return self.table.c[self.column]


NAMED_FILES = (
    NamedFile("photo", "thumb_sha256", "thumbnail", JPEG),
    NamedFile("signed_consent", "signature_sha256", "signature", "application/json"),
    NamedFile("signed_consent", "pdf_sha256", "pdf", "application/pdf"),
    NamedFile("photo", "blob_sha256", "photo", JPEG),
)
"""In the order files travel: thumbnails first, so a gallery fills fast; full photos last."""


def chunk_count(size: int) -> int:
    """Chunks of a ``size``-byte file: full chunks, then the rest (an empty file has one)."""
    return max(1, -(-size // BLOB_CHUNK_BYTES))


def chunk_of(data: bytes, index: int) -> bytes:
    return data[index * BLOB_CHUNK_BYTES : (index + 1) * BLOB_CHUNK_BYTES]


def is_file_name(text: str) -> bool:
    """Whether ``text`` is a SHA-256 in hex, as files are named (a pulled row could hold
    anything; only a real name goes into a request path)."""
    return _SHA.fullmatch(text) is not None


def while_time_left(files: Sequence[File]) -> Iterator[tuple[int, File]]:
    """``(position from 1, file)`` until ``SECONDS_PER_SYNC`` have passed (at least one)."""
    deadline = time.monotonic() + SECONDS_PER_SYNC
    for done, file in enumerate(files, start=1):
        yield done, file
        if time.monotonic() > deadline:
            return


@dataclass
class FileTrouble:
    """The files of one step that failed, summed up in one warning line for staff."""

    failed: int = 0
    reason: str = ""
    stopped: bool = False
    """The server or the connection failed: the remaining files wait for the next sync."""

    def note(self, err: Exception) -> bool:
        """Count a file that failed with ``err``; True when the step should stop here."""
        self.failed += 1
        self.reason = self.reason or str(err)
        # Only a refusal of this one file lets the others go on; anything else (offline,
        # server trouble, a revoked device) would fail each of them in turn.
        self.stopped = isinstance(err, SyncError) and not isinstance(err, Invalid | NotFound)
        return self.stopped

    def warn(self, run: SyncRun, verb: str) -> None:
        """Add the warning (``verb``: ``sent`` or ``fetched``) to the run, if anything failed."""
        if not self.failed:
            return
        if self.stopped:
            what = f"not all could be {verb} this time; the rest are {verb} at the next sync"
        else:
            what = f"{self.failed} could not be {verb} this time and are tried at the next sync"
        run.warnings.append(f"Photos and consent files: {what}. {self.reason}")
