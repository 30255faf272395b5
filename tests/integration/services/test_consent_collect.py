"""Collecting a consent: the PDF holds the exact signed wording, the signature and the hash;
the hash verifies, and one changed byte of the stored PDF or of the signed wording is caught.

Also the shared set-up of the consent tests (``ConsentClinic``, ``consents`` fixture).

How text is compared after a PDF: pypdf's text of every page is joined, pypdf's reading of
ReportLab's bullet (code 127) is mapped back to "•", and every run of whitespace (line
wrapping, paragraph breaks) becomes one space (``consent_text.normalise``). The wording is
what stands between the PDF's two markers.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from medspa_desktop.domain.consent_record import (
    WORDING_END,
    WORDING_START,
    ConsentDocument,
    content_hash,
    long_date,
)
from medspa_desktop.domain.consent_text import parse_rich_text
from medspa_desktop.domain.signature import Signature, SignaturePoint, signature_json
from medspa_desktop.reports.consent_pdf import CONSENT_PRINTER, render_consent_pdf
from medspa_desktop.services.booking import BookVisit, VisitLeg, book_visit
from medspa_desktop.services.consent_collect import (
    CollectConsent,
    PreviewConsent,
    collect_consent,
    preview_consent,
)
from medspa_desktop.services.consent_templates import (
    CreateConsentTemplate,
    create_consent_template,
)
from medspa_desktop.services.consent_verify import (
    ConsentFileError,
    consent_pdf,
    verify_consent,
)
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.store.models import BlobRef, ServiceItem, SignedConsent

from .helpers import audit_entries, mutations
from .scheduling import Booked, set_up_schedule

BODY = (
    "I, {client_name}, consent to **{service}** with {practitioner} on {date}.\n\n"
    "The risks were explained to me, including:\n"
    "- bruising, swelling or tenderness where the needle went in, which can last a few "
    "days and usually settles without any treatment at all\n"
    "- headache\n\n"
    "I may withdraw this consent at any time."
)
ZONE = ZoneInfo("America/New_York")


@dataclass
class ConsentClinic:
    b: Booked
    template_id: str
    version_id: str
    appointment_id: str

    @property
    def store(self):
        return self.b.clinic.store

    def uow(self):
        return self.store.uow()

    def collect(self, actor=None, *, version_id=None, strokes=None, **changes):
        fields = {
            "client_id": self.b.client,
            "template_version_id": version_id or self.version_id,
            "appointment_id": self.appointment_id,
            "printed_name": "Ada Lovelace",
            "strokes": strokes or signature(),
            "witness_staff_id": self.b.lee.staff_id,
            **changes,
        }
        with self.uow() as uow:
            return collect_consent(
                CollectConsent(**fields),
                uow=uow,
                actor=actor or self.b.lee,
                blobs=self.store.blobs,
                printer=CONSENT_PRINTER,
            )

    def pdf(self, signed_id: str, actor=None) -> bytes:
        with self.uow() as uow:
            return consent_pdf(
                signed_id, uow=uow, actor=actor or self.b.lee, blobs=self.store.blobs
            )

    def verify(self, signed_id: str, actor=None):
        with self.uow() as uow:
            return verify_consent(
                signed_id,
                uow=uow,
                actor=actor or self.b.lee,
                blobs=self.store.blobs,
                printer=CONSENT_PRINTER,
            )

    def signed_row(self, signed_id: str) -> SignedConsent:
        with self.store.session_factory() as session:
            row = session.get(SignedConsent, signed_id)
            assert row is not None
            return row


def signature(pressure: float | None = 0.6) -> Signature:
    """A two-stroke signature across most of a 600 x 200 pad."""
    first = tuple(
        SignaturePoint(40 + 8 * i, 100 + 40 * math.sin(i / 4), 10.0 * i, pressure)
        for i in range(50)
    )
    second = tuple(
        SignaturePoint(450 + 6 * i, 150 - 3 * i, 600 + 10.0 * i, pressure) for i in range(15)
    )
    return Signature(600, 200, (first, second))


def set_up_consents(clinic) -> ConsentClinic:
    b = set_up_schedule(clinic)
    with clinic.store.session_factory() as session:
        category_id = session.get(ServiceItem, b.botox).category_id
    with clinic.store.uow() as uow:
        template = create_consent_template(
            CreateConsentTemplate(
                "neuromodulator", "Neuromodulator consent", BODY, 12, category_id
            ),
            uow=uow,
            actor=b.manager,
        )
    with clinic.store.uow() as uow:
        visit = BookVisit(
            b.client, clinic.location_id, b.at(10), (VisitLeg(b.botox, b.lee.staff_id),)
        )
        appointment_id = book_visit(visit, uow=uow, actor=b.desk).appointments[0].id
    return ConsentClinic(b, template.id, template.current_version_id, appointment_id)


@pytest.fixture
def consents(clinic) -> ConsentClinic:
    return set_up_consents(clinic)


def pdf_text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.replace("\x7f", "•").split())


def wording_of(pdf: bytes) -> str:
    text = pdf_text(pdf)
    return text[text.index(WORDING_START) + len(WORDING_START) : text.rindex(WORDING_END)].strip()


def expected_wording(consents: ConsentClinic) -> str:
    today = long_date(dt.datetime.now(ZONE).date())
    return (
        f"I, Ada Lovelace, consent to Botox with {consents.b.lee.display_name} on {today}. "
        "The risks were explained to me, including: • bruising, swelling or tenderness where "
        "the needle went in, which can last a few days and usually settles without any "
        "treatment at all • headache I may withdraw this consent at any time."
    )


def test_the_pdf_holds_the_exact_signed_wording_and_its_hash_verifies(consents):
    with consents.uow() as uow:
        preview = preview_consent(
            PreviewConsent(consents.b.client, consents.version_id, consents.appointment_id),
            uow=uow,
            actor=consents.b.lee,
        )
    signed = consents.collect()
    pdf = consents.pdf(signed.id)
    assert pdf.startswith(b"%PDF")
    assert wording_of(pdf) == expected_wording(consents) == " ".join(preview.text.split())
    row = consents.signed_row(signed.id)
    recomputed = content_hash(
        wording_of(pdf), row.printed_name, row.signed_at, row.signature_sha256
    )
    assert recomputed == row.content_hash == signed.content_hash
    text = pdf_text(pdf)
    assert text.endswith(f"SHA-256 of content: {signed.content_hash}")
    for shown in ("Neuromodulator consent", "Printed name: Ada Lovelace", "Client: Ada Lovelace"):
        assert shown in text
    assert f"Witness: {consents.b.lee.display_name}" in text
    verdict = consents.verify(signed.id)
    assert verdict.intact and verdict.problems == ()


def test_the_signature_and_pdf_are_stored_encrypted_and_named_by_the_record(consents):
    strokes = signature()
    signed = consents.collect(strokes=strokes)
    blobs = consents.store.blobs
    assert blobs.get(signed.signature_sha256) == signature_json(strokes)
    assert blobs.get(signed.pdf_sha256).startswith(b"%PDF")
    for sha in (signed.signature_sha256, signed.pdf_sha256):
        sealed = blobs.path(sha).read_bytes()
        assert b"%PDF" not in sealed and b"strokes" not in sealed
    with consents.store.session_factory() as session:
        kinds = dict(session.execute(select(BlobRef.sha256, BlobRef.kind)).all())
    assert kinds == {signed.signature_sha256: "signature", signed.pdf_sha256: "pdf"}
    (created,) = mutations(consents.store, "create_signed_consent")
    assert created.entity_id == signed.id
    assert created.fields["content_hash"] == signed.content_hash


def test_flipping_one_byte_of_the_stored_pdf_is_detected(consents):
    signed = consents.collect()
    path = consents.store.blobs.path(signed.pdf_sha256)
    sealed = bytearray(path.read_bytes())
    sealed[len(sealed) // 2] ^= 0x01
    path.write_bytes(bytes(sealed))
    verdict = consents.verify(signed.id)
    assert not verdict.intact
    assert "damaged or was altered" in verdict.problems[0]
    with pytest.raises(ConsentFileError, match="damaged"):
        consents.pdf(signed.id)


def test_changing_one_character_of_the_signed_wording_is_detected(consents):
    signed = consents.collect()
    wording = expected_wording(consents).replace("any time", "any tine")
    forged = render_consent_pdf(
        ConsentDocument(
            clinic_name="Lumen Aesthetics",
            title="Neuromodulator consent",
            version=1,
            client_name="Ada Lovelace",
            wording=parse_rich_text(wording),
            signature=signature(),
            printed_name="Ada Lovelace",
            signed_at_text="today",
            witness_name="",
            content_hash=signed.content_hash,
        )
    )
    with consents.uow() as uow:
        row = uow.session.get(SignedConsent, signed.id)
        row.pdf_sha256 = consents.store.blobs.put(forged)
        uow.commit()
    verdict = consents.verify(signed.id)
    assert not verdict.intact
    assert verdict.problems == (
        "The wording, printed name, signing time or signature no longer match what was signed.",
    )


def test_changing_the_recorded_printed_name_is_detected(consents):
    signed = consents.collect()
    with consents.uow() as uow:
        uow.session.get(SignedConsent, signed.id).printed_name = "Ada Lovelacf"
        uow.commit()
    assert not consents.verify(signed.id).intact


def test_an_empty_pad_cannot_be_submitted_and_nothing_is_stored(consents):
    with pytest.raises(ValidationError) as err:
        consents.collect(strokes=Signature(600, 200, ()))
    assert err.value.field_errors == {"strokes": "Ask the client to sign in the box."}
    tap = Signature(600, 200, ((SignaturePoint(10, 10, 0), SignaturePoint(11, 10, 5)),))
    with pytest.raises(ValidationError, match="too small"):
        consents.collect(strokes=tap)
    with consents.store.session_factory() as session:
        assert session.scalars(select(SignedConsent)).all() == []
    assert list(consents.store.blobs.shas()) == []


def test_the_printed_name_is_required_and_the_witness_must_be_staff(consents):
    with pytest.raises(ValidationError) as err:
        consents.collect(printed_name="  ", witness_staff_id=consents.b.client)
    assert set(err.value.field_errors) == {"printed_name", "witness_staff_id"}


def test_a_practitioner_field_needs_the_appointment(consents):
    with pytest.raises(ValidationError) as err:
        consents.collect(appointment_id=None)
    assert "choose the appointment" in err.value.field_errors["appointment_id"]
    with pytest.raises(ValidationError, match="another client"):
        consents.collect(client_id=consents.b.other_client, printed_name="Grace Hopper")


def test_every_opening_is_audited_without_clinical_text(consents):
    signed = consents.collect()
    consents.pdf(signed.id)
    consents.pdf(signed.id, actor=consents.b.manager)
    consents.verify(signed.id)
    opened = audit_entries(consents.store, action="consent.view", entity_id=signed.id)
    assert [(e.staff_id, e.outcome) for e in opened] == [
        (consents.b.lee.staff_id, "ok"),
        (consents.b.manager.staff_id, "ok"),
        (consents.b.lee.staff_id, "ok"),
    ]
    assert opened[-1].detail == "verified: intact"
    for entry in audit_entries(consents.store):
        assert "Ada" not in entry.detail and "bruising" not in entry.detail
