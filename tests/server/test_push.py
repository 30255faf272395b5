"""Push: idempotent, in numbering order, each mutation merged by its entity's policy."""

from __future__ import annotations

from sqlalchemy import select

from medspa_desktop.domain.ids import new_id
from medspa_server.models import Device, SyncRow

from .helpers import client_fields, payment_fields


def _statuses(answer):
    return [r["status"] for r in answer["results"]]


def test_the_same_batch_twice_is_applied_once_and_answered_the_same(make_clinic, database):
    clinic = make_clinic()
    device = clinic.enrol()
    client_id = new_id()
    batch = [
        device.create("client", client_fields(), entity_id=client_id),
        device.mutation("client", client_id, {"phone": "+1 555 0100"}),
        device.create("payment", payment_fields()),
    ]

    first = device.push(*batch)
    second = device.push(*batch)

    assert second["results"] == first["results"]
    assert second["last_applied"] == first["last_applied"] == 3
    changes = device.pull_all()
    assert sorted(c["entity"] for c in changes) == ["client", "payment"]
    with database.read() as session:
        rows = session.scalars(select(SyncRow).where(SyncRow.org_id == clinic.org_id)).all()
    assert max(r.seq for r in rows) == 3  # create, update, payment: nothing applied twice


def test_a_gap_in_the_numbering_is_refused_and_nothing_applied(make_clinic):
    clinic = make_clinic()
    device = clinic.enrol()
    device.push(device.create("client", client_fields()))
    device.next_no += 1  # number 2 "lost"
    skipped = device.create("client", client_fields())

    reply = device.send_push([skipped])

    assert reply.status_code == 409
    body = reply.json()
    assert body["code"] == "gap"
    assert body["last_applied"] == 1
    assert "expected change number 2" in body["message"]
    assert len(device.pull_all()) == 1


def test_a_rejected_mutation_does_not_block_the_ones_after_it(make_clinic, database):
    clinic = make_clinic()
    device = clinic.enrol()
    bad = device.create("client", client_fields(birthday="1990-01-01"))
    unknown = device.create("spaceship", {"name": "x"})
    good = device.create("client", client_fields(first_name="Mia"))

    answer = device.push(bad, unknown, good)

    assert _statuses(answer) == ["rejected", "rejected", "applied"]
    assert "has no field 'birthday'" in answer["results"][0]["reason"]
    assert "'spaceship' don't sync" in answer["results"][1]["reason"]
    assert answer["last_applied"] == 3
    with database.read() as session:
        assert session.get(Device, device.id).last_mutation_no == 3
    assert [c["data"]["first_name"] for c in device.pull_all()] == ["Mia"]


def test_values_of_the_wrong_kind_are_rejected_with_the_field_named(make_clinic):
    device = make_clinic().enrol()

    answer = device.push(
        device.create("client", client_fields(date_of_birth="next tuesday")),
        device.create("payment", payment_fields(amount_minor="12.50")),
        device.create("client", client_fields(first_name=None)),
    )

    reasons = [r["reason"] for r in answer["results"]]
    assert "'date_of_birth' must be a date" in reasons[0]
    assert "'amount_minor' must be a whole number" in reasons[1]
    assert "'first_name' can't be empty" in reasons[2]


def test_edits_of_different_fields_on_two_devices_are_both_kept(make_clinic):
    clinic = make_clinic()
    front_desk, tablet = clinic.enrol("Front desk"), clinic.enrol("Tablet")
    client_id = new_id()
    front_desk.push(front_desk.create("client", client_fields(), entity_id=client_id))

    phone = front_desk.mutation("client", client_id, {"phone": "+1 555 0100"})
    allergies = tablet.mutation("client", client_id, {"allergies": "latex"})
    tablet.push(allergies)
    answer = front_desk.push(phone)

    assert _statuses(answer) == ["applied"]
    row = tablet.row("client", client_id)
    assert (row["phone"], row["allergies"]) == ("+1 555 0100", "latex")


def test_the_later_edit_of_one_field_wins_whichever_arrives_first(make_clinic):
    clinic = make_clinic()
    front_desk, tablet = clinic.enrol("Front desk"), clinic.enrol("Tablet")
    client_id = new_id()
    front_desk.push(front_desk.create("client", client_fields(), entity_id=client_id))

    earlier = front_desk.mutation("client", client_id, {"email": "old@example.com"})
    later = tablet.mutation("client", client_id, {"email": "new@example.com"})
    tablet.push(later)
    answer = front_desk.push(earlier)

    assert _statuses(answer) == ["merged"]
    assert "kept for: email" in answer["results"][0]["reason"]
    assert tablet.row("client", client_id)["email"] == "new@example.com"


def test_a_change_to_a_record_the_server_never_had_is_rejected(make_clinic):
    device = make_clinic().enrol()

    answer = device.push(device.mutation("client", new_id(), {"phone": "1"}))

    assert _statuses(answer) == ["rejected"]
    assert "is not on the server" in answer["results"][0]["reason"]


def test_tombstones_sync_as_deleted_rows(make_clinic):
    device = make_clinic().enrol()
    client_id = new_id()
    device.push(device.create("client", client_fields(), entity_id=client_id))

    device.push(device.mutation("client", client_id, {"deleted": True}, name="delete_client"))

    (change,) = device.pull_all(since=1)
    assert change["deleted"] is True
    assert change["data"]["deleted"] is True


def test_a_ledger_entry_is_inserted_once_and_never_changed(make_clinic):
    clinic = make_clinic()
    till, tablet = clinic.enrol("Till"), clinic.enrol("Tablet")
    payment_id, fields = new_id(), payment_fields()
    original = till.create("payment", fields, entity_id=payment_id)

    first = till.push(original)
    same = tablet.push(tablet.create("payment", fields, entity_id=payment_id))
    altered = tablet.push(
        tablet.create("payment", {**fields, "amount_minor": 1}, entity_id=payment_id)
    )

    assert _statuses(first) == _statuses(same) == ["applied"]
    assert _statuses(altered) == ["rejected"]
    assert "record a correction instead" in altered["results"][0]["reason"].lower()
    payments = [c for c in tablet.pull_all() if c["entity"] == "payment"]
    assert [p["data"]["amount_minor"] for p in payments] == [12_500]


def test_a_signed_chart_cannot_be_changed(make_clinic):
    clinic = make_clinic()
    practitioner, other = clinic.enrol("Tablet"), clinic.enrol("Front desk")
    chart_id = new_id()
    chart = {"client_id": new_id(), "staff_id": new_id(), "template_code": "filler"}
    practitioner.push(
        practitioner.create("chart", {**chart, "status": "draft"}, entity_id=chart_id)
    )
    signing = practitioner.mutation(
        "chart", chart_id, {"status": "signed", "signed_at": "2025-03-01T11:00:00+00:00"}
    )
    practitioner.push(signing)

    late_edit = other.push(other.mutation("chart", chart_id, {"template_code": "laser"}))

    assert _statuses(late_edit) == ["rejected"]
    assert late_edit["results"][0]["reason"] == "A signed chart can't be changed; add an addendum."
    assert other.row("chart", chart_id)["template_code"] == "filler"


def test_rows_always_carry_the_devices_organisation(make_clinic):
    clinic = make_clinic()
    device = clinic.enrol()
    payment = device.create("payment", payment_fields())
    del payment["fields"]["org_id"]  # a ledger entry sent without it

    device.push(payment)

    (change,) = device.pull_all()
    assert change["data"]["org_id"] == clinic.org_id
