"""A record that synced before its file (photo, signature, consent PDF) did: the screens
say the file is on its way instead of failing, and a damaged file is still called damaged.

The device that received only the record is played by removing the files (and their
catalogue rows) a service just stored, which leaves this device exactly as a pull does.
"""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from medspa_desktop.services.blob_catalogue import FileNotArrived
from medspa_desktop.services.consent_verify import ConsentFileError
from medspa_desktop.services.photo_gallery import (
    ExportPhoto,
    export_photo,
    gallery,
    photo_image,
    previous_photo,
)
from medspa_desktop.store.models import BlobRef, Photo

from .helpers import audit_entries
from .photo_samples import jpeg, photo_clinic, save
from .test_consent_collect import set_up_consents


def _files_not_here_yet(store, *shas: str) -> None:
    for sha in shas:
        store.blobs.delete(sha)
    with store.uow() as uow:
        uow.session.execute(delete(BlobRef).where(BlobRef.sha256.in_(shas)))
        uow.commit()


def _call(store, actor, service, *args, **kwargs):
    with store.uow() as uow:
        return service(*args, uow=uow, actor=actor, blobs=store.blobs, **kwargs)


def test_a_photo_on_its_way_is_listed_without_thumbnail_and_opening_it_says_so(clinic, tmp_path):
    pc = photo_clinic(clinic)
    b, store = pc.b, pc.store
    arrived = save(store, b.lee, b.client, jpeg(seed=1))
    on_its_way = _photo(store, save(store, b.lee, b.client, jpeg(seed=2)).id)
    _files_not_here_yet(store, on_its_way.blob_sha256, on_its_way.thumb_sha256)

    shown = _call(store, b.lee, gallery, b.client).photos

    assert [(p.photo.id, p.thumbnail is None) for p in shown] == [
        (on_its_way.id, True),
        (arrived.id, False),
    ]
    with pytest.raises(FileNotArrived, match="still on its way from the server"):
        _call(store, b.lee, photo_image, on_its_way.id)
    assert _call(store, b.lee, previous_photo, b.client, "face", "front") is None
    target = tmp_path / "before.jpg"
    with pytest.raises(FileNotArrived):
        _call(store, b.manager, export_photo, ExportPhoto(on_its_way.id, target))
    assert not target.exists()
    expected = store.blobs.get(_photo(store, arrived.id).blob_sha256)
    assert _call(store, b.lee, photo_image, arrived.id) == expected


def test_a_signed_consent_on_its_way_says_so_and_is_not_called_altered(clinic):
    consents = set_up_consents(clinic)
    signed = consents.collect()
    _files_not_here_yet(consents.store, signed.pdf_sha256, signed.signature_sha256)

    with pytest.raises(FileNotArrived, match="PDF is still on its way"):
        consents.pdf(signed.id)
    with pytest.raises(FileNotArrived, match="cannot be verified yet"):
        consents.verify(signed.id)

    opened = audit_entries(consents.store, entity_id=signed.id, action="consent.view")
    assert [(e.outcome, e.detail) for e in opened[-2:]] == [
        ("failed", "pdf: not on this device yet"),
        ("failed", "verify: files not on this device yet"),
    ]


def test_a_damaged_consent_pdf_is_still_reported_as_damaged(clinic):
    consents = set_up_consents(clinic)
    signed = consents.collect()
    path = consents.store.blobs.path(signed.pdf_sha256)
    path.write_bytes(path.read_bytes()[:-1] + b"\0")

    with pytest.raises(ConsentFileError, match="damaged"):
        consents.pdf(signed.id)
    assert not consents.verify(signed.id).intact


def _photo(store, photo_id: str) -> Photo:
    with store.session_factory() as session:
        return session.get(Photo, photo_id)
