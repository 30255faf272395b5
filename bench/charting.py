"""Photo benchmark: ``python bench/charting.py [--quick]`` -> bench/results/charting.json.

On the demo clinic's real SQLCipher database (two years of history), one client gets 200
photos (2-3.8 megapixel JPEGs made of gradients and noise, so their sizes are those of
camera photos, about 0.23 bytes a pixel) saved through ``save_photo`` by a practitioner
booked with them. Measured, as that practitioner:

- opening the client's gallery: ``gallery()``, i.e. the permission and relationship check,
  reading the 200 rows, decrypting and verifying 200 thumbnails, and the audit entry's
  commit. Goal <= 300 ms (median).
- saving one 12-megapixel photo (4000x3000 JPEG as a phone writes it: EXIF with GPS, XMP,
  a comment): ``save_photo()``, i.e. decode, metadata removal, thumbnail, AES-GCM sealing
  and fsync of both files, the rows, outbox and audit, commit. Goal <= 150 ms (median).
  Each repeat saves a different photo (identical content would be stored once).
  Also reported, without a goal: the same for a photo the camera marked as turned
  (EXIF orientation 6), which must be decoded, turned upright and re-encoded.
"""

from __future__ import annotations

import sys
from pathlib import Path

# NOTE: run as a script, this file's folder comes first on sys.path, and bench/calendar.py
# would then hide the standard library's ``calendar`` (which e-mail parsing imports).
ROOT = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]
sys.path.append(str(ROOT.parent))

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

from PIL import ExifTags, Image, ImageChops  # noqa: E402
from sqlalchemy import select  # noqa: E402

from medspa_desktop.domain.actor import Actor, Role  # noqa: E402
from medspa_desktop.services.demo_clinic import create_demo_clinic  # noqa: E402
from medspa_desktop.services.photo_gallery import gallery  # noqa: E402
from medspa_desktop.services.photo_images import prepare_photo  # noqa: E402
from medspa_desktop.services.photos import SavePhoto, save_photo  # noqa: E402
from medspa_desktop.store import models as m  # noqa: E402
from medspa_desktop.store.database import Store, open_store  # noqa: E402

RESULTS = ROOT / "results" / "charting.json"
GOALS = {"gallery_200_ms": 300.0, "save_12mp_ms": 150.0}
GALLERY_PHOTOS = 200
SIZES = ((1920, 1080), (2048, 1536), (2304, 1728), (2592, 1458))
AREAS = ("face", "forehead", "lips", "underarm", "jawline")
ANGLES = ("front", "left", "right", "left_oblique", "right_oblique")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats = 5 if args.quick else 20
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        _log("building the demo database ...")
        store = open_store(Path(tmp) / "demo", demo=True)
        create_demo_clinic(store, seed=1, years=2)
        actor, client = _cast(store)
        _log(f"saving {GALLERY_PHOTOS} photos for one client ...")
        photo_stats = _fill_gallery(store, actor, client, rng)
        _log("opening the gallery ...")
        opened = _time_gallery(store, actor, client, repeats + 3)
        _log(f"making {repeats + 3} 12-megapixel photos ...")
        upright = [camera_jpeg(4000, 3000, rng) for _ in range(repeats + 3)]
        saves = _time_saves(store, actor, client, upright)
        prepares = _time_prepares(upright)
        turned = [camera_jpeg(4000, 3000, rng, orientation=6) for _ in range(5)]
        turned_saves = _time_saves(store, actor, client, turned)
        store.close()
    out = _results(args.quick, repeats, photo_stats, opened, saves, prepares, turned_saves)
    out["upload_mb"] = round(statistics.mean(len(p) for p in upright) / 1e6, 2)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n")
    print(f"gallery of {GALLERY_PHOTOS} with thumbnails: {out['gallery']['median_ms']:.1f} ms")
    print(f"saving a 12 MP photo: {out['save_12mp']['median_ms']:.1f} ms median")
    print(f"  turned 12 MP photo (re-encoded): {out['save_12mp_turned']['median_ms']:.1f} ms")
    print(json.dumps(out["verdicts"]))


def _log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def _cast(store: Store) -> tuple[Actor, str]:
    """A practitioner and a client they have a (not cancelled) appointment with."""
    org, location = store.local_setting("org_id"), store.local_setting("location_id")
    assert org, "the demo clinic sets the device's organisation"
    with store.uow() as uow:
        row = uow.session.execute(
            select(m.Appointment.staff_id, m.Appointment.client_id)
            .join(m.Staff, m.Staff.id == m.Appointment.staff_id)
            .where(m.Staff.role == "practitioner", m.Appointment.status == "completed")
            .limit(1)
        ).one()
    actor = Actor(row[0], org, Role.PRACTITIONER, store.device_id, location, "Bench practitioner")
    return actor, row[1]


