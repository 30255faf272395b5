"""Taking, importing, consenting to and deleting clinical photos.

Public API (off the GUI thread; results are frozen, never ORM rows):

- ``SavePhoto(client_id, image_bytes, area, angle, chart_id=None, appointment_id=None,
  marketing_consent=False)`` -> ``save_photo(cmd, *, uow, actor, blobs) -> PhotoInfo``:
  a photo from the camera (``image_bytes`` as the camera encoded it). Decoded in memory,
  turned upright, stripped of EXIF/GPS and every other metadata, thumbnailed, and both
  files sealed in the encrypted blob store: no plaintext image ever reaches the disk.
- ``ImportPhotoFile(client_id, path, area, angle, ...)`` ->
  ``import_photo_file(cmd, *, uow, actor, blobs) -> PhotoInfo``: the same for a file the
  user chose; the file is read, never copied or moved.
- ``SetPhotoMarketingConsent(photo_id, granted)`` ->
  ``set_photo_marketing_consent(cmd, *, uow, actor) -> PhotoInfo``
- ``delete_photo(photo_id, *, uow, actor) -> None``: a tombstone; the encrypted files stay
  (only the privacy-erasure path removes blobs).

Practitioners work only on clients they treat or are booked with (``photo_access``);
``ValidationError.field_errors`` is keyed by the command's field names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.photo_tags import angle_problem, area_problem, tag_spelling
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.blob_catalogue import keep_blob
from medspa_desktop.services.common import now
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.photo_access import authorize_for_client
from medspa_desktop.services.photo_images import PreparedPhoto, prepare_photo
from medspa_desktop.services.photo_rules import (
    ENTITY,
    JPEG_MIME,
    PhotoInfo,
    get_photo,
    photo_info,
)
from medspa_desktop.services.writes import save_changes, save_new
from medspa_desktop.store.blobs import BlobStore
from medspa_desktop.store.models import Appointment, Chart, Photo
from medspa_desktop.store.uow import UnitOfWork

__all__ = [
    "ImportPhotoFile",
    "PhotoInfo",
    "SavePhoto",
    "SetPhotoMarketingConsent",
    "delete_photo",
    "import_photo_file",
    "save_photo",
    "set_photo_marketing_consent",
]

MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class SavePhoto:
    client_id: str
    image_bytes: bytes
    area: str
    angle: str
    chart_id: str | None = None
    appointment_id: str | None = None
    marketing_consent: bool = False


@dataclass(frozen=True)
class ImportPhotoFile:
    client_id: str
    path: Path
    area: str
    angle: str
    chart_id: str | None = None
    appointment_id: str | None = None
    marketing_consent: bool = False


@dataclass(frozen=True)
class SetPhotoMarketingConsent:
    photo_id: str
    granted: bool


def save_photo(cmd: SavePhoto, *, uow: UnitOfWork, actor: Actor, blobs: BlobStore) -> PhotoInfo:
    authorize(uow, actor, Action.PHOTO_CAPTURE, entity="client", entity_id=cmd.client_id)
    if cmd.marketing_consent:
        authorize(uow, actor, Action.PHOTO_SET_MARKETING_CONSENT, entity="client")
    area, angle = _tags(cmd.area, cmd.angle)
    # Decoding takes tens of milliseconds: done before the first query opens the write
    # transaction, so the write lock is not held meanwhile.
    prepared = prepare_photo(cmd.image_bytes)
    authorize_for_client(uow, actor, Action.PHOTO_CAPTURE, cmd.client_id)
    _check_links(uow, cmd, actor.org_id)
    return _record(uow, actor, blobs, cmd, prepared, area=area, angle=angle)


def import_photo_file(
    cmd: ImportPhotoFile, *, uow: UnitOfWork, actor: Actor, blobs: BlobStore
) -> PhotoInfo:
    authorize(uow, actor, Action.PHOTO_CAPTURE, entity="client", entity_id=cmd.client_id)
    data = _read_chosen_file(cmd.path)
    try:
        return save_photo(
            SavePhoto(
                cmd.client_id,
                data,
                cmd.area,
                cmd.angle,
                chart_id=cmd.chart_id,
                appointment_id=cmd.appointment_id,
                marketing_consent=cmd.marketing_consent,
            ),
            uow=uow,
            actor=actor,
            blobs=blobs,
        )
    except ValidationError as err:
        raise ValidationError(_image_errors_to_path(err.field_errors)) from None


def set_photo_marketing_consent(
    cmd: SetPhotoMarketingConsent, *, uow: UnitOfWork, actor: Actor
) -> PhotoInfo:
    """Record whether the client agreed this photo may be used in marketing (audited)."""
    action = Action.PHOTO_SET_MARKETING_CONSENT
    authorize(uow, actor, action, entity=ENTITY, entity_id=cmd.photo_id)
    row = get_photo(uow, cmd.photo_id, actor.org_id)
    authorize_for_client(uow, actor, action, row.client_id)
    values = {"marketing_consent": cmd.granted}
    save_changes(uow, actor, row, values, entity=ENTITY, action=action)
    return photo_info(row)


def delete_photo(photo_id: str, *, uow: UnitOfWork, actor: Actor) -> None:
    """Tombstone the photo: it leaves every gallery on every device once synced."""
    authorize(uow, actor, Action.PHOTO_DELETE, entity=ENTITY, entity_id=photo_id)
    row = get_photo(uow, photo_id, actor.org_id)
    authorize_for_client(uow, actor, Action.PHOTO_DELETE, row.client_id)
    save_changes(uow, actor, row, {"deleted": True}, entity=ENTITY, action=Action.PHOTO_DELETE)


def _tags(area: str, angle: str) -> tuple[str, str]:
    area, angle = tag_spelling(area), tag_spelling(angle)
    problems = {"area": area_problem(area), "angle": angle_problem(angle)}
    errors = {name: text for name, text in problems.items() if text}
    if errors:
        raise ValidationError(errors)
    return area, angle


def _check_links(uow: UnitOfWork, cmd: SavePhoto, org_id: str) -> None:
    """The chart and appointment the photo belongs to, if given, are this client's."""
    errors = {}
    for name, model, row_id in (
        ("chart_id", Chart, cmd.chart_id),
        ("appointment_id", Appointment, cmd.appointment_id),
    ):
        if row_id is None:
            continue
        row: Any = uow.session.get(model, row_id)
        if row is None or row.deleted or (row.org_id, row.client_id) != (org_id, cmd.client_id):
            errors[name] = f"That {name.removesuffix('_id')} is not this client's. Open it again."
    if errors:
        raise ValidationError(errors)


