"""The photo services as calls of ``(uow, actor)`` for ``AppSession.query``/``mutate``.

Each is built on the GUI thread (the blob store is taken from the session there) and run
on the database worker.
"""

from __future__ import annotations

from pathlib import Path

from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.photo_gallery import (
    ExportedPhoto,
    ExportPhoto,
    Gallery,
    GhostPhoto,
    export_photo,
    gallery,
    photo_image,
    previous_photo,
)
from medspa_desktop.services.photos import (
    ImportPhotoFile,
    PhotoInfo,
    SavePhoto,
    SetPhotoMarketingConsent,
    delete_photo,
    import_photo_file,
    save_photo,
    set_photo_marketing_consent,
)
from medspa_desktop.store.blobs import BlobStore
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.ops import OpChanges
from medspa_desktop.ui.session import ServiceCall


def photo_changes(client_id: str) -> OpChanges:
    """A photo changed: only this client's rows, no list any other screen shows."""
    return OpChanges.of(client_id=client_id)


def open_gallery(client_id: str, blobs: BlobStore) -> ServiceCall[Gallery]:
    return lambda uow, actor: gallery(client_id, uow=uow, actor=actor, blobs=blobs)


def open_image(photo_id: str, blobs: BlobStore) -> ServiceCall[bytes]:
    return lambda uow, actor: photo_image(photo_id, uow=uow, actor=actor, blobs=blobs)


def open_ghost(
    client_id: str, area: str, angle: str, blobs: BlobStore
) -> ServiceCall[GhostPhoto | None]:
    def run(uow: UnitOfWork, actor: Actor) -> GhostPhoto | None:
        return previous_photo(client_id, area, angle, uow=uow, actor=actor, blobs=blobs)

    return run


def import_file(command: ImportPhotoFile, blobs: BlobStore) -> ServiceCall[PhotoInfo]:
    return lambda uow, actor: import_photo_file(command, uow=uow, actor=actor, blobs=blobs)


def save_shot(command: SavePhoto, blobs: BlobStore) -> ServiceCall[PhotoInfo]:
    return lambda uow, actor: save_photo(command, uow=uow, actor=actor, blobs=blobs)


def set_consent(photo_id: str, granted: bool) -> ServiceCall[PhotoInfo]:
    command = SetPhotoMarketingConsent(photo_id, granted)
    return lambda uow, actor: set_photo_marketing_consent(command, uow=uow, actor=actor)


def export_to(photo_id: str, destination: Path, blobs: BlobStore) -> ServiceCall[ExportedPhoto]:
    command = ExportPhoto(photo_id, destination)
    return lambda uow, actor: export_photo(command, uow=uow, actor=actor, blobs=blobs)


def delete(photo_id: str) -> ServiceCall[None]:
    return lambda uow, actor: delete_photo(photo_id, uow=uow, actor=actor)
