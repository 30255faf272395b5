"""Pieces the photo services share: the result type and finding a photo (their files are
kept by ``blob_catalogue.keep_blob``).

Public API (the thread that owns the unit of work):

- ``PhotoInfo``: a photo's metadata (never its pixels), frozen.
- ``photo_info(row) -> PhotoInfo``.
- ``get_photo(uow, photo_id, org_id) -> Photo``: a live photo or ``NotFound``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from medspa_desktop.services.errors import NotFound
from medspa_desktop.store.models import Photo
from medspa_desktop.store.uow import UnitOfWork

ENTITY = "photo"
JPEG_MIME = "image/jpeg"


@dataclass(frozen=True)
class PhotoInfo:
    id: str
    client_id: str
    area: str
    angle: str
    taken_at: dt.datetime
    taken_by: str | None
    width: int
    height: int
    marketing_consent: bool
    chart_id: str | None = None
    appointment_id: str | None = None


def photo_info(row: Photo) -> PhotoInfo:
    return PhotoInfo(
        id=row.id,
        client_id=row.client_id,
        area=row.area,
        angle=row.angle,
        taken_at=row.taken_at,
        taken_by=row.taken_by,
        width=row.width,
        height=row.height,
        marketing_consent=row.marketing_consent,
        chart_id=row.chart_id,
        appointment_id=row.appointment_id,
    )


def get_photo(uow: UnitOfWork, photo_id: str, org_id: str) -> Photo:
    row = uow.session.get(Photo, photo_id)
    if row is None or row.deleted or row.org_id != org_id:
        raise NotFound("That photo no longer exists. Open the client's photos again.")
    return row
