"""The service calls the client's record makes, as functions of ``(uow, actor)`` for
``AppSession.query`` / ``mutate``: built on the GUI thread (the blob store is taken from the
session there), run on the database worker.
"""

from __future__ import annotations

from dataclasses import dataclass

from medspa_desktop.domain.actor import Actor
from medspa_desktop.reports.consent_pdf import CONSENT_PRINTER
from medspa_desktop.services.consent_needs import ConsentNeeded, consents_needed
from medspa_desktop.services.consent_records import (
    SignedConsentSummary,
    WithdrawConsent,
    client_consents,
    withdraw_consent,
)
from medspa_desktop.services.consent_verify import (
    ConsentFileError,
    ConsentVerification,
    consent_pdf,
    verify_consent,
)
from medspa_desktop.services.intake import IntakeStatus, ReviewIntake, intake_status, review_intake
from medspa_desktop.services.intake_history import IntakeHistory, intake_history
from medspa_desktop.store.blobs import BlobStore
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.session import ServiceCall


@dataclass(frozen=True)
class ClientConsents:
    signed: tuple[SignedConsentSummary, ...]
    """Newest first."""
    needed: tuple[ConsentNeeded, ...]


@dataclass(frozen=True)
class OpenedConsent:
    pdf: bytes | None
    """``None`` when the stored PDF is missing or damaged (``verification`` says which)."""
    verification: ConsentVerification


@dataclass(frozen=True)
class ClientIntake:
    statuses: tuple[IntakeStatus, ...]
    """Per questionnaire in use: missing, waiting for review or reviewed."""
    histories: tuple[IntakeHistory, ...]
    """Every version and the latest answers; empty for roles that may not read answers."""


def consent_changes(client_id: str) -> OpChanges:
    """A consent changed: this client's rows, and whether their visits may be charted."""
    return OpChanges.of(Changed.CLIENTS, Changed.APPOINTMENTS, client_id=client_id)


def consents_of(client_id: str) -> ServiceCall[ClientConsents]:
    def call(uow: UnitOfWork, actor: Actor) -> ClientConsents:
        signed = client_consents(client_id, uow=uow, actor=actor)
        return ClientConsents(signed, consents_needed(client_id, uow=uow, actor=actor))

    return call


def open_consent(signed_consent_id: str, blobs: BlobStore) -> ServiceCall[OpenedConsent]:
    """The check that the signed form is unchanged and its PDF, if it can still be read
    (both audited by the services)."""

    def call(uow: UnitOfWork, actor: Actor) -> OpenedConsent:
        verification = verify_consent(
            signed_consent_id, uow=uow, actor=actor, blobs=blobs, printer=CONSENT_PRINTER
        )
        try:
            pdf: bytes | None = consent_pdf(signed_consent_id, uow=uow, actor=actor, blobs=blobs)
        except ConsentFileError:
            pdf = None  # the verification names what is wrong with it
        return OpenedConsent(pdf, verification)

    return call


def withdraw(signed_consent_id: str, reason: str) -> ServiceCall[SignedConsentSummary]:
    command = WithdrawConsent(signed_consent_id, reason)
    return lambda uow, actor: withdraw_consent(command, uow=uow, actor=actor)


def intake_of(client_id: str, *, with_answers: bool) -> ServiceCall[ClientIntake]:
    def call(uow: UnitOfWork, actor: Actor) -> ClientIntake:
        statuses = intake_status(client_id, uow=uow, actor=actor)
        histories = intake_history(client_id, uow=uow, actor=actor) if with_answers else ()
        return ClientIntake(statuses, histories)

    return call


def review(response_id: str) -> ServiceCall[IntakeStatus]:
    command = ReviewIntake(response_id)
    return lambda uow, actor: review_intake(command, uow=uow, actor=actor)
