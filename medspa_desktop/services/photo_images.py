"""What the clinic keeps of a photo: an upright JPEG without metadata, and its thumbnail.

Public API (any thread; pure, in memory only):

- ``prepare_photo(data, *, field="image_bytes") -> PreparedPhoto``: the photo to store and
  its thumbnail; raises ``ValidationError`` (keyed by ``field``) for anything that is not a
  JPEG, PNG or WebP photo this app can read, naming what to do.

A JPEG that is already upright keeps its compressed pixels as they are; only its metadata
segments are dropped (``photo_jpeg``), which is lossless and needs no full decode. Any
other photo (a PNG, a JPEG the camera marked as rotated, a CMYK JPEG) is decoded, turned
upright and re-encoded as JPEG quality 90 with nothing but its colour profile.

NOTE: nothing here may touch the disk. Pillow is restricted to formats whose decoders work
in memory (its EPS plugin, for one, runs Ghostscript over temporary files), and its JPEG
codec, libjpeg-turbo, keeps all working memory in RAM (no backing-store files).
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.photo_jpeg import JpegLayoutError, strip_jpeg_metadata

READABLE_FORMATS = ("JPEG", "MPO", "PNG", "WEBP")
MAX_PIXELS = 80_000_000
"""Largest photo accepted (below Pillow's decompression-bomb warning at ~89 megapixels)."""
THUMBNAIL_LONG_SIDE = 320
PHOTO_QUALITY = 90
THUMBNAIL_QUALITY = 80
_HEIC_BRANDS = (b"ftypheic", b"ftypheix", b"ftyphevc", b"ftypmif1", b"ftypmsf1")
_UPRIGHT = 1
_LOSSLESS_MODES = ("RGB", "L")

NOT_A_PHOTO = (
    "This is not a photo the app can read. Choose a JPEG, PNG or WebP photo, "
    "or take the photo again."
)
HEIC = (
    "HEIC photos can't be read yet. Set the camera to JPEG (on an iPhone: Settings, Camera, "
    "Formats, Most Compatible) or save the photo as JPEG, then import it again."
)
DAMAGED = "The photo file is damaged or incomplete. Take the photo again or import another copy."


@dataclass(frozen=True)
class PreparedPhoto:
    image: bytes
    """Upright JPEG with no EXIF, GPS, XMP, IPTC or comments."""
    thumbnail: bytes
    """JPEG, at most ``THUMBNAIL_LONG_SIDE`` pixels on its long side."""
    width: int
    height: int


def prepare_photo(data: bytes, *, field: str = "image_bytes") -> PreparedPhoto:
    """The photo as stored and its thumbnail, both made in memory from ``data``."""
    try:
        source = _open(data)
        if _is_upright_jpeg(source):
            with contextlib.suppress(JpegLayoutError):
                return _kept(strip_jpeg_metadata(data))
        return _reencoded(source)
    except _Unreadable as err:
        raise ValidationError({field: str(err)}) from None


class _Unreadable(Exception):
    pass


def _is_upright_jpeg(image: Image.Image) -> bool:
    lossless = image.format in ("JPEG", "MPO") and image.mode in _LOSSLESS_MODES
    return lossless and _orientation(image) == _UPRIGHT


def _open(data: bytes) -> Image.Image:
    if data[4:12] in _HEIC_BRANDS:
        raise _Unreadable(HEIC)
    Image.init()  # NOTE: registers the MPO and WebP readers, which ``open`` loads lazily
    formats = [name for name in READABLE_FORMATS if name in Image.OPEN]
    try:
        image = Image.open(io.BytesIO(data), formats=formats)
    except Image.DecompressionBombError:
        raise _Unreadable(_too_large()) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise _Unreadable(NOT_A_PHOTO) from None
    if image.width * image.height > MAX_PIXELS:
        raise _Unreadable(_too_large())
    return image


def _too_large() -> str:
    limit = MAX_PIXELS // 1_000_000
    return f"The photo is larger than {limit} megapixels. Take it at a lower resolution."


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(ExifTags.Base.Orientation, _UPRIGHT))
    except (TypeError, ValueError, SyntaxError, OSError):
        return 0  # unreadable EXIF: re-encode, which drops it


def _kept(stored: bytes) -> PreparedPhoto:
    """An upright JPEG kept as it is; its thumbnail is decoded at 1/2 to 1/8 scale
    (libjpeg's DCT scaling), which also proves the stored bytes decode to the end."""
    try:
        image = Image.open(io.BytesIO(stored), formats=("JPEG",))
        width, height = image.size
        image.draft("RGB", (THUMBNAIL_LONG_SIDE, THUMBNAIL_LONG_SIDE))
        thumbnail = _thumbnail(image)
    except (OSError, ValueError, SyntaxError):
        raise _Unreadable(DAMAGED) from None
    return PreparedPhoto(stored, thumbnail, width, height)


def _reencoded(source: Image.Image) -> PreparedPhoto:
    try:
        source.load()
    except (OSError, ValueError, SyntaxError):
        raise _Unreadable(DAMAGED) from None
    clean = _opaque(_upright(source))
    # NOTE: Pillow's JPEG writer copies a comment from ``info``; nothing of it may survive.
    clean.info = {}
    out = io.BytesIO()
    icc = source.info.get("icc_profile") if _same_colours(source, clean) else None
    clean.save(out, "JPEG", quality=PHOTO_QUALITY, icc_profile=icc or None)
    factor = max(1, max(clean.size) // (2 * THUMBNAIL_LONG_SIDE))
    return PreparedPhoto(out.getvalue(), _thumbnail(clean.reduce(factor)), *clean.size)


def _upright(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, TypeError):
        return image  # EXIF too damaged to say which way is up: keep it as it is


def _opaque(image: Image.Image) -> Image.Image:
    """RGB (or grey) pixels; a transparent background becomes white."""
    if image.mode in ("RGBA", "LA", "PA", "P") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, "white")
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image if image.mode in _LOSSLESS_MODES else image.convert("RGB")


def _same_colours(source: Image.Image, clean: Image.Image) -> bool:
    """Whether the source's colour profile still describes the clean pixels (a CMYK or
    grey profile does not fit pixels converted to RGB)."""
    grey = ("1", "L", "LA", "I", "I;16", "F")
    return source.mode != "CMYK" and (source.mode in grey) == (clean.mode == "L")


def _thumbnail(image: Image.Image) -> bytes:
    """``image`` (changed in place) made a JPEG thumbnail."""
    image.thumbnail((THUMBNAIL_LONG_SIDE, THUMBNAIL_LONG_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=THUMBNAIL_QUALITY)
    return out.getvalue()
