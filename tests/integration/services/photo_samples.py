"""Photos made in memory with Pillow, and a clinic where practitioner Lee is booked with Ada.

Cast (from ``scheduling.set_up_schedule``): Lee is booked with Ada (``client``) a week
ahead; Kim and Ray have no appointment with anyone; nobody is booked with Grace
(``other_client``). ``desk`` is front desk, ``manager`` a manager, ``clinic.owner`` the owner.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from PIL import ExifTags, Image

from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.booking import BookVisit, VisitLeg, book_visit
from medspa_desktop.services.photos import SavePhoto, save_photo
from medspa_desktop.store.database import Store

from .scheduling import Booked, set_up_schedule

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="51,30.0N"/></rdf:RDF></x:xmpmeta>'
)
COMMENT = b"Ada Lovelace, left cheek"
TRAILER = b"SAMSUNG-TRAILER-GPS-51.5N"


def picture(width: int = 640, height: int = 480, *, seed: int = 0) -> Image.Image:
    """A photo-like RGB image: gradients with noise (Pillow's noise is random each call)."""
    rng = random.Random(seed)
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 20 + rng.randint(0, 40))
    tint = Image.new("L", (width, height), rng.randint(0, 255))
    return Image.merge("RGB", (gradient, noise, Image.blend(tint, noise, 0.5)))


def jpeg(width: int = 640, height: int = 480, *, seed: int = 0) -> bytes:
    out = io.BytesIO()
    picture(width, height, seed=seed).save(out, "JPEG", quality=90)
    return out.getvalue()


def camera_jpeg(
    width: int = 640, height: int = 480, *, orientation: int = 1, seed: int = 0
) -> bytes:
    """A JPEG as a phone writes it: EXIF with make, time and GPS position, XMP with the
    position again, a comment naming the client, and a maker's trailer after the image."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Acme Phones"
    exif[ExifTags.Base.DateTime] = "2025:03:01 10:15:00"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (0.0, 7.0, 40.0),
    }
    out = io.BytesIO()
    image = picture(width, height, seed=seed)
    image.save(out, "JPEG", quality=90, exif=exif, xmp=XMP, comment=COMMENT)
    return out.getvalue() + TRAILER


def png(width: int = 320, height: int = 200, *, transparent: bool = False, seed: int = 0) -> bytes:
    image = picture(width, height, seed=seed).convert("RGBA")
    if transparent:
        image.putalpha(0)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=None)
    return out.getvalue()


def save(
    store: Store, actor: Actor, client_id: str, data: bytes, area="face", angle="front", **extra
):
    with store.uow() as uow:
        cmd = SavePhoto(client_id, data, area, angle, **extra)
        return save_photo(cmd, uow=uow, actor=actor, blobs=store.blobs)


@dataclass
class PhotoClinic:
    b: Booked
    appointment_id: str

    @property
    def store(self) -> Store:
        return self.b.clinic.store  # type: ignore[attr-defined]


def photo_clinic(clinic) -> PhotoClinic:
    """``set_up_schedule`` plus Lee's Botox appointment with Ada."""
    b = set_up_schedule(clinic)
    with clinic.store.uow() as uow:
        cmd = BookVisit(
            b.client, clinic.location_id, b.at(10), (VisitLeg(b.botox, b.lee.staff_id),)
        )
        booked = book_visit(cmd, uow=uow, actor=b.desk)
    return PhotoClinic(b, booked.appointments[0].id)
