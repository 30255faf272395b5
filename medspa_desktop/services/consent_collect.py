"""Collecting a consent signature on the tablet.

Public API (off the GUI thread; results frozen):

- ``PreviewConsent(client_id, template_version_id, appointment_id=None)`` ->
  ``preview_consent(cmd, *, uow, actor) -> ConsentPreview``: the exact wording the client
  will sign (merge fields filled in), to show before signing.
- ``CollectConsent(client_id, template_version_id, appointment_id, printed_name, strokes,
  witness_staff_id=None)`` -> ``collect_consent(cmd, *, uow, actor, blobs, printer) ->
  ConsentSigned``. Only the current version of an active form can be signed. The strokes
  (canonical JSON) and the PDF (``printer``, normally ``reports.consent_pdf.CONSENT_PRINTER``)
  are stored encrypted as blobs; the ``SignedConsent`` row names both and carries the
  content hash (``domain.consent_record.content_hash``) and ``expires_at`` from the form's
  ``valid_months``. Before anything is stored the PDF is read back and must give the exact
  wording and hash, so a consent whose PDF would not verify is never kept.

Anyone may collect (``CONSENT_COLLECT``: the front desk hands the tablet over too).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.consent_record import (
    ConsentDocument,
    ConsentPrinter,
    content_hash,
    expiry,
    hash_line,
    wording_in,
)
from medspa_desktop.domain.consent_text import Block, normalise, unprintable_characters
from medspa_desktop.domain.signature import (
    Signature,
    canonical,
    signature_json,
    signature_problem,
)
from medspa_desktop.domain.validation import field_errors, required_text
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.blob_catalogue import keep_blob
from medspa_desktop.services.common import now
from medspa_desktop.services.consent_merge import (
    Occasion,
    Wording,
    local_time_text,
    occasion_of,
    signed_wording,
)
from medspa_desktop.services.consent_rows import (
    current_version,
    get_template,
    get_version,
    org_name,
    staff_name,
)
from medspa_desktop.services.errors import RuleViolation, ValidationError
from medspa_desktop.services.writes import save_new
from medspa_desktop.store.blobs import BlobStore
from medspa_desktop.store.models import ConsentTemplate, ConsentTemplateVersion, SignedConsent
from medspa_desktop.store.models import Staff as StaffRow
from medspa_desktop.store.uow import UnitOfWork

ENTITY = "signed_consent"


@dataclass(frozen=True)
class PreviewConsent:
    client_id: str
    template_version_id: str
    appointment_id: str | None = None


@dataclass(frozen=True)
class ConsentPreview:
    template_id: str
    title: str
    template_version_id: str
    version: int
    client_name: str
    wording: tuple[Block, ...]
    text: str


@dataclass(frozen=True)
class CollectConsent:
    client_id: str
    template_version_id: str
    appointment_id: str | None
    printed_name: str
    strokes: Signature
    witness_staff_id: str | None = None


@dataclass(frozen=True)
class ConsentSigned:
    id: str
    client_id: str
    template_id: str
    template_version_id: str
    version: int
    signed_at: dt.datetime
    expires_at: dt.datetime | None
    content_hash: str
    signature_sha256: str
    pdf_sha256: str


def preview_consent(cmd: PreviewConsent, *, uow: UnitOfWork, actor: Actor) -> ConsentPreview:
    authorize(uow, actor, Action.CONSENT_COLLECT, entity=ENTITY)
    template, version = _signable(uow, actor, cmd.template_version_id)
    occasion = occasion_of(uow, actor, cmd.client_id, cmd.appointment_id)
    wording = signed_wording(uow, occasion, template, version, now())
    return ConsentPreview(
        template_id=template.id,
        title=template.name,
        template_version_id=version.id,
        version=version.version,
        client_name=occasion.client_name,
        wording=wording.blocks,
        text=wording.text,
    )


def collect_consent(
    cmd: CollectConsent,
    *,
    uow: UnitOfWork,
    actor: Actor,
    blobs: BlobStore,
    printer: ConsentPrinter,
) -> ConsentSigned:
    authorize(uow, actor, Action.CONSENT_COLLECT, entity=ENTITY)
    signing = _signing(uow, actor, cmd)
    strokes = signature_json(cmd.strokes)
    signature_sha = keep_blob(uow, blobs, strokes, mime="application/json", kind="signature")
    digest = content_hash(signing.wording.text, signing.printed_name, signing.at, signature_sha)
    document = _document(uow, actor, signing, cmd, digest)
    pdf = _printed_and_checked(printer, document, signing.wording)
    pdf_sha = keep_blob(uow, blobs, pdf, mime="application/pdf", kind="pdf")
    values = _row_values(signing, cmd, digest, signature_sha, pdf_sha)
    row = SignedConsent(org_id=actor.org_id, **values)
    save_new(uow, actor, row, values, entity=ENTITY, action=Action.CONSENT_COLLECT)
    return _signed(row, signing)


@dataclass(frozen=True)
class _Signing:
    """A checked signing: what is signed, by whom, when, in which words."""

    template: ConsentTemplate
    version: ConsentTemplateVersion
    occasion: Occasion
    printed_name: str
    at: dt.datetime
    wording: Wording


def _signing(uow: UnitOfWork, actor: Actor, cmd: CollectConsent) -> _Signing:
    template, version = _signable(uow, actor, cmd.template_version_id)
    occasion = occasion_of(uow, actor, cmd.client_id, cmd.appointment_id)
    printed_name = _checked(uow, actor, cmd)
    at = now().replace(microsecond=0)
    wording = signed_wording(uow, occasion, template, version, at)
    return _Signing(template, version, occasion, printed_name, at, wording)


def _signable(
    uow: UnitOfWork, actor: Actor, version_id: str
) -> tuple[ConsentTemplate, ConsentTemplateVersion]:
    version = get_version(uow, version_id, actor.org_id)
    template = get_template(uow, version.template_id, actor.org_id)
    if not template.active:
        raise RuleViolation(f"The form “{template.name}” is no longer in use.")
    latest = current_version(uow, template.id)
    if latest is not None and latest.id != version.id:
        raise RuleViolation(
            f"The form “{template.name}” has a newer version ({latest.version}). "
            "Open it again so the client reads and signs the current wording."
        )
    return template, version


def _checked(uow: UnitOfWork, actor: Actor, cmd: CollectConsent) -> str:
    printed_name = normalise(cmd.printed_name)
    checks = {
        "printed_name": required_text(printed_name, "client's printed name", max_length=200)
        or _unprintable(printed_name),
        "strokes": signature_problem(cmd.strokes),
        "witness_staff_id": _witness_problem(uow, actor, cmd.witness_staff_id),
    }
    errors = field_errors(checks)
    if errors:
        raise ValidationError(errors)
    return printed_name


def _unprintable(text: str) -> str | None:
    odd = unprintable_characters(text)
    return f"These characters cannot be printed on the consent: {' '.join(odd)}" if odd else None


def _witness_problem(uow: UnitOfWork, actor: Actor, staff_id: str | None) -> str | None:
    if staff_id is None:
        return None
    row = uow.session.get(StaffRow, staff_id)
    if row is None or row.deleted or not row.active or row.org_id != actor.org_id:
        return "The witness must be an active member of staff."
    return None


def _document(
    uow: UnitOfWork, actor: Actor, signing: _Signing, cmd: CollectConsent, digest: str
) -> ConsentDocument:
    return ConsentDocument(
        clinic_name=org_name(uow, actor.org_id),
        title=signing.template.name,
        version=signing.version.version,
        client_name=signing.occasion.client_name,
        wording=signing.wording.blocks,
        signature=canonical(cmd.strokes),
        printed_name=signing.printed_name,
        signed_at_text=local_time_text(signing.at, signing.occasion.zone),
        witness_name=staff_name(uow, cmd.witness_staff_id),
        content_hash=digest,
    )


def _printed_and_checked(
    printer: ConsentPrinter, document: ConsentDocument, wording: Wording
) -> bytes:
    """The PDF, after reading it back: the wording and hash must come out exactly."""
    pdf = printer.render(document)
    text = normalise(printer.text_of(pdf))
    same_words = wording_in(text) == normalise(wording.text)
    if not same_words or hash_line(document.content_hash) not in text:
        raise RuleViolation(
            "The consent PDF did not reproduce the wording exactly, so nothing was signed. "
            "Ask a manager to check the form's wording."
        )
    return pdf


def _row_values(
    signing: _Signing, cmd: CollectConsent, digest: str, signature_sha: str, pdf_sha: str
) -> dict[str, Any]:
    return {
        "client_id": signing.occasion.client.id,
        "template_version_id": signing.version.id,
        "appointment_id": cmd.appointment_id,
        "signed_at": signing.at,
        "printed_name": signing.printed_name,
        "signature_sha256": signature_sha,
        "pdf_sha256": pdf_sha,
        "content_hash": digest,
        "witness_staff_id": cmd.witness_staff_id,
        "expires_at": expiry(signing.at, signing.template.valid_months),
    }


def _signed(row: SignedConsent, signing: _Signing) -> ConsentSigned:
    return ConsentSigned(
        id=row.id,
        client_id=row.client_id,
        template_id=signing.template.id,
        template_version_id=signing.version.id,
        version=signing.version.version,
        signed_at=row.signed_at,
        expires_at=row.expires_at,
        content_hash=row.content_hash,
        signature_sha256=row.signature_sha256,
        pdf_sha256=row.pdf_sha256,
    )
