"""No plaintext image ever reaches the disk: after taking, importing and opening photos,
no file written meanwhile, in the data directory, in the temp directory or anywhere else
this process wrote, is a JPEG, PNG or HEIC file or anything else Pillow decodes as an image.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image

from medspa_desktop.services.photo_gallery import gallery, photo_image, previous_photo
from medspa_desktop.services.photos import ImportPhotoFile, import_photo_file

from .photo_samples import camera_jpeg, jpeg, photo_clinic, png, save

MAGIC_AT_START = (b"\xff\xd8\xff", b"\x89PNG")
HEIC_AT_4 = (b"ftypheic", b"ftypmif1")
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_opened_for_writing: list[set[Path]] = []


def _note_writes(event: str, args: tuple) -> None:
    if not _opened_for_writing:
        return
    written = _opened_for_writing[-1]
    if event == "open" and isinstance(args[0], str | bytes | Path) and (args[2] or 0) & _WRITING:
        written.add(_path(args[0]))
    elif event == "os.rename" and _path(args[0]) in written:
        written.add(_path(args[1]))  # os.replace too: a file written, then moved into place


def _path(name: str | bytes | os.PathLike) -> Path:
    return Path(os.fsdecode(name)).absolute()


sys.addaudithook(_note_writes)  # NOTE: hooks cannot be removed; it is idle between tests


@contextmanager
def files_written() -> Iterator[set[Path]]:
    """The paths this process opens for writing meanwhile (any Python-level open)."""
    written: set[Path] = set()
    _opened_for_writing.append(written)
    try:
        yield written
    finally:
        _opened_for_writing.remove(written)


@contextmanager
def private_temp_dir(folder: Path) -> Iterator[Path]:
    """The system temp directory, as every library here finds it, moved to ``folder``.

    NOTE: the real one is shared with other programs (other people's test runs write
    screenshots there), so it cannot say which files this test made.
    """
    folder.mkdir()
    saved = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"], tempfile.tempdir = str(folder), None
    try:
        assert tempfile.gettempdir() == str(folder)
        yield folder
    finally:
        tempfile.tempdir = saved[1]
        if saved[0] is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved[0]


def plaintext_images(roots: list[Path], since: float, *, skip: set[Path]) -> list[Path]:
    """Files under ``roots`` (folders or files) modified at or after ``since`` that look
    like or decode as an image, except those in ``skip``."""
    found = []
    for root in roots:
        for path in [root] if root.is_file() else _files(root):
            if path not in skip and _written_since(path, since) and _is_image(path):
                found.append(path)
    return found


def _files(folder: Path) -> Iterator[Path]:
    for here, _, files in os.walk(folder, onerror=lambda _: None):
        yield from (Path(here) / name for name in files)


def _written_since(path: Path, since: float) -> bool:
    try:
        return path.lstat().st_mtime >= since and path.is_file() and not path.is_symlink()
    except OSError:
        return False


def _is_image(path: Path) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if data.startswith(MAGIC_AT_START) or data[4:12] in HEIC_AT_4:
        return True
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except Exception:
        return False
    return True


def test_the_scanner_flags_plaintext_images_wherever_this_process_wrote_them(clinic, tmp_path):
    since = time.time() - 1
    data_dir = clinic.store.data_dir
    with private_temp_dir(tmp_path / "tmp") as temp, files_written() as written:
        (data_dir / "leak.bin").write_bytes(jpeg())
        Image.new("RGB", (8, 8)).save(data_dir / "leak2.dat", "BMP")
        (data_dir / "leak3.heic").write_bytes(b"\x00\x00\x00\x18ftypheic" + bytes(64))
        with tempfile.NamedTemporaryFile(delete=False) as cached:
            cached.write(png())
        (tmp_path / "elsewhere").mkdir()
        Image.new("RGB", (8, 8)).save(tmp_path / "elsewhere" / "x.png")
        sealed = clinic.store.blobs.put(jpeg())
    found = {p.name for p in plaintext_images([data_dir, temp, *written], since, skip=set())}
    assert found == {"leak.bin", "leak2.dat", "leak3.heic", Path(cached.name).name, "x.png"}
    assert clinic.store.blobs.path(sealed) in written


def _take_import_and_open(pc, chosen: Path) -> None:
    b, store = pc.b, pc.store
    for data in (camera_jpeg(), camera_jpeg(orientation=6), jpeg(2000, 1500), png()):
        save(store, b.lee, b.client, data)
    save(store, b.lee, b.client, png(transparent=True), "lips", "left")
    with store.uow() as uow:
        cmd = ImportPhotoFile(b.client, chosen, "face", "left")
        imported = import_photo_file(cmd, uow=uow, actor=b.lee, blobs=store.blobs)
    with store.uow() as uow:
        gallery(b.client, uow=uow, actor=b.lee, blobs=store.blobs)
    with store.uow() as uow:
        photo_image(imported.id, uow=uow, actor=b.lee, blobs=store.blobs)
    with store.uow() as uow:
        previous_photo(b.client, "face", "front", uow=uow, actor=b.lee, blobs=store.blobs)


def test_no_plaintext_image_is_written_when_photos_are_taken_imported_and_opened(clinic, tmp_path):
    pc = photo_clinic(clinic)
    chosen = tmp_path / "chosen" / "from-camera.jpg"
    chosen.parent.mkdir()
    chosen.write_bytes(camera_jpeg(1600, 1200))
    since = time.time() - 1
    with private_temp_dir(tmp_path / "tmp") as temp, files_written() as written:
        _take_import_and_open(pc, chosen)
    blobs = pc.store.blobs
    assert len(list(blobs.shas())) == 12  # 6 photos and 6 thumbnails
    assert {blobs.path(sha) for sha in blobs.shas()} <= written  # the hook saw them written
    roots = [pc.store.data_dir, temp, *written]
    assert plaintext_images(roots, since, skip={chosen}) == []
