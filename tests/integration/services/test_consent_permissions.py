"""Who may do what with consents, through the services: managers and owners write the forms;
everyone collects signatures and sees whether a consent is in place; only clinical staff open
a signed consent or record its withdrawal. A refusal is audited as ``denied``.

F = front desk, P = practitioner, M = manager, O = owner.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from medspa_desktop.domain.actor import Actor, Role
from medspa_desktop.reports.consent_pdf import CONSENT_PRINTER
from medspa_desktop.services.consent_collect import PreviewConsent, preview_consent
from medspa_desktop.services.consent_records import (
    WithdrawConsent,
    client_consents,
    consent_status,
    withdraw_consent,
)
from medspa_desktop.services.consent_templates import (
    AddConsentVersion,
    CreateConsentTemplate,
    UpdateConsentTemplate,
    add_consent_version,
    consent_version,
    create_consent_template,
    list_consent_templates,
    update_consent_template,
)
from medspa_desktop.services.consent_verify import consent_pdf, verify_consent
from medspa_desktop.services.errors import PermissionDenied

from .helpers import audit_entries
from .test_consent_collect import BODY, ConsentClinic, set_up_consents

LETTERS = {"F": Role.FRONT_DESK, "P": Role.PRACTITIONER, "M": Role.MANAGER, "O": Role.OWNER}
_codes = itertools.count(1)

Operation = Callable[[ConsentClinic, Actor], object]


def _create(c: ConsentClinic, actor: Actor) -> object:
    cmd = CreateConsentTemplate(f"form_{next(_codes)}", "Peel consent", BODY, 12)
    with c.uow() as uow:
        return create_consent_template(cmd, uow=uow, actor=actor)


def _add_version(c: ConsentClinic, actor: Actor) -> object:
    # Each allowed call adds a version, so sign nothing after this in the same test.
    with c.uow() as uow:
        return add_consent_version(AddConsentVersion(c.template_id, BODY), uow=uow, actor=actor)


def _update(c: ConsentClinic, actor: Actor) -> object:
    cmd = UpdateConsentTemplate(c.template_id, name=f"Consent {next(_codes)}")
    with c.uow() as uow:
        return update_consent_template(cmd, uow=uow, actor=actor)


def _list(c: ConsentClinic, actor: Actor) -> object:
    with c.uow() as uow:
        return list_consent_templates(uow=uow, actor=actor)


def _read_version(c: ConsentClinic, actor: Actor) -> object:
    with c.uow() as uow:
        return consent_version(c.version_id, uow=uow, actor=actor)


def _preview(c: ConsentClinic, actor: Actor) -> object:
    cmd = PreviewConsent(c.b.client, c.version_id, c.appointment_id)
    with c.uow() as uow:
        return preview_consent(cmd, uow=uow, actor=actor)


def _collect(c: ConsentClinic, actor: Actor) -> object:
    return c.collect(actor)


def _status(c: ConsentClinic, actor: Actor) -> object:
    with c.uow() as uow:
        return consent_status(c.b.client, c.b.botox, uow=uow, actor=actor)


def _client_consents(c: ConsentClinic, actor: Actor) -> object:
    with c.uow() as uow:
        return client_consents(c.b.client, uow=uow, actor=actor)


def _open_pdf(c: ConsentClinic, actor: Actor) -> object:
    signed = c.collect()
    with c.uow() as uow:
        return consent_pdf(signed.id, uow=uow, actor=actor, blobs=c.store.blobs)


def _verify(c: ConsentClinic, actor: Actor) -> object:
    signed = c.collect()
    with c.uow() as uow:
        return verify_consent(
            signed.id, uow=uow, actor=actor, blobs=c.store.blobs, printer=CONSENT_PRINTER
        )


def _withdraw(c: ConsentClinic, actor: Actor) -> object:
    signed = c.collect()
    with c.uow() as uow:
        return withdraw_consent(WithdrawConsent(signed.id), uow=uow, actor=actor)


CASES: dict[str, tuple[Operation, str]] = {
    "create a form": (_create, "MO"),
    "add a version of the wording": (_add_version, "MO"),
    "change a form": (_update, "MO"),
    "list the forms": (_list, "FPMO"),
    "read a version's wording": (_read_version, "FPMO"),
    "preview the wording for a client": (_preview, "FPMO"),
    "collect a signature": (_collect, "FPMO"),
    "see whether a consent is in place": (_status, "FPMO"),
    "list a client's consents": (_client_consents, "FPMO"),
    "open a signed consent": (_open_pdf, "PMO"),
    "verify a signed consent": (_verify, "PMO"),
    "record a withdrawal": (_withdraw, "PMO"),
}


@pytest.fixture
def consents(clinic) -> ConsentClinic:
    return set_up_consents(clinic)


@pytest.mark.parametrize("name", list(CASES))
def test_each_role_may_only_do_what_the_matrix_allows(consents, name):
    operation, allowed = CASES[name]
    actors = {
        Role.FRONT_DESK: consents.b.desk,
        Role.PRACTITIONER: consents.b.kim,
        Role.MANAGER: consents.b.manager,
        Role.OWNER: consents.b.clinic.owner,
    }
    for letter, role in LETTERS.items():
        actor = actors[role]
        if letter in allowed:
            assert operation(consents, actor) is not None, f"{role} should {name}"
            continue
        with pytest.raises(PermissionDenied):
            operation(consents, actor)
        denied = audit_entries(consents.store, staff_id=actor.staff_id, outcome="denied")
        assert denied, f"{role}'s refused attempt to {name} was not audited"
