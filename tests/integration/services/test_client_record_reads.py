"""What the client's record reads: the consents their booked visits still need, every version
of their intake answers with what changed, their charts with service and addenda, how many
photos they have, and a withdrawal's reason in the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from medspa_desktop.domain import appointment_status as st
from medspa_desktop.domain.actor import Role
from medspa_desktop.domain.consent_record import ConsentState
from medspa_desktop.services.appointment_life import ChangeStatus, change_status
from medspa_desktop.services.chart_read import charts_of_client
from medspa_desktop.services.charts import AddAddendum, add_addendum
from medspa_desktop.services.clients import CreateClient, create_client
from medspa_desktop.services.consent_needs import consents_needed
from medspa_desktop.services.consent_records import WithdrawConsent, withdraw_consent
from medspa_desktop.services.errors import PermissionDenied, ValidationError
from medspa_desktop.services.intake import ReviewIntake, SubmitIntake, review_intake, submit_intake
from medspa_desktop.services.intake_forms import SaveIntakeForm, save_intake_form
from medspa_desktop.services.intake_history import intake_history
from medspa_desktop.services.photo_summary import photo_summary

from .chart_clinic import neuro_body, set_up_charting
from .helpers import audit_entries
from .photo_samples import jpeg, photo_clinic, save
from .test_consent_collect import ConsentClinic, set_up_consents
from .test_intake import QUESTIONS


@pytest.fixture
def consents(clinic) -> ConsentClinic:
    return set_up_consents(clinic)


def needed(consents: ConsentClinic, actor=None):
    with consents.uow() as uow:
        return consents_needed(consents.b.client, uow=uow, actor=actor or consents.b.desk)


def test_a_booked_visit_needs_its_unsigned_consent_until_the_client_signs(consents):
    (need,) = needed(consents)
    assert (need.template_name, need.service_name, need.state) == (
        "Neuromodulator consent",
        "Botox",
        ConsentState.MISSING,
    )
    assert need.appointment_id == consents.appointment_id
    assert need.starts_at == consents.b.at(10) and need.time_zone == "America/New_York"
    assert need.since is None

    consents.collect()

    assert needed(consents) == ()


def test_a_consent_that_runs_out_before_the_visit_is_needed_again(consents):
    year_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=363)
    with time_machine.travel(year_ago, tick=False):
        signed = consents.collect()

    (need,) = needed(consents)

    assert need.state is ConsentState.EXPIRED and need.since == signed.expires_at
    assert signed.expires_at > dt.datetime.now(dt.UTC), "still valid today, not at the visit"


def test_a_withdrawn_consent_is_needed_again_and_the_reason_is_audited_as_its_code(consents):
    signed = consents.collect()
    with consents.uow() as uow:
        withdraw_consent(WithdrawConsent(signed.id, "client_asked"), uow=uow, actor=consents.b.lee)

    (need,) = needed(consents)

    assert need.state is ConsentState.WITHDRAWN and need.since is not None
    details = [e.detail for e in audit_entries(consents.store, entity_id=signed.id)]
    assert "reason: client_asked" in details


def test_a_withdrawal_reason_not_on_the_list_is_refused_and_nothing_changes(consents):
    signed = consents.collect()
    with consents.uow() as uow, pytest.raises(ValidationError) as refused:
        withdraw_consent(WithdrawConsent(signed.id, "he said so"), uow=uow, actor=consents.b.lee)
    assert refused.value.field_errors == {"reason": "Choose one of the reasons offered."}
    assert consents.signed_row(signed.id).withdrawn_at is None


def test_a_cancelled_visit_needs_nothing(consents):
    cancel = ChangeStatus(consents.appointment_id, st.CANCELLED, reason="Client is unwell")
    with consents.uow() as uow:
        change_status(cancel, uow=uow, actor=consents.b.desk)
    assert needed(consents) == ()


@pytest.fixture
def answered(clinic):
    """Ada's medical history answered twice: the allergy and skin type changed."""
    with clinic.store.uow() as uow:
        client = create_client(CreateClient("Ada", "Lovelace"), uow=uow, actor=clinic.owner).id
    manager = clinic.add_staff(Role.MANAGER)
    with clinic.store.uow() as uow:
        form = save_intake_form(
            SaveIntakeForm("medical_history", "Medical history", QUESTIONS), uow=uow, actor=manager
        )
    desk = clinic.add_staff(Role.FRONT_DESK)
    for answers in (
        {"pregnant": False, "allergies": "None", "skin_type": "II"},
        {"pregnant": False, "allergies": "Latex", "skin_type": "III"},
    ):
        with clinic.store.uow() as uow:
            sent = submit_intake(SubmitIntake(client, form.id, answers), uow=uow, actor=desk)
    return clinic, client, desk, sent


def test_intake_history_lists_every_version_and_what_changed_since_the_one_before(answered):
    clinic, client, _desk, latest = answered
    practitioner = clinic.add_staff(Role.PRACTITIONER)
    with clinic.store.uow() as uow:
        review_intake(ReviewIntake(latest.response_id), uow=uow, actor=practitioner)
    with clinic.store.uow() as uow:
        (history,) = intake_history(client, uow=uow, actor=practitioner)

    assert history.form_name == "Medical history"
    assert [v.version for v in history.versions] == [2, 1]
    assert [v.form_version for v in history.versions] == [1, 1]
    assert history.versions[0].reviewed_by_name == practitioner.display_name
    assert history.versions[1].reviewed_at is None
    assert history.latest.answers["allergies"] == "Latex"
    assert history.previous["allergies"] == "None"
    assert history.changed == {"allergies", "skin_type"}
    (entry,) = audit_entries(clinic.store, action="intake.view")
    assert entry.entity_id == latest.response_id and "Latex" not in entry.detail


def test_intake_answers_are_refused_to_the_front_desk(answered):
    clinic, client, desk, _latest = answered
    with clinic.store.uow() as uow, pytest.raises(PermissionDenied):
        intake_history(client, uow=uow, actor=desk)


def test_the_chart_list_names_the_service_and_counts_addenda(clinic):
    c = set_up_charting(clinic)
    chart = c.start(c.lee).chart_id
    c.save(c.lee, chart, neuro_body(("Chin", 2, c.botox_lot), aftercare_given="Yes"), None)
    c.sign(c.lee, chart)
    for text in ("Mild bruising.", "Settled."):
        with c.store.uow() as uow:
            add_addendum(AddAddendum(chart, text), uow=uow, actor=c.lee)

    with c.store.uow() as uow:
        (listing,) = charts_of_client(c.maya, uow=uow, actor=c.desk)

    assert (listing.service_name, listing.addenda, listing.status) == ("Botox", 2, "signed")


def test_the_photo_count_and_who_may_open_them(clinic):
    pc = photo_clinic(clinic)
    b = pc.b
    for seed in (1, 2):
        save(pc.store, b.lee, b.client, jpeg(seed=seed))

    def summary(actor):
        with pc.store.uow() as uow:
            return photo_summary(b.client, uow=uow, actor=actor)

    mine = summary(b.lee)
    assert (mine.count, mine.may_open) == (2, True)
    assert mine.latest_taken_at is not None
    assert summary(b.kim).may_open is False, "Kim is not booked with Ada"
    assert summary(b.manager).may_open is True
    with pytest.raises(PermissionDenied):
        summary(b.desk)
