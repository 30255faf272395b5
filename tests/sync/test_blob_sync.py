"""Photos, signatures and consent PDFs travel between two devices of a clinic through a real
server: after the rows that name them, in resumable chunks, checked against their SHA-256,
and never to another organisation."""

from __future__ import annotations

import io
import os

import httpx
import pytest
from PIL import Image
from sqlalchemy import select

from medspa_desktop.domain.signature import Signature, SignaturePoint
from medspa_desktop.reports.consent_pdf import CONSENT_PRINTER
from medspa_desktop.services.blob_catalogue import FileNotArrived
from medspa_desktop.services.clients import CreateClient, create_client
from medspa_desktop.services.consent_collect import CollectConsent, collect_consent
from medspa_desktop.services.consent_templates import (
    CreateConsentTemplate,
    create_consent_template,
)
from medspa_desktop.services.consent_verify import consent_pdf, verify_consent
from medspa_desktop.services.photo_gallery import gallery, photo_image, previous_photo
from medspa_desktop.services.photos import SavePhoto, save_photo
from medspa_desktop.store.keys import device_token
from medspa_desktop.store.models import BlobRef, Photo
from medspa_desktop.sync.client import SyncClient
from medspa_desktop.sync.engine import sync_once
from medspa_desktop.sync.enrolment import enrol
from medspa_desktop.sync.errors import NotFound
from medspa_desktop.sync.protocol import BLOB_CHUNK_BYTES
from medspa_desktop.sync.push import push_pending
from medspa_desktop.sync.run import SyncRun

from .helpers import actor_on, get

pytestmark = pytest.mark.slow

WORDING = "I, {client_name}, agree that photos of my treatment area are taken and kept."


def _jpeg(width: int = 640, height: int = 480) -> bytes:
    """A photo of random pixels: JPEG cannot compress it, so its size is predictable."""
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(
        out, "JPEG", quality=90
    )
    return out.getvalue()


def _connection(store) -> SyncClient:
    url = store.local_setting("server_url")
    return SyncClient(url, clock=store.clock, token=device_token(store.data_dir, demo=False))


def _push_rows_only(store) -> None:
    """A sync cut off after its push: the rows are on the server, their files are not."""
    with _connection(store) as client:
        push_pending(SyncRun(store, client))


def _call(store, actor, service, *args, **kwargs):
    with store.uow() as uow:
        return service(*args, uow=uow, actor=actor, blobs=store.blobs, **kwargs)


def _new_client(store, actor) -> str:
    with store.uow() as uow:
        return create_client(
            CreateClient(first_name="Ada", last_name="Lovelace"), uow=uow, actor=actor
        ).id


def _take_photo(store, actor, client_id: str, image: bytes) -> Photo:
    info = _call(store, actor, save_photo, SavePhoto(client_id, image, "face", "front"))
    return get(store, Photo, info.id)


def _catalogue(store) -> dict[str, tuple[str, str, int, bool]]:
    with store.session_factory() as session:
        rows = session.scalars(select(BlobRef))
        return {r.sha256: (r.kind, r.mime, r.size, r.uploaded) for r in rows}


@pytest.fixture
def tablet(connected):
    """``(clinic, front_desk, tablet, client_id)``: a client made at the front desk, known on
    the tablet too."""
    clinic, front_desk, tablet = connected
    client_id = _new_client(front_desk, clinic.owner)
    assert sync_once(front_desk).ok and sync_once(tablet).ok
    return clinic, front_desk, tablet, client_id


