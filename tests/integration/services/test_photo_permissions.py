"""Who may do what with photos, through the services.

Front desk never sees or takes photos. A practitioner works on the photos of clients they
treat or are booked with (Lee is booked with Ada) and may not export or delete; a
practitioner with no booking for the client (Kim) is refused everything. Managers and
owners may do everything for every client, booked or not (Grace has no bookings).
Every refusal raises ``PermissionDenied``, is audited as denied, and changes nothing.
"""

from __future__ import annotations

import pytest

from medspa_desktop.services.appointment_life import ChangeStatus, change_status
from medspa_desktop.services.booking import BookVisit, VisitLeg, book_visit
from medspa_desktop.services.errors import PermissionDenied
from medspa_desktop.services.photo_gallery import (
    ExportPhoto,
    export_photo,
    gallery,
    photo_image,
    previous_photo,
)
from medspa_desktop.services.photos import (
    ImportPhotoFile,
    SavePhoto,
    SetPhotoMarketingConsent,
    delete_photo,
    import_photo_file,
    save_photo,
    set_photo_marketing_consent,
)

from .helpers import audit_entries, mutations
from .photo_samples import jpeg, photo_clinic, save

OPERATIONS = ("capture", "import", "gallery", "image", "ghost", "consent", "export", "delete")
ACTIONS = {
    "capture": "photo.capture",
    "import": "photo.capture",
    "gallery": "photo.view",
    "image": "photo.view",
    "ghost": "photo.view",
    "consent": "photo.set_marketing_consent",
    "export": "photo.export",
    "delete": "photo.delete",
}
CLINICAL_WORK = {"capture", "import", "gallery", "image", "ghost", "consent"}
EVERYTHING = set(OPERATIONS)


def _operate(pc, actor, client_id: str, photo_id: str, operation: str, tmp_path) -> None:
    store, blobs = pc.store, pc.store.blobs
    chosen = tmp_path / "chosen.jpg"
    chosen.write_bytes(jpeg())
    commands = {
        "capture": lambda: save_photo(
            SavePhoto(client_id, jpeg(), "face", "front"), uow=uow, actor=actor, blobs=blobs
        ),
        "import": lambda: import_photo_file(
            ImportPhotoFile(client_id, chosen, "face", "front"), uow=uow, actor=actor, blobs=blobs
        ),
        "gallery": lambda: gallery(client_id, uow=uow, actor=actor, blobs=blobs),
        "image": lambda: photo_image(photo_id, uow=uow, actor=actor, blobs=blobs),
        "ghost": lambda: previous_photo(
            client_id, "face", "front", uow=uow, actor=actor, blobs=blobs
        ),
        "consent": lambda: set_photo_marketing_consent(
            SetPhotoMarketingConsent(photo_id, True), uow=uow, actor=actor
        ),
        "export": lambda: export_photo(
            ExportPhoto(photo_id, tmp_path / "export.jpg"), uow=uow, actor=actor, blobs=blobs
        ),
        "delete": lambda: delete_photo(photo_id, uow=uow, actor=actor),
    }
    with store.uow() as uow:
        commands[operation]()


def _allowed(pc, actor, client_id: str, tmp_path) -> set[str]:
    """The operations ``actor`` may do on a photo of ``client_id`` (made by the owner)."""
    photo_id = save(pc.store, pc.b.clinic.owner, client_id, jpeg()).id
    allowed = set()
    for operation in OPERATIONS:
        try:
            _operate(pc, actor, client_id, photo_id, operation, tmp_path)
            allowed.add(operation)
        except PermissionDenied:
            pass
    return allowed


@pytest.fixture
def pc(clinic):
    return photo_clinic(clinic)


@pytest.mark.parametrize(
    ("who", "whose", "expected"),
    [
        ("desk", "client", set()),
        ("lee", "client", CLINICAL_WORK),
        ("lee", "other_client", set()),
        ("kim", "client", set()),
        ("manager", "other_client", EVERYTHING),
        ("owner", "other_client", EVERYTHING),
    ],
    ids=[
        "front-desk",
        "practitioner-booked",
        "practitioner-other-client",
        "practitioner-not-booked",
        "manager",
        "owner",
    ],
)
def test_photo_permissions_per_role(pc, tmp_path, who, whose, expected):
    b = pc.b
    actor = b.clinic.owner if who == "owner" else getattr(b, who)
    client_id = getattr(b, whose)
    assert _allowed(pc, actor, client_id, tmp_path) == expected
    denied = audit_entries(pc.store, outcome="denied", staff_id=actor.staff_id)
    assert sorted(e.action for e in denied) == sorted(
        ACTIONS[op] for op in OPERATIONS if op not in expected
    )
    assert (tmp_path / "export.jpg").exists() == ("export" in expected)


def test_a_refused_capture_stores_no_file_and_no_row(pc):
    b = pc.b
    for actor, client_id in ((b.desk, b.client), (b.kim, b.client), (b.lee, b.other_client)):
        with pytest.raises(PermissionDenied):
            save(pc.store, actor, client_id, jpeg())
    assert list(pc.store.blobs.shas()) == [] and mutations(pc.store, "create_photo") == []


def test_front_desk_is_told_whom_to_ask_and_a_practitioner_why(pc):
    b = pc.b
    with pytest.raises(PermissionDenied, match="Ask a practitioner, manager or owner"):
        with pc.store.uow() as uow:
            gallery(b.client, uow=uow, actor=b.desk, blobs=pc.store.blobs)
    with pytest.raises(PermissionDenied, match="clients they treat or are booked with"):
        with pc.store.uow() as uow:
            gallery(b.client, uow=uow, actor=b.kim, blobs=pc.store.blobs)


def test_a_practitioner_whose_only_booking_was_cancelled_no_longer_sees_the_photos(pc):
    b = pc.b
    with pc.store.uow() as uow:
        cmd = BookVisit(
            b.other_client, b.clinic.location_id, b.at(11), (VisitLeg(b.botox, b.kim.staff_id),)
        )
        booking = book_visit(cmd, uow=uow, actor=b.desk).appointments[0]
    save(pc.store, b.kim, b.other_client, jpeg())
    with pc.store.uow() as uow:
        change_status(ChangeStatus(booking.id, "cancelled", "Client ill"), uow=uow, actor=b.desk)
    with pytest.raises(PermissionDenied), pc.store.uow() as uow:
        gallery(b.other_client, uow=uow, actor=b.kim, blobs=pc.store.blobs)