def photo_like(width: int, height: int, rng: random.Random) -> Image.Image:
    """Gradients, soft blotches, detail and sensor grain: compresses like a photo."""
    ramp = Image.linear_gradient("L").rotate(rng.uniform(0, 360)).resize((width, height))
    light = Image.radial_gradient("L").resize((width, height))
    grain = Image.effect_noise((width, height), 24)
    channels = []
    for k in range(3):
        blotch = Image.effect_noise((width // 24 + 1, height // 24 + 1), 40)
        detail = Image.effect_noise((width // 3 + 1, height // 3 + 1), 30)
        blotches = blotch.resize((width, height), Image.Resampling.BICUBIC)
        fine = detail.resize((width, height), Image.Resampling.BILINEAR)
        base = Image.blend(Image.blend(light if k == 1 else ramp, blotches, 0.5), fine, 0.3)
        channels.append(Image.blend(base, ImageChops.offset(grain, 7 * k, 3 * k), 0.2))
    return Image.merge("RGB", channels)


def camera_jpeg(width: int, height: int, rng: random.Random, *, orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: EXIF (make, time, GPS position), XMP and a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Bench Phone"
    exif[ExifTags.Base.DateTime] = "2025:03:01 10:15:00"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.0),
    }
    out = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'
    photo_like(width, height, rng).save(
        out, "JPEG", quality=90, exif=exif, xmp=xmp, comment=b"client photo"
    )
    return out.getvalue()


def _save(store: Store, actor: Actor, client: str, data: bytes, n: int = 0) -> None:
    cmd = SavePhoto(client, data, AREAS[n % len(AREAS)], ANGLES[n // len(AREAS) % len(ANGLES)])
    with store.uow() as uow:
        save_photo(cmd, uow=uow, actor=actor, blobs=store.blobs)


def _fill_gallery(store: Store, actor: Actor, client: str, rng: random.Random) -> dict[str, Any]:
    sizes, pixels = [], []
    for n in range(GALLERY_PHOTOS):
        width, height = SIZES[n % len(SIZES)]
        data = camera_jpeg(width, height, rng)
        sizes.append(len(data))
        pixels.append(width * height)
        _save(store, actor, client, data, n)
    with store.uow() as uow:
        thumbs = uow.session.scalars(select(m.BlobRef.size).where(m.BlobRef.kind == "thumbnail"))
        thumb_sizes = list(thumbs)
    return {
        "count": GALLERY_PHOTOS,
        "megapixels_mean": round(statistics.mean(pixels) / 1e6, 2),
        "photo_mb_mean": round(statistics.mean(sizes) / 1e6, 2),
        "thumbnail_kb_mean": round(statistics.mean(thumb_sizes) / 1e3, 1),
    }


def _timed(runs: int, work: Callable[[int], None]) -> list[float]:
    gc.collect()
    timings = []
    for n in range(runs):
        start = time.perf_counter()
        work(n)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def _time_gallery(store: Store, actor: Actor, client: str, runs: int) -> list[float]:
    def open_gallery(_: int) -> None:
        with store.uow() as uow:
            shown = gallery(client, uow=uow, actor=actor, blobs=store.blobs)
        assert sum(p.thumbnail is not None for p in shown.photos) == GALLERY_PHOTOS

    return _timed(runs, open_gallery)


def _time_saves(store: Store, actor: Actor, client: str, uploads: list[bytes]) -> list[float]:
    return _timed(len(uploads), lambda n: _save(store, actor, client, uploads[n], n))


def _time_prepares(uploads: list[bytes]) -> list[float]:
    def prepare(n: int) -> None:
        prepare_photo(uploads[n])

    return _timed(len(uploads), prepare)


def _stats(timings: list[float], warm_up: int = 3) -> dict[str, float]:
    kept = timings[warm_up:]
    return {
        "median_ms": statistics.median(kept),
        "min_ms": min(kept),
        "max_ms": max(kept),
    }


def _results(
    quick: bool,
    repeats: int,
    photos: dict[str, Any],
    opened: list[float],
    saves: list[float],
    prepares: list[float],
    turned: list[float],
) -> dict[str, Any]:
    gallery_stats, save_stats = _stats(opened), _stats(saves)
    return {
        "generated_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
        "quick": quick,
        "repeats": repeats,
        "goals": GOALS,
        "gallery_photos": photos,
        "gallery": gallery_stats,
        "save_12mp": save_stats,
        "save_12mp_prepare_only": _stats(prepares),
        "save_12mp_turned": _stats(turned, warm_up=1),
        "verdicts": {
            "gallery_200_ms": {
                "median": gallery_stats["median_ms"],
                "met": gallery_stats["median_ms"] <= GOALS["gallery_200_ms"],
            },
            "save_12mp_ms": {
                "median": save_stats["median_ms"],
                "met": save_stats["median_ms"] <= GOALS["save_12mp_ms"],
            },
        },
    }


if __name__ == "__main__":
    main()