class Recording(httpx.HTTPTransport):
    """The real transport, noting the path of each file request (``PUT`` or ``GET``)."""

    def __init__(self) -> None:
        super().__init__()
        self.file_requests: list[tuple[str, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/v1/blobs/"):
            self.file_requests.append((request.method, request.url.path))
        return super().handle_request(request)


class CutOff(Recording):
    """The connection drops when chunk ``at`` of any file is about to be sent."""

    def __init__(self, at: int) -> None:
        super().__init__()
        self.at = at

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT" and request.url.path.endswith(f"/chunks/{self.at}"):
            raise httpx.WriteError("connection reset by peer", request=request)
        return super().handle_request(request)


class Tampering(httpx.HTTPTransport):
    """Flips one byte of every file chunk that comes down (a faulty proxy, a bad disk)."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.method != "GET" or "/chunks/" not in request.url.path:
            return response
        content = bytearray(response.read())
        content[len(content) // 2] ^= 0x01
        return httpx.Response(response.status_code, content=bytes(content), request=request)


def test_a_photo_taken_on_the_tablet_appears_byte_identical_on_the_front_desk(tablet):
    clinic, front_desk, tablet_store, client_id = tablet
    practitioner = actor_on(tablet_store, clinic)
    row = _take_photo(tablet_store, practitioner, client_id, _jpeg())
    stages: list[str] = []

    sent = sync_once(tablet_store)
    received = sync_once(front_desk, progress=lambda step: stages.append(step.stage))

    assert sent.ok and sent.warnings == ()
    assert received.ok and received.warnings == ()
    original = _call(tablet_store, practitioner, photo_image, row.id)
    assert _call(front_desk, clinic.owner, photo_image, row.id) == original
    [shown] = _call(front_desk, clinic.owner, gallery, client_id).photos
    assert shown.thumbnail == tablet_store.blobs.get(row.thumb_sha256)
    assert _catalogue(front_desk) == {
        row.thumb_sha256: ("thumbnail", "image/jpeg", len(shown.thumbnail), True),
        row.blob_sha256: ("photo", "image/jpeg", len(original), True),
    }
    assert all(uploaded for *_, uploaded in _catalogue(tablet_store).values())
    assert "files" in stages


def test_files_already_synced_are_not_sent_or_fetched_again(tablet):
    clinic, front_desk, tablet_store, client_id = tablet
    _take_photo(tablet_store, actor_on(tablet_store, clinic), client_id, _jpeg())
    assert sync_once(tablet_store).ok and sync_once(front_desk).ok
    again_up, again_down = Recording(), Recording()

    assert sync_once(tablet_store, transport=again_up).ok
    assert sync_once(front_desk, transport=again_down).ok

    assert again_up.file_requests == again_down.file_requests == []


def test_a_signed_consent_reaches_the_other_device_and_verifies_there(tablet):
    clinic, front_desk, tablet_store, client_id = tablet
    with front_desk.uow() as uow:
        form = create_consent_template(
            CreateConsentTemplate("photos", "Photography consent", WORDING),
            uow=uow,
            actor=clinic.owner,
        )
    assert sync_once(front_desk).ok and sync_once(tablet_store).ok
    signing = CollectConsent(client_id, form.current_version_id, None, "Ada Lovelace", _strokes())
    signed = _call(
        tablet_store,
        actor_on(tablet_store, clinic),
        collect_consent,
        signing,
        printer=CONSENT_PRINTER,
    )
    _push_rows_only(tablet_store)
    assert sync_once(front_desk).warnings == (), "a file not sent yet is no problem"
    with pytest.raises(FileNotArrived, match="still on their way"):
        _call(front_desk, clinic.owner, verify_consent, signed.id, printer=CONSENT_PRINTER)

    assert sync_once(tablet_store).ok and sync_once(front_desk).ok

    verdict = _call(front_desk, clinic.owner, verify_consent, signed.id, printer=CONSENT_PRINTER)
    assert verdict.intact, verdict.problems
    pdf = _call(front_desk, clinic.owner, consent_pdf, signed.id)
    assert pdf == tablet_store.blobs.get(signed.pdf_sha256)
    assert front_desk.blobs.get(signed.signature_sha256) == tablet_store.blobs.get(
        signed.signature_sha256
    )
    kinds = {sha: kind for sha, (kind, *_) in _catalogue(front_desk).items()}
    assert kinds == {signed.signature_sha256: "signature", signed.pdf_sha256: "pdf"}


def test_an_interrupted_upload_resumes_with_only_the_missing_chunks(tablet):
    clinic, front_desk, tablet_store, client_id = tablet
    large = _jpeg(2000, 1500)
    assert 2 * BLOB_CHUNK_BYTES < len(large) < 3 * BLOB_CHUNK_BYTES
    row = _take_photo(tablet_store, actor_on(tablet_store, clinic), client_id, large)
    put = f"/v1/blobs/{row.blob_sha256}/chunks"

    cut = sync_once(tablet_store, transport=CutOff(at=1))
    with _connection(tablet_store) as client:
        interrupted = client.blob_status(row.blob_sha256)
    resumed = Recording()
    finished = sync_once(tablet_store, transport=resumed)

    assert cut.ok and cut.pushed == 1, "the rows synced all the same"
    assert any("not all could be sent" in w for w in cut.warnings)
    assert (interrupted.chunks_received, interrupted.complete) == ([0], False)
    assert finished.ok and finished.warnings == ()
    sent = [path for method, path in resumed.file_requests if method == "PUT"]
    assert sent == [f"{put}/1", f"{put}/2"]
    assert _catalogue(tablet_store)[row.blob_sha256][3] is True
    assert sync_once(front_desk).ok
    assert _call(front_desk, clinic.owner, photo_image, row.id) == large


def test_a_file_that_comes_down_damaged_is_refused_and_fetched_again_later(tablet):
    clinic, front_desk, tablet_store, client_id = tablet
    row = _take_photo(tablet_store, actor_on(tablet_store, clinic), client_id, _jpeg())
    assert sync_once(tablet_store).ok

    damaged = sync_once(front_desk, transport=Tampering())

    assert damaged.ok, "rows synced; only the files were refused"
    assert any("did not match their fingerprint" in w for w in damaged.warnings)
    for sha in (row.blob_sha256, row.thumb_sha256):
        assert not front_desk.blobs.exists(sha)
    assert _catalogue(front_desk) == {}
    assert sync_once(front_desk).warnings == ()
    assert front_desk.blobs.get(row.blob_sha256) == tablet_store.blobs.get(row.blob_sha256)


def test_a_photo_whose_file_has_not_arrived_is_listed_without_thumbnail_and_says_so(tablet):
    clinic, front_desk, tablet_store, client_id = tablet
    row = _take_photo(tablet_store, actor_on(tablet_store, clinic), client_id, _jpeg())
    _push_rows_only(tablet_store)

    early = sync_once(front_desk)

    assert early.ok and early.warnings == ()
    [listed] = _call(front_desk, clinic.owner, gallery, client_id).photos
    assert (listed.photo.id, listed.thumbnail) == (row.id, None)
    with pytest.raises(FileNotArrived, match="still on its way from the server"):
        _call(front_desk, clinic.owner, photo_image, row.id)
    ghost = _call(front_desk, clinic.owner, previous_photo, client_id, "face", "front")
    assert ghost is None, "the camera opens without a ghost rather than failing"
    assert sync_once(tablet_store).ok and sync_once(front_desk).ok
    [arrived] = _call(front_desk, clinic.owner, gallery, client_id).photos
    assert arrived.thumbnail == tablet_store.blobs.get(row.thumb_sha256)


def test_a_device_of_another_organisation_cannot_fetch_the_clinics_files(
    tablet, sync_server, new_device
):
    clinic, _front_desk, tablet_store, client_id = tablet
    row = _take_photo(tablet_store, actor_on(tablet_store, clinic), client_id, _jpeg())
    assert sync_once(tablet_store).ok
    other_org = sync_server.create_org("Another clinic")
    stranger = new_device("stranger")
    enrol(stranger, sync_server.url, sync_server.enrol_code(other_org), "Their front desk")

    with _connection(stranger) as client, pytest.raises(NotFound):
        client.blob_status(row.blob_sha256)
    with _connection(stranger) as client, pytest.raises(NotFound):
        client.blob_chunk(row.blob_sha256, 0)
    assert sync_once(stranger).ok
    assert not stranger.blobs.exists(row.blob_sha256)


def _strokes() -> Signature:
    stroke = tuple(SignaturePoint(40 + 8 * i, 100 + (i % 7) * 5, 10.0 * i, 0.6) for i in range(50))
    return Signature(600, 200, (stroke,))
