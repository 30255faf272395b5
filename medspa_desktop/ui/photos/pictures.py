"""Photos between bytes and pixels, in memory only.

NOTE: no plaintext image may touch the disk. Images arrive from the services as JPEG bytes
and are decoded here with ``loadFromData``; a camera frame is encoded into a ``QBuffer``.
Nothing in this package saves an image to a path or puts one in a disk cache. GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from medspa_desktop.services.photo_rules import PhotoInfo

JPEG_QUALITY = 92
ARRIVING = "On its way:\nit arrives with\nthe next sync"
"""A photo listed before its file reached this device (files sync after their records)."""


def pixmap_of(data: bytes | None) -> QPixmap:
    """The picture in ``data`` (JPEG/PNG bytes); a null pixmap for none or unreadable."""
    pixmap = QPixmap()
    if data:
        pixmap.loadFromData(data)
    return pixmap


def arriving_tile(side: int) -> QPixmap:
    """A square tile that says the photo's file has not reached this device yet."""
    tile = QPixmap(side, side)
    tile.fill(QColor("#e9edf0"))
    painter = QPainter(tile)
    painter.setPen(QColor("#475467"))
    painter.drawText(QRect(0, 0, side, side), Qt.AlignmentFlag.AlignCenter, ARRIVING)
    painter.end()
    return tile


def jpeg_of(image: QImage) -> bytes:
    """``image`` encoded as JPEG into memory (for a camera shot)."""
    encoded = QByteArray()
    buffer = QBuffer(encoded)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", JPEG_QUALITY)
    buffer.close()
    return bytes(encoded.data())


def tag_words(tag: str) -> str:
    """``left_oblique`` -> ``Left oblique``."""
    return tag.replace("_", " ").capitalize()


def caption(photo: PhotoInfo) -> str:
    """What a tile says under the thumbnail: area, angle and the day it was taken."""
    taken = photo.taken_at.astimezone()
    return f"{tag_words(photo.area)} · {tag_words(photo.angle).lower()}\n{taken:%d %b %Y}"
