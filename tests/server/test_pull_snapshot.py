"""Pull pages by the organisation's sequence; the first sync reads a pinned snapshot."""

from __future__ import annotations

from medspa_desktop.domain.ids import new_id
from medspa_desktop.domain.sync_policy import ENTITIES

from .helpers import client_fields, payment_fields


def test_pull_pages_in_sequence_order_with_a_cursor(make_clinic):
    clinic = make_clinic()
    writer, reader = clinic.enrol("Front desk"), clinic.enrol("Tablet")
    writer.push(*(writer.create("client", client_fields(first_name=f"C{i}")) for i in range(5)))

    first = reader.get("/v1/pull", since=0, limit=2)
    second = reader.get("/v1/pull", since=first["cursor"], limit=2)
    last = reader.get("/v1/pull", since=second["cursor"], limit=2)
    after = reader.get("/v1/pull", since=last["cursor"], limit=2)

    pages = [first, second, last]
    assert [[c["seq"] for c in p["changes"]] for p in pages] == [[1, 2], [3, 4], [5]]
    assert [p["has_more"] for p in pages] == [True, True, False]
    assert [p["cursor"] for p in pages] == [2, 4, 5]
    assert after == {**after, "changes": [], "cursor": 5, "has_more": False}
    assert [c["data"]["first_name"] for p in pages for c in p["changes"]] == [
        f"C{i}" for i in range(5)
    ]


def test_an_updated_row_moves_to_the_end_of_the_sequence(make_clinic):
    device = make_clinic().enrol()
    first_id = new_id()
    device.push(
        device.create("client", client_fields(), entity_id=first_id),
        device.create("client", client_fields()),
    )

    device.push(device.mutation("client", first_id, {"notes": "prefers mornings"}))

    changes = device.get("/v1/pull", since=2)["changes"]
    assert [(c["seq"], c["entity_id"]) for c in changes] == [(3, first_id)]
    assert changes[0]["data"]["notes"] == "prefers mornings"


def test_the_snapshot_is_pinned_and_later_changes_come_by_pull(make_clinic):
    clinic = make_clinic()
    writer, newcomer = clinic.enrol("Front desk"), clinic.enrol("New tablet")
    client_ids = [new_id() for _ in range(3)]
    writer.push(
        *(writer.create("client", client_fields(), entity_id=cid) for cid in client_ids),
        writer.create("payment", payment_fields()),
    )

    page = newcomer.get("/v1/snapshot", entity="client", limit=2)
    writer.push(writer.mutation("client", client_ids[2], {"notes": "changed mid-snapshot"}))
    rest = newcomer.get(
        "/v1/snapshot", pin=page["pin"], entity="client", after=page["after"], limit=2
    )
    payments = newcomer.get("/v1/snapshot", pin=page["pin"], entity=rest["next_entity"], after=0)
    later = newcomer.pull_all(since=page["pin"])

    assert page["pin"] == 4 and page["entity_done"] is False and page["next_entity"] == "client"
    snapshot_clients = [c["entity_id"] for c in page["changes"] + rest["changes"]]
    assert snapshot_clients == client_ids[:2]  # the third changed after the pin
    assert rest["entity_done"] is True and rest["next_entity"] == "payment"
    assert [c["entity"] for c in payments["changes"]] == ["payment"]
    assert payments["next_entity"] is None
    assert [(c["entity_id"], c["data"]["notes"]) for c in later] == [
        (client_ids[2], "changed mid-snapshot")
    ]


def test_the_first_snapshot_call_starts_at_the_first_entity_with_rows(make_clinic):
    device = make_clinic().enrol()
    device.push(device.create("payment", payment_fields()))

    page = device.get("/v1/snapshot")

    assert page["entity"] == "payment"
    assert page["next_entity"] is None
    assert ENTITIES.index("payment") > 0


def test_an_empty_organisation_snapshot_is_done_at_once(make_clinic):
    device = make_clinic().enrol()

    page = device.get("/v1/snapshot", entity=ENTITIES[0])

    assert page == {**page, "pin": 0, "changes": [], "entity_done": True, "next_entity": None}


def test_a_snapshot_pin_the_server_never_gave_is_refused(make_clinic):
    device = make_clinic().enrol()

    reply = device.http.get("/v1/snapshot", params={"pin": 99}, headers=device.headers())

    assert reply.status_code == 409
    assert "Start the first sync again" in reply.json()["message"]


def test_an_unknown_snapshot_entity_is_refused(make_clinic):
    device = make_clinic().enrol()

    reply = device.http.get(
        "/v1/snapshot", params={"entity": "audit_entry"}, headers=device.headers()
    )

    assert reply.status_code == 400
    assert "not a kind of record that syncs" in reply.json()["message"]


def test_json_the_fast_encoder_refuses_is_stored_and_sent_back_unchanged(make_clinic):
    """Stored JSON is written with orjson, which refuses integers beyond 64 bits and
    non-text keys; such values still go in (through json.dumps) and come back as sent."""
    device = make_clinic().enrol()
    client_id = new_id()
    flags = [2**70, {"nested": ["Zoë", -(2**65)]}]
    device.push(device.create("client", client_fields(medical_flags=flags), entity_id=client_id))

    pulled = device.pull_all()

    assert [c["data"]["medical_flags"] for c in pulled if c["entity_id"] == client_id] == [flags]
