"""Opening a signed consent's PDF and proving it unchanged. Every opening is audited.

Public API (off the GUI thread; practitioner, manager or owner: ``CONSENT_VIEW``):

- ``consent_pdf(signed_consent_id, *, uow, actor, blobs) -> bytes``: the PDF as signed.
- ``verify_consent(signed_consent_id, *, uow, actor, blobs, printer) -> ConsentVerification``:
  ``intact`` only when the PDF and the signature decrypt and match their SHA-256 (the blob
  store checks both), the wording read back from the PDF together with the stored printed
  name, signing time and signature hash gives the stored ``content_hash`` again, and the
  PDF prints that same hash. ``problems`` says what failed, in words staff can act on.
- Both raise ``blob_catalogue.FileNotArrived`` (audited) while the PDF or signature has not
  reached this device (files sync after the records that name them): not a verdict.

Neither function puts clinical text in the audit log or in log lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.consent_record import (
    ConsentPrinter,
    content_hash,
    hash_line,
    wording_in,
)
from medspa_desktop.domain.consent_text import normalise
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.blob_catalogue import FileNotArrived, open_blob
from medspa_desktop.services.consent_rows import get_signed
from medspa_desktop.services.errors import ServiceError
from medspa_desktop.store.blobs import BlobStore
from medspa_desktop.store.errors import StoreError
from medspa_desktop.store.models import SignedConsent
from medspa_desktop.store.uow import UnitOfWork

ENTITY = "signed_consent"
PDF_NOT_ARRIVED = (
    "This signed consent's PDF is still on its way from the server; it appears after the "
    "next sync (once the device it was signed on has synced too)."
)
FILES_NOT_ARRIVED = (
    "This signed consent's PDF and signature are still on their way from the server, so it "
    "cannot be verified yet. Verify it after the next sync (once the device it was signed "
    "on has synced too)."
)


@dataclass(frozen=True)
class ConsentVerification:
    signed_consent_id: str
    intact: bool
    problems: tuple[str, ...]
    content_hash: str


class ConsentFileError(ServiceError):
    """The stored PDF or signature is missing or damaged (already audited)."""


def consent_pdf(
    signed_consent_id: str, *, uow: UnitOfWork, actor: Actor, blobs: BlobStore
) -> bytes:
    authorize(uow, actor, Action.CONSENT_VIEW, entity=ENTITY, entity_id=signed_consent_id)
    signed = get_signed(uow, signed_consent_id, actor.org_id)
    try:
        pdf = open_blob(blobs, signed.pdf_sha256, not_arrived=PDF_NOT_ARRIVED)
    except FileNotArrived:
        _audit(uow, actor, signed, "failed", "pdf: not on this device yet")
        raise
    except StoreError as err:
        _audit(uow, actor, signed, "failed", "pdf: unreadable")
        raise ConsentFileError(str(err)) from err
    _audit(uow, actor, signed, "ok", "pdf opened")
    return pdf


def verify_consent(
    signed_consent_id: str,
    *,
    uow: UnitOfWork,
    actor: Actor,
    blobs: BlobStore,
    printer: ConsentPrinter,
) -> ConsentVerification:
    authorize(uow, actor, Action.CONSENT_VIEW, entity=ENTITY, entity_id=signed_consent_id)
    signed = get_signed(uow, signed_consent_id, actor.org_id)
    if not all(blobs.exists(sha) for sha in (signed.pdf_sha256, signed.signature_sha256)):
        _audit(uow, actor, signed, "failed", "verify: files not on this device yet")
        raise FileNotArrived(FILES_NOT_ARRIVED)
    pdf, problems = _stored_files(signed, blobs)
    if pdf is not None:
        problems += _content_problems(signed, printer, pdf)
    verdict = "verified: intact" if not problems else "verified: altered or damaged"
    _audit(uow, actor, signed, "ok", verdict)
    return ConsentVerification(signed.id, not problems, tuple(problems), signed.content_hash)


def _stored_files(signed: SignedConsent, blobs: BlobStore) -> tuple[bytes | None, list[str]]:
    """The PDF (``None`` when unusable) and what is wrong with the stored files."""
    pdf, problems = None, []
    try:
        pdf = blobs.get(signed.pdf_sha256)
    except StoreError as err:
        problems.append(f"The signed PDF cannot be used. {err}")
    try:
        blobs.get(signed.signature_sha256)
    except StoreError as err:
        problems.append(f"The recorded signature cannot be used. {err}")
    return pdf, problems


def _content_problems(signed: SignedConsent, printer: ConsentPrinter, pdf: bytes) -> list[str]:
    try:
        text = normalise(printer.text_of(pdf))
    except ValueError:
        return ["The PDF could not be read."]
    wording = wording_in(text)
    if wording is None:
        return ["The PDF does not hold the consent wording."]
    problems = []
    digest = content_hash(wording, signed.printed_name, signed.signed_at, signed.signature_sha256)
    if digest != signed.content_hash:
        problems.append(
            "The wording, printed name, signing time or signature no longer match what was signed."
        )
    if hash_line(signed.content_hash) not in text:
        problems.append("The hash printed on the PDF is not the one recorded at signing.")
    return problems


def _audit(uow: UnitOfWork, actor: Actor, signed: SignedConsent, outcome: str, detail: str) -> None:
    entity_id = signed.id
    action = Action.CONSENT_VIEW
    record_audit(
        uow, actor, action, entity=ENTITY, entity_id=entity_id, outcome=outcome, detail=detail
    )
    uow.commit()
