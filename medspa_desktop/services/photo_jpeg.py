"""Lossless removal of metadata from a JPEG, in memory: the compressed pixels are copied
byte for byte, so a photo keeps its full quality and nothing is decoded or re-encoded.

Public API (any thread; pure):

- ``strip_jpeg_metadata(data) -> bytes``: ``data`` without EXIF (camera, GPS position, time,
  embedded thumbnail), XMP, IPTC/Photoshop, maker and multi-picture segments and comments,
  and without anything after the end-of-image marker (the further pictures of an MPO file,
  phone makers' trailers). Kept: the JFIF header, the ICC colour profile and Adobe's colour
  transform flag, which decide how the pixels look and say nothing about the client.
- ``JpegLayoutError``: the file is not laid out as this parser expects; the caller decodes
  and re-encodes it instead.
"""

from __future__ import annotations

import re

SOI = b"\xff\xd8"
EOI = b"\xff\xd9"
_EOI, _SOS, _TEM, _COM = 0xD9, 0xDA, 0x01, 0xFE
_RST = range(0xD0, 0xD8)
_APP = range(0xE0, 0xF0)
_KEPT_APP = {0xE0: b"JFIF\x00", 0xE2: b"ICC_PROFILE\x00", 0xEE: b"Adobe"}
"""Application segments kept, by marker and the identifier their payload starts with."""

# In entropy-coded data a 0xFF byte is followed by 0x00 (stuffing) or a restart marker;
# anything else is the next marker (0xFF 0xFF is a fill byte before one).
_MARKER_AFTER_SCAN = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


class JpegLayoutError(ValueError):
    pass


def strip_jpeg_metadata(data: bytes) -> bytes:
    """The JPEG ``data`` with its metadata segments and trailing bytes left out."""
    if not data.startswith(SOI):
        raise JpegLayoutError("not a JPEG")
    kept = [SOI]
    pos = len(SOI)
    while pos < len(data):
        marker, start = _marker_at(data, pos)
        if marker == _EOI:
            kept.append(EOI)
            return b"".join(kept)
        if marker == _TEM or marker in _RST:
            raise JpegLayoutError("a standalone marker outside a scan")
        end = _segment_end(data, start)
        if _keeps(marker, data, start + 2, end):
            kept.append(data[start - 2 : end])
        pos = end
        if marker == _SOS:
            found = _MARKER_AFTER_SCAN.search(data, pos)
            if found is None:
                raise JpegLayoutError("the scan runs to the end of the file")
            kept.append(data[pos : found.start()])
            pos = found.start()
    raise JpegLayoutError("no end-of-image marker")


def _marker_at(data: bytes, pos: int) -> tuple[int, int]:
    """The marker code at ``pos`` (after any fill bytes) and where its segment starts."""
    if data[pos] != 0xFF:
        raise JpegLayoutError("bytes between segments")
    while pos < len(data) and data[pos] == 0xFF:
        pos += 1
    if pos >= len(data):
        raise JpegLayoutError("the file ends inside a marker")
    return data[pos], pos + 1


def _segment_end(data: bytes, start: int) -> int:
    if start + 2 > len(data):
        raise JpegLayoutError("the file ends inside a segment")
    length = int.from_bytes(data[start : start + 2], "big")
    if length < 2 or start + length > len(data):
        raise JpegLayoutError("a segment runs past the end of the file")
    return start + length


def _keeps(marker: int, data: bytes, payload: int, end: int) -> bool:
    if marker == _COM:
        return False
    if marker in _APP:
        identifier = _KEPT_APP.get(marker)
        return identifier is not None and data.startswith(identifier, payload, end)
    return True
