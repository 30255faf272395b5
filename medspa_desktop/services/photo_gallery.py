"""Opening clinical photos: a client's gallery, one photo, the ghost overlay, export.

Public API (off the GUI thread; results are frozen, image bytes are JPEG in memory):

- ``gallery(client_id, *, uow, actor, blobs, area=None, angle=None) -> Gallery``: the
  client's photos, newest first, with their thumbnails; optionally one area and/or angle.
  One audit entry per opening (not per photo).
- ``photo_image(photo_id, *, uow, actor, blobs) -> bytes``: the full photo (audited), for
  viewing and for before/after comparison; ``FileNotArrived`` while its file has not
  reached this device (files sync after the records that name them).
- ``previous_photo(client_id, area, angle, *, uow, actor, blobs) -> GhostPhoto | None``: the
  newest photo of that area and angle with its full image, to line up the next shot over
  it (audited when there is one); None also while its file has not reached this device,
  so the camera opens without a ghost.
- ``ExportPhoto(photo_id, destination)`` -> ``export_photo(cmd, *, uow, actor, blobs) ->
  ExportedPhoto``: writes the photo (already free of metadata) to the file the user chose,
  the only place a plaintext image is ever written; audited, and the file is removed again
  if the audit entry cannot be committed.

Front desk is refused (they see that charts exist, never photos); practitioners open only
the photos of clients they treat or are booked with (``photo_access``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.photo_tags import tag_spelling
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.blob_catalogue import FileNotArrived, open_blob
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.photo_access import authorize_for_client
from medspa_desktop.services.photo_rules import ENTITY, PhotoInfo, get_photo, photo_info
from medspa_desktop.store.blobs import BlobCorruptError, BlobMissingError, BlobStore
from medspa_desktop.store.models import Photo
from medspa_desktop.store.uow import UnitOfWork

NOT_ON_DEVICE = (
    "This photo is still on its way from the server; it appears after the next sync "
    "(once the device that took it has synced too)."
)


@dataclass(frozen=True)
class GalleryPhoto:
    photo: PhotoInfo
    thumbnail: bytes | None
    """JPEG; None while the file has not reached this device (blobs sync after rows)."""


@dataclass(frozen=True)
class Gallery:
    client_id: str
    photos: tuple[GalleryPhoto, ...]
    """Newest first."""


@dataclass(frozen=True)
class GhostPhoto:
    photo: PhotoInfo
    image: bytes


@dataclass(frozen=True)
class ExportPhoto:
    photo_id: str
    destination: Path
    """Where the user chose to save it (any existing file there is replaced)."""


@dataclass(frozen=True)
class ExportedPhoto:
    photo_id: str
    destination: Path
    size: int


def gallery(
    client_id: str,
    *,
    uow: UnitOfWork,
    actor: Actor,
    blobs: BlobStore,
    area: str | None = None,
    angle: str | None = None,
) -> Gallery:
    authorize_for_client(uow, actor, Action.PHOTO_VIEW, client_id)
    rows = _photos(uow, actor.org_id, client_id, area=area, angle=angle)
    photos = tuple(GalleryPhoto(photo_info(r), _thumbnail(blobs, r.thumb_sha256)) for r in rows)
    detail = f"gallery, {len(photos)} photos"
    _audit(uow, actor, Action.PHOTO_VIEW, "client", client_id, detail)
    return Gallery(client_id, photos)


def photo_image(photo_id: str, *, uow: UnitOfWork, actor: Actor, blobs: BlobStore) -> bytes:
    row = _openable(uow, actor, Action.PHOTO_VIEW, photo_id)
    image = _image(blobs, row.blob_sha256)
    _audit(uow, actor, Action.PHOTO_VIEW, ENTITY, row.id, "full photo")
    return image


def previous_photo(
    client_id: str, area: str, angle: str, *, uow: UnitOfWork, actor: Actor, blobs: BlobStore
) -> GhostPhoto | None:
    authorize_for_client(uow, actor, Action.PHOTO_VIEW, client_id)
    rows = _photos(uow, actor.org_id, client_id, area=area, angle=angle, limit=1)
    if not rows:
        return None
    try:
        image = _image(blobs, rows[0].blob_sha256)
    except FileNotArrived:
        return None
    _audit(uow, actor, Action.PHOTO_VIEW, ENTITY, rows[0].id, "ghost overlay")
    return GhostPhoto(photo_info(rows[0]), image)


def export_photo(
    cmd: ExportPhoto, *, uow: UnitOfWork, actor: Actor, blobs: BlobStore
) -> ExportedPhoto:
    row = _openable(uow, actor, Action.PHOTO_EXPORT, cmd.photo_id)
    image = _image(blobs, row.blob_sha256)
    detail = "saved to a file the user chose"  # NOTE: never the path; it may name the client
    record_audit(
        uow,
        actor,
        Action.PHOTO_EXPORT,
        entity=ENTITY,
        entity_id=row.id,
        outcome="ok",
        detail=detail,
    )
    uow.session.flush()
    _write_export(uow, actor, row.id, cmd.destination, image)
    try:
        uow.commit()
    except BaseException:
        cmd.destination.unlink(missing_ok=True)  # an export nobody can trace must not stay
        raise
    return ExportedPhoto(row.id, cmd.destination, len(image))


def _openable(uow: UnitOfWork, actor: Actor, action: Action, photo_id: str) -> Photo:
    authorize(uow, actor, action, entity=ENTITY, entity_id=photo_id)
    row = get_photo(uow, photo_id, actor.org_id)
    authorize_for_client(uow, actor, action, row.client_id)
    return row


def _photos(
    uow: UnitOfWork,
    org_id: str,
    client_id: str,
    *,
    area: str | None,
    angle: str | None,
    limit: int | None = None,
) -> list[Photo]:
    query = select(Photo).where(
        Photo.client_id == client_id, Photo.org_id == org_id, Photo.deleted.is_(False)
    )
    if area is not None:
        query = query.where(Photo.area == tag_spelling(area))
    if angle is not None:
        query = query.where(Photo.angle == tag_spelling(angle))
    query = query.order_by(Photo.taken_at.desc(), Photo.id.desc()).limit(limit)
    return list(uow.session.scalars(query))


def _thumbnail(blobs: BlobStore, sha: str) -> bytes | None:
    if not sha:
        return None
    try:
        return blobs.get(sha)
    except (BlobMissingError, BlobCorruptError):
        return None  # the gallery still opens; opening the photo itself says what is wrong


def _image(blobs: BlobStore, sha: str) -> bytes:
    return open_blob(blobs, sha, not_arrived=NOT_ON_DEVICE)


def _audit(
    uow: UnitOfWork, actor: Actor, action: Action, entity: str, entity_id: str, detail: str
) -> None:
    record_audit(
        uow, actor, action, entity=entity, entity_id=entity_id, outcome="ok", detail=detail
    )
    uow.commit()


def _write_export(
    uow: UnitOfWork, actor: Actor, photo_id: str, destination: Path, image: bytes
) -> None:
    problem = _write_file(destination, image)
    if problem is None:
        return
    reason = problem.strerror or type(problem).__name__
    uow.rollback()
    record_audit(
        uow,
        actor,
        Action.PHOTO_EXPORT,
        entity=ENTITY,
        entity_id=photo_id,
        outcome="failed",
        detail=f"the file could not be written: {reason}",
    )
    uow.commit()
    raise ValidationError({"destination": f"The photo was not saved there: {reason}."})


def _write_file(destination: Path, image: bytes) -> OSError | None:
    """Write ``image`` to ``destination``; a half-written file is removed again."""
    try:
        out = destination.open("wb")
    except OSError as err:
        return err
    try:
        with out:
            out.write(image)
    except OSError as err:
        destination.unlink(missing_ok=True)
        return err
    return None
