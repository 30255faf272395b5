"""Charting through the services: warnings before charting, consents that block the start,
drafts as versions checked against the template, signing with the password or PIN (stock
taken off the lots), signed charts refusing edits, addenda, and sibling versions."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from sqlalchemy import select

from medspa_desktop.services.chart_checks import pre_chart_warnings
from medspa_desktop.services.charts import (
    AddAddendum,
    ReconcileChart,
    add_addendum,
    reconcile_siblings,
)
from medspa_desktop.services.consent_records import WithdrawConsent, withdraw_consent
from medspa_desktop.services.errors import LoginThrottled, RuleViolation, ValidationError
from medspa_desktop.store.models import (
    Chart,
    ChartVersion,
    IntakeForm,
    IntakeResponse,
    InventoryMovement,
)

from .chart_clinic import LEE_PIN, STAFF_PASSWORD, neuro_body, set_up_charting
from .helpers import audit_entries, mutations


@pytest.fixture
def c(clinic):
    return set_up_charting(clinic)


def test_the_warnings_before_charting_show_allergies_flags_medications_and_missing_forms(c):
    c.row(IntakeForm, code="medical_history", name="Medical history", questions=[])
    with c.store.uow() as uow:
        warnings = pre_chart_warnings(c.appointment, uow=uow, actor=c.lee)

    assert warnings.allergies == "Lidocaine"
    assert warnings.contraindications == ("anticoagulants",)
    assert warnings.medications == "Warfarin"
    assert [(f.kind, f.name, f.status) for f in warnings.forms] == [
        ("intake", "Medical history", "missing")
    ]
    assert warnings.blocking == ()
    assert audit_entries(c.store, action="client.view_medical")[-1].detail == "before charting"


def test_an_intake_form_answered_over_a_year_ago_is_flagged_out_of_date(c):
    form = c.row(IntakeForm, code="medical_history", name="Medical history", questions=[])
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=400)
    c.row(IntakeResponse, client_id=c.maya, intake_form_id=form, submitted_at=long_ago)

    started = c.start(c.lee)

    assert [(f.name, f.status) for f in started.warnings.forms] == [("Medical history", "expired")]


def test_an_intake_answered_but_not_yet_reviewed_is_flagged_until_a_clinician_reads_it(c):
    form = c.row(IntakeForm, code="medical_history", name="Medical history", questions=[])
    today = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    c.row(IntakeResponse, client_id=c.maya, intake_form_id=form, submitted_at=today)

    unread = c.start(c.lee).warnings
    with c.store.session_factory() as session:
        session.query(IntakeResponse).update({"reviewed_at": dt.datetime.now(dt.UTC)})
        session.commit()
    read = c.start(c.lee).warnings

    assert [(f.name, f.status) for f in unread.forms] == [("Medical history", "unreviewed")]
    assert "not reviewed yet" in unread.forms[0].message
    assert unread.to_fill_in == () and unread.blocking == ()
    assert read.forms == ()


def test_a_missing_required_consent_blocks_starting_the_treatment_and_names_it(c):
    c.require_consent("Neuromodulator treatment consent")

    with pytest.raises(RuleViolation, match="Neuromodulator treatment consent") as refused:
        c.start(c.lee)

    assert "Maya Chen has not signed" in str(refused.value)
    with c.store.session_factory() as session:
        assert session.scalars(select(Chart)).all() == []
    assert audit_entries(c.store, outcome="denied")[-1].action == "chart.write"


@pytest.mark.parametrize(
    ("signature", "word"),
    [
        ({"expires_at": dt.datetime(2024, 1, 1, tzinfo=dt.UTC)}, "expired"),
        ({"withdrawn_at": dt.datetime(2025, 2, 1, tzinfo=dt.UTC)}, "withdrawn"),
    ],
)
def test_an_expired_or_withdrawn_required_consent_blocks_the_start_too(c, signature, word):
    template = c.require_consent()
    c.sign_consent(template, **signature)

    with pytest.raises(RuleViolation, match=f"was {word} on"):
        c.start(c.lee)


def test_a_signed_consent_in_date_lets_the_treatment_start(c):
    template = c.require_consent()
    c.sign_consent(template, expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=30))

    started = c.start(c.lee)

    assert started.created and started.warnings.blocking == ()


def test_a_consent_withdrawn_after_the_treatment_leaves_its_signed_chart_open_to_read(c):
    template = c.require_consent()
    signed_consent = c.sign_consent(template, expires_at=dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
    chart = c.start(c.lee).chart_id
    c.save(c.lee, chart, neuro_body(("Glabella", 4, c.botox_lot), aftercare_given="Yes"), None)
    c.sign(c.lee, chart)
    with c.store.uow() as uow:
        withdraw_consent(WithdrawConsent(signed_consent), uow=uow, actor=c.lee)

    reopened = c.start(c.lee)

    assert (reopened.chart_id, reopened.created) == (chart, False)
    assert [form.status for form in reopened.warnings.blocking] == ["withdrawn"]
    with pytest.raises(RuleViolation, match="was withdrawn on"):
        c.start(c.lee, c.book(c.lee))


def test_the_chart_is_written_on_the_template_of_the_service_category_once(c):
    first = c.start(c.lee)
    again = c.start(c.lee)
    filler = c.start(c.lee, c.book(c.lee, service=c.filler))
    soap = c.start(c.lee, c.book(c.lee), template_code="soap")

    assert first.template_code == "neuromodulator" and first.created
    assert (again.chart_id, again.created) == (first.chart_id, False)
    assert filler.template_code == "filler"
    assert soap.template_code == "soap"
    assert c.view(c.lee, first.chart_id).template.fields()["dilution"].unit == "mL"


def test_a_draft_is_saved_as_a_version_with_the_hash_of_its_canonical_json(c):
    chart = c.start(c.lee).chart_id
    body = neuro_body(("Glabella", 4, c.botox_lot), ("Forehead", 2.5, c.botox_lot))

    first = c.save(c.lee, chart, body, None)
    second = c.save(c.lee, chart, {**body, "notes": "Tolerated well"}, first.version_id)

    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert first.content_hash == hashlib.sha256(canonical.encode()).hexdigest()
    assert second.sibling_ids == ()
    view = c.view(c.lee, chart)
    assert view.current.id == second.version_id and view.current.body["notes"] == "Tolerated well"
    assert view.totals["injection_points"].by_area == (("Glabella", 4.0), ("Forehead", 2.5))
    assert view.totals["injection_points"].by_product == (("Botox", 6.5),)
    assert mutations(c.store, "create_chart_version")[-1].entity_id == second.version_id


def test_a_body_that_does_not_fit_the_template_is_refused_field_by_field(c):
    chart = c.start(c.lee).chart_id
    body = neuro_body(("Nowhere", 4, c.botox_lot), dilution=50, colour="blue")

    with pytest.raises(ValidationError) as refused:
        c.save(c.lee, chart, body, None)

    assert set(refused.value.field_errors) == {"dilution", "injection_points", "colour"}
    assert "choose the area" in refused.value.field_errors["injection_points"]


def test_an_out_of_date_lot_is_refused(c):
    chart = c.start(c.lee).chart_id

    with pytest.raises(ValidationError, match="B1111 of Botox expired on 2020-01-01"):
        c.save(c.lee, chart, neuro_body(("Glabella", 4, c.old_lot)), None)


def test_signing_takes_whole_units_off_each_lot_used(c):
    chart = c.start(c.lee).chart_id
    body = neuro_body(
        ("Glabella", 4, c.botox_lot), ("Forehead", 2.5, c.botox_lot), aftercare_given="Yes"
    )
    version = c.save(c.lee, chart, body, None).version_id

    signed = c.sign(c.lee, chart)

    assert [(u.lot_number, u.quantity, u.short) for u in signed.lots_used] == [
        ("C3709C3", 7, False)
    ]
    assert c.on_hand(c.botox_lot) == 100 - 7
    with c.store.session_factory() as session:
        used = session.scalars(select(InventoryMovement).filter_by(kind="treatment")).one()
        sealed = session.get(ChartVersion, signed.version_id)
    assert (used.chart_id, used.quantity, used.staff_id) == (chart, -7, c.lee.staff_id)
    assert (sealed.parent_version_id, sealed.signed, sealed.body) == (version, True, body)


def test_a_filler_chart_takes_the_syringes_off_its_lot(c):
    chart = c.start(c.lee, c.book(c.lee, service=c.filler)).chart_id
    body = {"syringes": [{"lot_id": c.filler_lot, "quantity": 2}], "aftercare_given": "Yes"}
    c.save(c.lee, chart, body, None)

    c.sign(c.lee, chart, STAFF_PASSWORD)

    assert c.on_hand(c.filler_lot) == 8


def test_signing_needs_the_practitioners_own_password_or_pin(c):
    chart = c.start(c.lee).chart_id
    c.save(c.lee, chart, neuro_body(("Chin", 2, c.botox_lot), aftercare_given="No"), None)

    with pytest.raises(ValidationError, match="password or PIN is not right"):
        c.sign(c.lee, chart, "0000")
    with pytest.raises(RuleViolation, match="Only the practitioner who gave this treatment"):
        c.sign(c.manager, chart, STAFF_PASSWORD)

    assert c.view(c.lee, chart).status == "draft"
    assert c.sign(c.lee, chart, LEE_PIN).version_id
    assert c.view(c.lee, chart).status == "signed"


def test_repeated_wrong_secrets_lock_signing_like_a_failed_log_in(c):
    chart = c.start(c.lee).chart_id
    c.save(c.lee, chart, neuro_body(("Chin", 2, c.botox_lot), aftercare_given="No"), None)

    with pytest.raises(LoginThrottled):
        for _ in range(20):
            with pytest.raises(ValidationError):
                c.sign(c.lee, chart, "9999")


def test_a_chart_missing_required_fields_can_be_saved_but_not_signed(c):
    chart = c.start(c.lee).chart_id
    c.save(c.lee, chart, {"dilution": 2.5}, None)

    with pytest.raises(ValidationError) as refused:
        c.sign(c.lee, chart)

    assert set(refused.value.field_errors) == {"injection_points", "aftercare_given"}


def test_a_signed_chart_refuses_edits_through_the_services(c):
    chart = c.start(c.lee).chart_id
    body = neuro_body(("Chin", 2, c.botox_lot), aftercare_given="Yes")
    version = c.save(c.lee, chart, body, None).version_id
    signed = c.sign(c.lee, chart)

    for attempt in (
        lambda: c.save(c.lee, chart, {**body, "notes": "changed"}, signed.version_id),
        lambda: c.save(c.manager, chart, body, version),
        lambda: c.sign(c.lee, chart),
    ):
        with pytest.raises(RuleViolation, match=r"signed by Practitioner lee on .* can.t be"):
            attempt()
    with c.store.uow() as uow, pytest.raises(RuleViolation, match="Add an addendum"):
        reconcile_siblings(
            ReconcileChart(chart, body, (version, signed.version_id)), uow=uow, actor=c.lee
        )
    view = c.view(c.lee, chart)
    assert (view.current.id, view.current.body) == (signed.version_id, body)
    assert c.on_hand(c.botox_lot) == 98, "stock is taken once"
    assert len(audit_entries(c.store, outcome="denied", entity_id=chart)) == 4


def test_an_addendum_is_kept_with_its_author_and_time(c):
    chart = c.start(c.lee).chart_id
    c.save(c.lee, chart, neuro_body(("Chin", 2, c.botox_lot), aftercare_given="Yes"), None)
    signed = c.sign(c.lee, chart)
    before = dt.datetime.now(dt.UTC)

    with c.store.uow() as uow:
        added = add_addendum(
            AddAddendum(chart, "Client called: mild bruising."), uow=uow, actor=c.manager
        )

    view = c.view(c.lee, chart)
    (addendum,) = view.addenda
    assert (addendum.author_id, addendum.author_name) == (c.manager.staff_id, added.author_name)
    assert addendum.body == {"text": "Client called: mild bruising."}
    assert addendum.parent_version_id == signed.version_id and addendum.at >= before
    assert view.current.id == signed.version_id and view.siblings == ()


def test_an_addendum_to_a_draft_is_refused(c):
    chart = c.start(c.lee).chart_id

    with c.store.uow() as uow, pytest.raises(RuleViolation, match="not signed yet"):
        add_addendum(AddAddendum(chart, "Note"), uow=uow, actor=c.lee)


def test_two_saves_from_one_version_become_siblings_reconciled_before_signing(c):
    chart = c.start(c.lee).chart_id
    base = c.save(c.lee, chart, neuro_body(("Chin", 2, c.botox_lot)), None).version_id
    mine = c.save(c.lee, chart, neuro_body(("Chin", 4, c.botox_lot)), base)
    theirs = c.save(c.manager, chart, neuro_body(("Chin", 6, c.botox_lot)), base)

    assert mine.sibling_ids == () and theirs.sibling_ids == (mine.version_id,)
    view = c.view(c.lee, chart)
    assert view.needs_reconciling
    assert {view.current.id, *(s.id for s in view.siblings)} == {mine.version_id, theirs.version_id}
    with pytest.raises(RuleViolation, match="Reconcile them"):
        c.sign(c.lee, chart)

    merged_body = neuro_body(("Chin", 5, c.botox_lot), aftercare_given="Yes")
    with c.store.uow() as uow:
        merged = reconcile_siblings(
            ReconcileChart(chart, merged_body, (theirs.version_id, mine.version_id)),
            uow=uow,
            actor=c.lee,
        )

    assert merged.sibling_ids == ()
    assert not c.view(c.lee, chart).needs_reconciling
    assert c.sign(c.lee, chart).lots_used[0].quantity == 5
