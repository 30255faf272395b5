"""Encrypted, content-addressed blob store (photos, signatures, PDFs)."""

from __future__ import annotations

import hashlib
import secrets

import pytest

from medspa_desktop.store.blobs import BlobCorruptError, BlobMissingError, BlobStore

PHOTO = b"\x89PNG\r\n" + b"Before photo of Olivia Smith, left cheek. " * 200


@pytest.fixture
def blobs(store):
    return store.blobs


def test_a_blob_comes_back_exactly_and_is_named_by_its_sha256(blobs):
    sha = blobs.put(PHOTO)

    assert sha == hashlib.sha256(PHOTO).hexdigest()
    assert blobs.get(sha) == PHOTO
    assert blobs.exists(sha)
    assert blobs.path(sha) == blobs.root / sha[:2] / sha[2:4] / sha


def test_the_store_keeps_blobs_in_the_data_directory_under_a_derived_key(store):
    sha = store.blobs.put(PHOTO)

    assert store.blobs.root == store.data_dir / "blobs"
    with pytest.raises(BlobCorruptError):
        BlobStore(store.blobs.root, store.db_key).get(sha)
    assert BlobStore(store.blobs.root, store.derived_key("blobs")).get(sha) == PHOTO


def test_the_file_on_disk_holds_no_plaintext(blobs):
    sha = blobs.put(PHOTO)

    on_disk = blobs.path(sha).read_bytes()
    assert b"Olivia" not in on_disk and b"PNG" not in on_disk
    assert len(on_disk) == len(PHOTO) + 4 + 12 + 16  # magic, nonce, GCM tag
    leftovers = [p for p in blobs.root.rglob("*") if p.is_file() and p.name != sha]
    assert leftovers == [], "no temp files may stay behind"


def test_identical_content_is_stored_once(blobs):
    first, second = blobs.put(PHOTO), blobs.put(PHOTO)

    assert first == second
    assert list(blobs.shas()) == [first]


def test_each_file_gets_its_own_nonce(store):
    other = BlobStore(store.data_dir / "other-blobs", store.derived_key("blobs"))
    sha = store.blobs.put(PHOTO)
    other.put(PHOTO)

    assert store.blobs.path(sha).read_bytes() != other.path(sha).read_bytes()


def test_a_changed_byte_is_detected(blobs):
    sha = blobs.put(PHOTO)
    path = blobs.path(sha)
    damaged = bytearray(path.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01
    path.write_bytes(bytes(damaged))

    with pytest.raises(BlobCorruptError, match="damaged or was altered"):
        blobs.get(sha)


def test_a_file_swapped_for_another_blob_is_detected(blobs):
    photo, signature = blobs.put(PHOTO), blobs.put(b"signature strokes")
    blobs.path(photo).write_bytes(blobs.path(signature).read_bytes())

    with pytest.raises(BlobCorruptError):
        blobs.get(photo)


def test_a_missing_blob_says_what_to_do(blobs):
    with pytest.raises(BlobMissingError, match="Restore the data folder"):
        blobs.get(hashlib.sha256(b"never stored").hexdigest())


def test_delete_removes_the_file(blobs):
    sha = blobs.put(PHOTO)

    blobs.delete(sha)

    assert not blobs.exists(sha)
    assert list(blobs.shas()) == []


def test_an_encrypted_file_is_accepted_only_if_it_decrypts(store, tmp_path):
    sha = store.blobs.put(PHOTO)
    copy = BlobStore(tmp_path / "copy", store.derived_key("blobs"))

    copy.put_sealed(sha, store.blobs.sealed(sha))
    assert copy.get(sha) == PHOTO
    forged = BlobStore(tmp_path / "x", secrets.token_bytes(32))
    with pytest.raises(BlobCorruptError):
        copy.put_sealed(sha, forged.sealed(forged.put(PHOTO)))


def test_names_that_are_not_a_sha256_are_refused(blobs):
    with pytest.raises(ValueError, match="Not a blob id"):
        blobs.get("../../clinic.db")
