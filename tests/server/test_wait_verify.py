"""Long poll wakes on a change of the device's organisation; verify compares digests."""

from __future__ import annotations

import threading
import time

from medspa_desktop.domain.ids import new_id
from medspa_desktop.domain.sync_policy import ENTITIES, LEDGERS
from medspa_desktop.sync.verify import ledger_hash as device_ledger_hash

from .helpers import client_fields, payment_fields


def _wait_in_background(device, since: int, timeout: float) -> tuple[threading.Thread, dict]:
    answer: dict = {}

    def run() -> None:
        answer.update(device.get("/v1/wait", since=since, timeout=timeout))

    thread = threading.Thread(target=run)
    thread.start()
    return thread, answer


def test_a_waiting_device_wakes_when_another_pushes(make_clinic):
    clinic = make_clinic()
    waiter, writer = clinic.enrol("Tablet"), clinic.enrol("Front desk")
    thread, answer = _wait_in_background(waiter, since=0, timeout=30)
    time.sleep(0.3)  # let the poll start waiting; the assertions hold either way

    writer.push(writer.create("client", client_fields()))
    thread.join(timeout=60)

    assert answer == {"latest": 1, "changed": True}


def test_a_wait_with_nothing_new_ends_unchanged(make_clinic):
    device = make_clinic().enrol()
    device.push(device.create("client", client_fields()))

    assert device.get("/v1/wait", since=1, timeout=0.2) == {"latest": 1, "changed": False}
    assert device.get("/v1/wait", since=0, timeout=0.2) == {"latest": 1, "changed": True}


def test_verify_matches_what_the_device_holds_and_names_what_differs(make_clinic):
    clinic = make_clinic()
    device = clinic.enrol()
    payments = [device.create("payment", payment_fields()) for _ in range(3)]
    device.push(device.create("client", client_fields()), *payments)
    held = {
        "client": {"rows": 1},
        "payment": {"rows": 3, "ledger_hash": device_ledger_hash(p["entity_id"] for p in payments)},
    }
    for entity in LEDGERS - {"payment"}:
        held[entity] = {"rows": 0, "ledger_hash": device_ledger_hash([])}

    same = device.post_json("/v1/verify", {"tables": held, "cursor": 4})
    missing_one = {**held, "payment": {"rows": 3, "ledger_hash": device_ledger_hash([new_id()])}}
    differs = device.post_json("/v1/verify", {"tables": missing_one, "cursor": 4})

    assert same["mismatched"] == []
    assert set(same["tables"]) == set(ENTITIES)
    assert same["tables"]["payment"] == held["payment"]
    assert differs["mismatched"] == ["payment"]


def test_verify_counts_only_rows_created_up_to_the_cursor(make_clinic):
    device = make_clinic().enrol()
    client_id = new_id()
    device.push(device.create("client", client_fields(), entity_id=client_id))
    device.push(device.create("client", client_fields()))
    device.push(device.mutation("client", client_id, {"notes": "edited after"}))

    answer = device.post_json("/v1/verify", {"tables": {"client": {"rows": 1}}, "cursor": 1})

    assert answer["tables"]["client"]["rows"] == 1
    assert "client" not in answer["mismatched"]


def test_many_waiting_devices_cost_one_sequence_read_per_tick_and_wake_only_their_clinic(
    make_clinic, client
):
    first, second = make_clinic("First"), make_clinic("Second")
    waiters = [first.enrol(f"Tablet {n}") for n in range(6)]
    other = second.enrol("Other clinic's tablet")
    watcher = client.app.state.watcher
    reads_before = watcher.reads
    started = [_wait_in_background(device, since=0, timeout=30) for device in waiters]
    other_thread, other_answer = _wait_in_background(other, since=0, timeout=1.5)
    time.sleep(0.5)  # every poll parked; a few watcher ticks pass

    ticks = watcher.reads - reads_before
    writer = first.enrol("Front desk")
    writer.push(writer.create("client", client_fields()))
    for thread, _ in started:
        thread.join(timeout=60)
    other_thread.join(timeout=60)

    assert all(answer == {"latest": 1, "changed": True} for _, answer in started)
    assert other_answer == {"latest": 0, "changed": False}
    # 7 polls parked for 0.5 s: one read per 0.1 s tick for all of them (at most 5 or 6),
    # where a read per poll per tick would have made 35.
    assert ticks <= 8
