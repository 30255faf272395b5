"""Clinical photos: stored encrypted with a thumbnail, free of metadata, tagged, listed
newest first, compared with the previous one, consented, exported and deleted."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from medspa_desktop.services.errors import NotFound, ValidationError
from medspa_desktop.services.photo_gallery import (
    ExportPhoto,
    export_photo,
    gallery,
    photo_image,
    previous_photo,
)
from medspa_desktop.services.photo_images import prepare_photo
from medspa_desktop.services.photos import (
    ImportPhotoFile,
    SetPhotoMarketingConsent,
    delete_photo,
    import_photo_file,
    set_photo_marketing_consent,
)
from medspa_desktop.store.blobs import MAGIC
from medspa_desktop.store.models import BlobRef, Photo

from .helpers import audit_entries, mutations
from .photo_samples import (
    COMMENT,
    TRAILER,
    XMP,
    camera_jpeg,
    jpeg,
    photo_clinic,
    picture,
    png,
    save,
)


@pytest.fixture
def pc(clinic):
    return photo_clinic(clinic)


def _call(pc, actor, service, *args, **kwargs):
    with pc.store.uow() as uow:
        return service(*args, uow=uow, actor=actor, **kwargs)


def _stored(pc, sha: str) -> bytes:
    return pc.store.blobs.get(sha)


def _row(pc, photo_id: str) -> Photo:
    with pc.store.session_factory() as s:
        return s.get(Photo, photo_id)


def test_a_photo_is_sealed_in_the_blob_store_with_its_thumbnail_and_catalogued(pc):
    b = pc.b
    info = save(pc.store, b.lee, b.client, jpeg(1200, 900), "Left cheek", "Left oblique")
    assert (info.area, info.angle, info.width, info.height) == (
        "left_cheek",
        "left_oblique",
        1200,
        900,
    )
    row = _row(pc, info.id)
    for sha in (row.blob_sha256, row.thumb_sha256):
        assert pc.store.blobs.path(sha).read_bytes().startswith(MAGIC)
    thumb = Image.open(io.BytesIO(_stored(pc, row.thumb_sha256)))
    assert thumb.format == "JPEG" and max(thumb.size) == 320
    with pc.store.session_factory() as s:
        kinds = {r.sha256: r.kind for r in s.scalars(select(BlobRef))}
    assert kinds == {row.blob_sha256: "photo", row.thumb_sha256: "thumbnail"}
    assert [m.entity_id for m in mutations(pc.store, "create_photo")] == [info.id]
    assert audit_entries(pc.store, action="photo.capture", entity_id=info.id)[0].outcome == "ok"


def test_gps_exif_xmp_comment_and_trailer_are_stripped_and_an_upright_jpeg_keeps_its_pixels(pc):
    b = pc.b
    original = camera_jpeg(800, 600)
    info = save(pc.store, b.lee, b.client, original)
    stored = _stored(pc, _row(pc, info.id).blob_sha256)
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif() and "exif" not in image.info and "xmp" not in image.info
    for secret in (b"Exif", b"Acme", b"GPS", XMP[:20], COMMENT, TRAILER):
        assert secret not in stored
    assert image.tobytes() == Image.open(io.BytesIO(original)).tobytes()  # lossless


def test_a_photo_the_camera_marked_as_turned_is_stored_upright_without_metadata(pc):
    b = pc.b
    info = save(pc.store, b.lee, b.client, camera_jpeg(800, 600, orientation=6))
    stored = _stored(pc, _row(pc, info.id).blob_sha256)
    image = Image.open(io.BytesIO(stored))
    assert image.size == (600, 800) == (info.width, info.height)
    assert not image.getexif() and COMMENT not in stored and b"Acme" not in stored


def test_a_png_is_kept_as_jpeg_with_a_transparent_background_made_white(pc):
    b = pc.b
    info = save(pc.store, b.lee, b.client, png(400, 300, transparent=True))
    image = Image.open(io.BytesIO(_stored(pc, _row(pc, info.id).blob_sha256)))
    assert image.format == "JPEG" and image.getpixel((10, 10)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"Treatment notes, not a photo", "not a photo the app can read"),
        (jpeg()[:4000], "damaged or incomplete"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(200), "HEIC"),
        (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n", "not a photo"),
        (b"", "not a photo"),
    ],
    ids=["text", "truncated-jpeg", "heic", "eps", "empty"],
)
def test_what_is_not_a_readable_photo_is_refused_and_nothing_is_stored(pc, data, says):
    b = pc.b
    with pytest.raises(ValidationError) as refused:
        save(pc.store, b.lee, b.client, data)
    assert says in refused.value.field_errors["image_bytes"]
    assert list(pc.store.blobs.shas()) == []
    assert mutations(pc.store, "create_photo") == []


def test_area_is_required_and_angle_comes_from_the_list(pc):
    b = pc.b
    with pytest.raises(ValidationError) as refused:
        save(pc.store, b.lee, b.client, jpeg(), area="  ", angle="upside down")
    assert set(refused.value.field_errors) == {"area", "angle"}


def test_a_chart_or_appointment_of_another_client_is_refused(pc):
    b = pc.b
    with pytest.raises(ValidationError) as refused:
        save(pc.store, b.manager, b.other_client, jpeg(), appointment_id=pc.appointment_id)
    assert "appointment_id" in refused.value.field_errors
    linked = save(pc.store, b.lee, b.client, jpeg(), appointment_id=pc.appointment_id)
    assert linked.appointment_id == pc.appointment_id


def test_the_gallery_is_newest_first_and_filters_by_area_and_angle(pc):
    b = pc.b
    first = save(pc.store, b.lee, b.client, jpeg(seed=1), "lips", "front")
    second = save(pc.store, b.lee, b.client, jpeg(seed=2), "forehead", "front")
    third = save(pc.store, b.lee, b.client, jpeg(seed=3), "lips", "left")
    shown = _call(pc, b.lee, gallery, b.client, blobs=pc.store.blobs)
    assert [p.photo.id for p in shown.photos] == [third.id, second.id, first.id]
    assert all(Image.open(io.BytesIO(p.thumbnail)).size for p in shown.photos)
    lips = _call(pc, b.lee, gallery, b.client, blobs=pc.store.blobs, area="Lips")
    assert [p.photo.id for p in lips.photos] == [third.id, first.id]
    front_lips = _call(
        pc, b.lee, gallery, b.client, blobs=pc.store.blobs, area="lips", angle="front"
    )
    assert [p.photo.id for p in front_lips.photos] == [first.id]


def test_the_ghost_overlay_is_the_newest_photo_of_the_same_area_and_angle(pc):
    b = pc.b
    save(pc.store, b.lee, b.client, jpeg(seed=1), "lips", "front")
    newer = save(pc.store, b.lee, b.client, jpeg(seed=2), "lips", "front")
    save(pc.store, b.lee, b.client, jpeg(seed=3), "lips", "left")
    ghost = _call(pc, b.lee, previous_photo, b.client, "lips", "front", blobs=pc.store.blobs)
    assert ghost.photo.id == newer.id
    assert ghost.image == _stored(pc, _row(pc, newer.id).blob_sha256)
    assert _call(pc, b.lee, previous_photo, b.client, "chin", "front", blobs=pc.store.blobs) is None


def test_every_opening_is_audited_once(pc):
    b = pc.b
    photos = [save(pc.store, b.lee, b.client, jpeg(seed=n)) for n in range(3)]
    _call(pc, b.lee, gallery, b.client, blobs=pc.store.blobs)
    _call(pc, b.lee, photo_image, photos[0].id, blobs=pc.store.blobs)
    _call(pc, b.lee, previous_photo, b.client, "face", "front", blobs=pc.store.blobs)
    views = audit_entries(pc.store, action="photo.view")
    assert [(e.entity, e.entity_id, e.detail) for e in views] == [
        ("client", b.client, "gallery, 3 photos"),
        ("photo", photos[0].id, "full photo"),
        ("photo", photos[2].id, "ghost overlay"),
    ]
    assert all(e.staff_id == b.lee.staff_id and e.outcome == "ok" for e in views)


def test_export_writes_the_clean_photo_only_where_chosen_and_is_audited(pc, tmp_path):
    b = pc.b
    info = save(pc.store, b.lee, b.client, camera_jpeg())
    target = tmp_path / "chosen" / "before.jpg"
    target.parent.mkdir()
    done = _call(pc, b.manager, export_photo, ExportPhoto(info.id, target), blobs=pc.store.blobs)
    assert target.read_bytes() == _stored(pc, _row(pc, info.id).blob_sha256)
    assert done.size == target.stat().st_size and COMMENT not in target.read_bytes()
    [entry] = audit_entries(pc.store, action="photo.export")
    assert (entry.entity_id, entry.outcome, entry.staff_id) == (info.id, "ok", b.manager.staff_id)


def test_an_export_that_cannot_be_written_is_refused_and_audited_as_failed(pc, tmp_path):
    b = pc.b
    info = save(pc.store, b.lee, b.client, jpeg())
    target = tmp_path / "missing-folder" / "before.jpg"
    with pytest.raises(ValidationError) as refused:
        _call(pc, b.manager, export_photo, ExportPhoto(info.id, target), blobs=pc.store.blobs)
    assert "destination" in refused.value.field_errors and not target.exists()
    assert [e.outcome for e in audit_entries(pc.store, action="photo.export")] == ["failed"]


def test_marketing_consent_is_recorded_per_photo(pc):
    b = pc.b
    info = save(pc.store, b.lee, b.client, jpeg())
    changed = _call(pc, b.lee, set_photo_marketing_consent, SetPhotoMarketingConsent(info.id, True))
    assert changed.marketing_consent and _row(pc, info.id).marketing_consent
    [mutation] = mutations(pc.store, "update_photo_fields")
    assert mutation.fields == {"marketing_consent": True}
    [entry] = audit_entries(pc.store, action="photo.set_marketing_consent")
    assert entry.detail == "changed: marketing_consent"


def test_a_deleted_photo_leaves_the_gallery_as_a_tombstone_and_its_file_stays(pc):
    b = pc.b
    kept = save(pc.store, b.lee, b.client, jpeg(seed=1))
    gone = save(pc.store, b.lee, b.client, jpeg(seed=2))
    _call(pc, b.manager, delete_photo, gone.id)
    shown = _call(pc, b.lee, gallery, b.client, blobs=pc.store.blobs)
    assert [p.photo.id for p in shown.photos] == [kept.id]
    assert _row(pc, gone.id).deleted and pc.store.blobs.exists(_row(pc, gone.id).blob_sha256)
    with pytest.raises(NotFound):
        _call(pc, b.manager, photo_image, gone.id, blobs=pc.store.blobs)


def test_a_photo_whose_file_has_not_synced_yet_shows_without_thumbnail_and_says_so(pc):
    b = pc.b
    info = save(pc.store, b.lee, b.client, jpeg())
    row = _row(pc, info.id)
    pc.store.blobs.delete(row.thumb_sha256)
    pc.store.blobs.delete(row.blob_sha256)
    [shown] = _call(pc, b.lee, gallery, b.client, blobs=pc.store.blobs).photos
    assert shown.thumbnail is None
    with pytest.raises(NotFound, match="next sync"):
        _call(pc, b.lee, photo_image, info.id, blobs=pc.store.blobs)


def test_an_imported_file_is_read_where_it_is_and_a_bad_file_is_named(pc, tmp_path):
    b = pc.b
    chosen = tmp_path / "from-camera.jpg"
    original = camera_jpeg()
    chosen.write_bytes(original)
    info = _call(
        pc,
        b.lee,
        import_photo_file,
        ImportPhotoFile(b.client, chosen, "face", "front"),
        blobs=pc.store.blobs,
    )
    assert chosen.read_bytes() == original and _row(pc, info.id).width == 640
    (tmp_path / "notes.txt").write_text("not a photo")
    for path in (tmp_path / "notes.txt", tmp_path / "nowhere.jpg"):
        with pytest.raises(ValidationError) as refused:
            _call(
                pc,
                b.lee,
                import_photo_file,
                ImportPhotoFile(b.client, path, "face", "front"),
                blobs=pc.store.blobs,
            )
        assert set(refused.value.field_errors) == {"path"}


@pytest.mark.parametrize(
    "options",
    [{}, {"progressive": True}, {"restart_marker_blocks": 4}, {"optimize": True}],
    ids=["baseline", "progressive", "restart-markers", "optimized"],
)
def test_every_kind_of_upright_jpeg_keeps_its_pixels_and_loses_its_metadata(options):
    out = io.BytesIO()
    picture().save(out, "JPEG", quality=90, comment=COMMENT, xmp=XMP, **options)
    prepared = prepare_photo(out.getvalue())
    assert COMMENT not in prepared.image and XMP[:20] not in prepared.image
    stored, original = (Image.open(io.BytesIO(d)) for d in (prepared.image, out.getvalue()))
    assert stored.tobytes() == original.tobytes()


def test_a_multi_picture_file_keeps_only_its_first_picture():
    out = io.BytesIO()
    first = picture()
    first.save(out, "MPO", save_all=True, append_images=[picture()], quality=90)
    prepared = prepare_photo(out.getvalue())
    stored = Image.open(io.BytesIO(prepared.image))
    assert stored.format == "JPEG" and getattr(stored, "n_frames", 1) == 1
    assert len(prepared.image) < len(out.getvalue()) / 1.5
