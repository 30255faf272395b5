"""Files sync in chunks: resumable, checked against their SHA-256, encrypted at rest, and
only within the organisation."""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import stat

import pytest
from sqlalchemy import select

from medspa_desktop.sync.protocol import BLOB_CHUNK_BYTES
from medspa_server.blob_key import KEY_FILE, BlobKeyError, load_blob_key
from medspa_server.models import BlobChunk
from medspa_server.settings import Settings

PHOTO = secrets.token_bytes(2 * BLOB_CHUNK_BYTES + 1234)  # three chunks, the last one short
PHOTO_SHA = hashlib.sha256(PHOTO).hexdigest()


def _part(index: int) -> bytes:
    return PHOTO[index * BLOB_CHUNK_BYTES : (index + 1) * BLOB_CHUNK_BYTES]


def _put(device, index: int, content: bytes | None = None, sha: str = PHOTO_SHA):
    return device.http.put(
        f"/v1/blobs/{sha}/chunks/{index}",
        params={"size": len(PHOTO)},
        content=_part(index) if content is None else content,
        headers=device.headers(**{"Content-Type": "application/octet-stream"}),
    )


def test_an_upload_resumes_with_the_missing_chunks_and_downloads_intact(make_clinic):
    clinic = make_clinic()
    tablet, front_desk = clinic.enrol("Tablet"), clinic.enrol("Front desk")
    assert _put(tablet, 0).json()["chunks_received"] == [0]
    assert _put(tablet, 2).json()["complete"] is False

    interrupted = tablet.get(f"/v1/blobs/{PHOTO_SHA}")
    finished = _put(tablet, 1).json()
    downloaded = b"".join(
        front_desk.http.get(
            f"/v1/blobs/{PHOTO_SHA}/chunks/{i}", headers=front_desk.headers()
        ).content
        for i in range(3)
    )

    assert interrupted == {
        "sha256": PHOTO_SHA, "size": len(PHOTO), "chunks_received": [0, 2], "complete": False
    }  # fmt: skip
    assert finished["complete"] is True
    assert downloaded == PHOTO


def test_a_file_that_does_not_match_its_hash_is_discarded(make_clinic):
    device = make_clinic().enrol()
    _put(device, 0)
    _put(device, 1)

    damaged = _put(device, 2, content=b"\0" * len(_part(2)))
    status = device.http.get(f"/v1/blobs/{PHOTO_SHA}", headers=device.headers())

    assert damaged.status_code == 422
    assert "arrived damaged" in damaged.json()["message"]
    assert status.status_code == 404


def test_a_chunk_of_the_wrong_size_is_refused(make_clinic):
    device = make_clinic().enrol()

    reply = _put(device, 0, content=b"short")

    assert reply.status_code == 422
    assert f"should hold {BLOB_CHUNK_BYTES} bytes but 5 arrived" in reply.json()["message"]


def test_files_are_stored_encrypted(make_clinic, database):
    device = make_clinic().enrol()
    for index in range(3):
        _put(device, index)

    with database.read() as session:
        query = select(BlobChunk.ciphertext).where(BlobChunk.org_id == device.org_id)
        sealed = session.scalars(query).all()
    assert len(sealed) == 3
    assert all(_part(0)[:64] not in chunk and _part(2)[:64] not in chunk for chunk in sealed)


def test_another_clinics_file_is_answered_as_missing_and_logged(make_clinic):
    clinic_a, clinic_b = make_clinic("A"), make_clinic("B")
    device_a, device_b = clinic_a.enrol(), clinic_b.enrol()
    for index in range(3):
        _put(device_b, index)

    status = device_a.http.get(f"/v1/blobs/{PHOTO_SHA}", headers=device_a.headers())
    chunk = device_a.http.get(f"/v1/blobs/{PHOTO_SHA}/chunks/0", headers=device_a.headers())
    unknown = device_a.http.get(f"/v1/blobs/{'0' * 64}", headers=device_a.headers())

    assert status.status_code == chunk.status_code == unknown.status_code == 404
    assert status.json() == unknown.json()
    assert [e.outcome for e in clinic_a.access_log()] == ["cross_org_read", "cross_org_read"]


def test_the_key_file_is_private_and_reused(tmp_path):
    settings = Settings(data_dir=tmp_path)

    key = load_blob_key(settings)

    mode = stat.S_IMODE(os.stat(tmp_path / KEY_FILE).st_mode)
    assert mode == 0o600
    assert load_blob_key(settings) == key and len(key) == 32


def test_a_key_from_the_environment_wins_and_a_bad_one_is_explained(tmp_path, monkeypatch):
    key = secrets.token_bytes(32)
    monkeypatch.setenv("MEDSPA_SERVER_BLOB_KEY", base64.urlsafe_b64encode(key).decode())
    assert load_blob_key(Settings(data_dir=tmp_path)) == key
    assert not (tmp_path / KEY_FILE).exists()

    monkeypatch.setenv("MEDSPA_SERVER_BLOB_KEY", "too-short")
    with pytest.raises(BlobKeyError, match="must be 32 bytes"):
        load_blob_key(Settings(data_dir=tmp_path))
