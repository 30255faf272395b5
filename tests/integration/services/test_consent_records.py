"""A client's consents over time: missing, valid until the form's expiry, expired, withdrawn,
signed again; a new version of the wording leaves earlier signatures on their own text."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from medspa_desktop.domain.consent_record import ConsentState, expiry
from medspa_desktop.services.consent_records import (
    WithdrawConsent,
    client_consents,
    consent_status,
    withdraw_consent,
)
from medspa_desktop.services.consent_templates import (
    AddConsentVersion,
    UpdateConsentTemplate,
    add_consent_version,
    consent_version,
    update_consent_template,
)
from medspa_desktop.services.errors import RuleViolation
from medspa_desktop.services.service_menu import UpdateService, update_service

from .test_consent_collect import BODY, ConsentClinic, pdf_text, set_up_consents


@pytest.fixture
def consents(clinic) -> ConsentClinic:
    return set_up_consents(clinic)


def status(consents, service_id=None, actor=None):
    with consents.uow() as uow:
        return consent_status(
            consents.b.client,
            service_id or consents.b.botox,
            uow=uow,
            actor=actor or consents.b.desk,
        )


def withdraw(consents, signed_id, actor=None):
    with consents.uow() as uow:
        return withdraw_consent(WithdrawConsent(signed_id), uow=uow, actor=actor or consents.b.lee)


def test_a_treatment_without_a_form_needs_no_consent(consents):
    assert status(consents, consents.b.laser).state is ConsentState.NOT_REQUIRED


def test_the_consent_is_missing_until_signed_then_valid_for_the_forms_months(consents):
    before = status(consents)
    assert (before.state, before.template_name) == (ConsentState.MISSING, "Neuromodulator consent")
    signed = consents.collect()
    assert signed.expires_at == expiry(signed.signed_at, 12)
    assert signed.expires_at.date() == signed.signed_at.date().replace(
        year=signed.signed_at.year + 1
    )
    now = status(consents)
    assert (now.state, now.valid_until, now.signed_consent_id) == (
        ConsentState.VALID,
        signed.expires_at,
        signed.id,
    )
    with time_machine.travel(signed.expires_at - dt.timedelta(minutes=1), tick=False):
        assert status(consents).state is ConsentState.VALID
    with time_machine.travel(signed.expires_at + dt.timedelta(seconds=1), tick=False):
        assert status(consents).state is ConsentState.EXPIRED


def test_a_form_without_months_stays_valid_until_withdrawn_and_changes_apply_to_new_signatures(
    consents,
):
    with consents.uow() as uow:
        update_consent_template(
            UpdateConsentTemplate(consents.template_id, valid_months=None),
            uow=uow,
            actor=consents.b.manager,
        )
    signed = consents.collect()
    assert signed.expires_at is None and status(consents).valid_until is None
    with consents.uow() as uow:
        update_consent_template(
            UpdateConsentTemplate(consents.template_id, valid_months=6),
            uow=uow,
            actor=consents.b.manager,
        )
    assert status(consents).signed_consent_id == signed.id  # its expiry did not change
    resigned = consents.collect()
    assert resigned.expires_at == expiry(resigned.signed_at, 6)


def test_a_withdrawn_consent_shows_as_withdrawn_until_the_client_signs_again(consents):
    signed = consents.collect()
    summary = withdraw(consents, signed.id)
    assert summary.state is ConsentState.WITHDRAWN and summary.withdrawn_at is not None
    assert status(consents).state is ConsentState.WITHDRAWN
    with pytest.raises(RuleViolation, match="withdrawn already"):
        withdraw(consents, signed.id)
    assert consents.verify(signed.id).intact  # withdrawing leaves the signed record as it was
    again = consents.collect()
    assert status(consents).state is ConsentState.VALID
    with consents.uow() as uow:
        listed = client_consents(consents.b.client, uow=uow, actor=consents.b.desk)
    assert [(c.id, c.state) for c in listed] == [
        (again.id, ConsentState.VALID),
        (signed.id, ConsentState.WITHDRAWN),
    ]
    assert listed[0].witness_name == consents.b.lee.display_name


def test_a_new_version_keeps_earlier_signatures_on_their_own_wording(consents):
    first = consents.collect()
    with consents.uow() as uow:
        second = add_consent_version(
            AddConsentVersion(consents.template_id, BODY + "\n\n- **No** alcohol for 24 hours"),
            uow=uow,
            actor=consents.b.manager,
        )
    assert second.version == 2
    with consents.uow() as uow:
        assert consent_version(consents.version_id, uow=uow, actor=consents.b.desk).body == BODY
    now = status(consents)
    assert (now.state, now.signed_version, now.current_version) == (ConsentState.VALID, 1, 2)
    assert "alcohol" not in pdf_text(consents.pdf(first.id))
    assert consents.verify(first.id).intact
    with pytest.raises(RuleViolation, match="newer version"):
        consents.collect()
    newer = consents.collect(version_id=second.id)
    assert newer.version == 2 and status(consents).signed_version == 2


def test_a_services_own_form_wins_over_its_categorys(consents):
    with consents.uow() as uow:
        update_service(
            UpdateService(consents.b.laser, required_consent_template_id=consents.template_id),
            uow=uow,
            actor=consents.b.manager,
        )
    assert status(consents, consents.b.laser).template_id == consents.template_id


def test_an_inactive_form_cannot_be_signed(consents):
    with consents.uow() as uow:
        update_consent_template(
            UpdateConsentTemplate(consents.template_id, active=False),
            uow=uow,
            actor=consents.b.manager,
        )
    with pytest.raises(RuleViolation, match="no longer in use"):
        consents.collect()