def _record(
    uow: UnitOfWork,
    actor: Actor,
    blobs: BlobStore,
    cmd: SavePhoto,
    prepared: PreparedPhoto,
    *,
    area: str,
    angle: str,
) -> PhotoInfo:
    fields = {
        "client_id": cmd.client_id,
        "chart_id": cmd.chart_id,
        "appointment_id": cmd.appointment_id,
        "blob_sha256": keep_blob(uow, blobs, prepared.image, mime=JPEG_MIME, kind="photo"),
        "thumb_sha256": keep_blob(uow, blobs, prepared.thumbnail, mime=JPEG_MIME, kind="thumbnail"),
        "area": area,
        "angle": angle,
        "taken_at": now(),
        "taken_by": actor.staff_id,
        "marketing_consent": cmd.marketing_consent,
        "width": prepared.width,
        "height": prepared.height,
    }
    row = Photo(org_id=actor.org_id, **fields)
    save_new(uow, actor, row, fields, entity=ENTITY, action=Action.PHOTO_CAPTURE)
    return photo_info(row)


def _read_chosen_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            raise ValidationError({"path": f"The file is larger than {limit} MB."})
        return path.read_bytes()
    except OSError as err:
        reason = err.strerror or "it could not be read"
        raise ValidationError({"path": f"{path.name} could not be opened: {reason}."}) from None


def _image_errors_to_path(errors: dict[str, str]) -> dict[str, str]:
    return {("path" if name == "image_bytes" else name): text for name, text in errors.items()}
