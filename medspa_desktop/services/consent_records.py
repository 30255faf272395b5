"""A client's consents: whether a treatment's consent is in place, the list for the client's
record, and withdrawal.

Public API (off the GUI thread; results frozen):

- ``consent_status(client_id, service_id, *, uow, actor) -> ConsentStatus``: ``state`` is
  ``not_required`` (the treatment needs no form), ``missing``, ``valid`` (until
  ``valid_until``, ``None`` = until withdrawn), ``expired`` or ``withdrawn``, judged on the
  client's latest signature of the form. Every role (``CONSENT_STATUS_VIEW``): the front desk
  sees whether a consent is in place, never its content.
- ``client_consents(client_id, *, uow, actor) -> tuple[SignedConsentSummary, ...]``: every
  signed consent of the client, newest first (status only; opening one is
  ``consent_verify.consent_pdf``).
- ``WithdrawConsent(signed_consent_id, reason="")`` -> ``withdraw_consent(cmd, *, uow,
  actor) -> SignedConsentSummary`` (practitioner, manager or owner). The reason, one of
  ``WITHDRAWAL_REASONS``, goes to the audit log as its code.

A service's form is its ``required_consent_template_id``, else the active form of its
service category.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.consent_record import ConsentState, consent_state
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.client_rules import get_client
from medspa_desktop.services.common import now
from medspa_desktop.services.consent_rows import current_version, get_signed, staff_name
from medspa_desktop.services.errors import NotFound, RuleViolation, ValidationError
from medspa_desktop.services.writes import save_changes
from medspa_desktop.store.models import (
    ConsentTemplate,
    ConsentTemplateVersion,
    ServiceItem,
    SignedConsent,
)
from medspa_desktop.store.uow import UnitOfWork

ENTITY = "signed_consent"


@dataclass(frozen=True)
class ConsentStatus:
    client_id: str
    service_id: str
    state: ConsentState
    template_id: str | None
    template_name: str
    signed_consent_id: str | None
    signed_at: dt.datetime | None
    valid_until: dt.datetime | None
    withdrawn_at: dt.datetime | None
    signed_version: int
    """The version the client signed (0 when none); may be older than ``current_version``."""
    current_version: int


@dataclass(frozen=True)
class SignedConsentSummary:
    id: str
    client_id: str
    template_id: str
    template_name: str
    version: int
    appointment_id: str | None
    signed_at: dt.datetime
    printed_name: str
    witness_name: str
    expires_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    state: ConsentState


WITHDRAWAL_REASONS = {
    "client_asked": "The client asked to withdraw it",
    "treatment_declined": "The client decided against the treatment",
    "signed_in_error": "It was signed in error (wrong client or wrong form)",
    "medical_change": "A change in the client's health means it must be signed again",
}
"""Why a consent is withdrawn, by code: a fixed list, so the reason can be audited without
clinical free text."""


@dataclass(frozen=True)
class WithdrawConsent:
    signed_consent_id: str
    reason: str = ""
    """One of ``WITHDRAWAL_REASONS`` (``""``: not given)."""


def consent_status(
    client_id: str, service_id: str, *, uow: UnitOfWork, actor: Actor
) -> ConsentStatus:
    authorize(uow, actor, Action.CONSENT_STATUS_VIEW, entity=ENTITY)
    client = get_client(uow, client_id, actor.org_id)
    template = _template_for(uow, actor, service_id)
    if template is None:
        return _not_required(client.id, service_id)
    latest = current_version(uow, template.id)
    found = _latest_signed(uow, client.id, template.id)
    signed, version = found if found else (None, None)
    return ConsentStatus(
        client_id=client.id,
        service_id=service_id,
        state=_state_of(signed),
        template_id=template.id,
        template_name=template.name,
        signed_consent_id=signed.id if signed else None,
        signed_at=signed.signed_at if signed else None,
        valid_until=signed.expires_at if signed else None,
        withdrawn_at=signed.withdrawn_at if signed else None,
        signed_version=version.version if version else 0,
        current_version=latest.version if latest else 0,
    )


def client_consents(
    client_id: str, *, uow: UnitOfWork, actor: Actor
) -> tuple[SignedConsentSummary, ...]:
    authorize(uow, actor, Action.CONSENT_STATUS_VIEW, entity=ENTITY)
    client = get_client(uow, client_id, actor.org_id)
    rows = uow.session.execute(
        _signed_with_versions()
        .where(SignedConsent.client_id == client.id)
        .order_by(SignedConsent.signed_at.desc(), SignedConsent.id.desc())
    )
    return tuple(summary_of(uow, signed, version) for signed, version in rows)


def withdraw_consent(
    cmd: WithdrawConsent, *, uow: UnitOfWork, actor: Actor
) -> SignedConsentSummary:
    """Record that the client withdrew this consent (the signed record itself stays)."""
    signed_id = cmd.signed_consent_id
    authorize(uow, actor, Action.CONSENT_WITHDRAW, entity=ENTITY, entity_id=signed_id)
    if cmd.reason and cmd.reason not in WITHDRAWAL_REASONS:
        raise ValidationError({"reason": "Choose one of the reasons offered."})
    signed = get_signed(uow, signed_id, actor.org_id)
    if signed.withdrawn_at is not None:
        raise RuleViolation("This consent was withdrawn already.")
    changes = {"withdrawn_at": now()}
    action = Action.CONSENT_WITHDRAW
    save_changes(uow, actor, signed, changes, entity=ENTITY, action=action, commit=False)
    if cmd.reason:
        detail = f"reason: {cmd.reason}"
        record_audit(
            uow, actor, action, entity=ENTITY, entity_id=signed_id, outcome="ok", detail=detail
        )
    uow.commit()
    version = uow.session.get(ConsentTemplateVersion, signed.template_version_id)
    assert version is not None  # a signed consent names the version it signed
    return summary_of(uow, signed, version)


def summary_of(
    uow: UnitOfWork, signed: SignedConsent, version: ConsentTemplateVersion
) -> SignedConsentSummary:
    template = uow.session.get(ConsentTemplate, version.template_id)
    return SignedConsentSummary(
        id=signed.id,
        client_id=signed.client_id,
        template_id=version.template_id,
        template_name=template.name if template else "",
        version=version.version,
        appointment_id=signed.appointment_id,
        signed_at=signed.signed_at,
        printed_name=signed.printed_name,
        witness_name=staff_name(uow, signed.witness_staff_id),
        expires_at=signed.expires_at,
        withdrawn_at=signed.withdrawn_at,
        state=_state_of(signed),
    )


def _not_required(client_id: str, service_id: str) -> ConsentStatus:
    return ConsentStatus(
        client_id=client_id,
        service_id=service_id,
        state=ConsentState.NOT_REQUIRED,
        template_id=None,
        template_name="",
        signed_consent_id=None,
        signed_at=None,
        valid_until=None,
        withdrawn_at=None,
        signed_version=0,
        current_version=0,
    )


def _state_of(signed: SignedConsent | None) -> ConsentState:
    return consent_state(
        signed=signed is not None,
        withdrawn_at=signed.withdrawn_at if signed else None,
        expires_at=signed.expires_at if signed else None,
        now=now(),
    )


def _template_for(uow: UnitOfWork, actor: Actor, service_id: str) -> ConsentTemplate | None:
    service = uow.session.get(ServiceItem, service_id)
    if service is None or service.deleted or service.org_id != actor.org_id:
        raise NotFound("That service no longer exists. Refresh the service menu.")
    own = service.required_consent_template_id
    template = uow.session.get(ConsentTemplate, own) if own else None
    if template is not None and not template.deleted:
        return template
    return uow.session.scalars(
        select(ConsentTemplate)
        .where(
            ConsentTemplate.org_id == actor.org_id,
            ConsentTemplate.service_category_id == service.category_id,
            ConsentTemplate.active.is_(True),
            ConsentTemplate.deleted.is_(False),
        )
        .order_by(ConsentTemplate.name, ConsentTemplate.id)
        .limit(1)
    ).first()


def _latest_signed(
    uow: UnitOfWork, client_id: str, template_id: str
) -> tuple[SignedConsent, ConsentTemplateVersion] | None:
    row = uow.session.execute(
        _signed_with_versions()
        .where(
            SignedConsent.client_id == client_id, ConsentTemplateVersion.template_id == template_id
        )
        .order_by(SignedConsent.signed_at.desc(), SignedConsent.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def _signed_with_versions() -> Select[SignedConsent, ConsentTemplateVersion]:
    return (
        select(SignedConsent, ConsentTemplateVersion)
        .join(
            ConsentTemplateVersion, ConsentTemplateVersion.id == SignedConsent.template_version_id
        )
        .where(SignedConsent.deleted.is_(False))
    )
