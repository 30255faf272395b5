"""What the status bar reads, the digests verify compares, the device token's home, and the
HLC merging a server clock that is ahead of a slow device."""

from __future__ import annotations

import datetime as dt
import hashlib
import stat

from medspa_desktop.domain.hlc import HybridLogicalClock, Timestamp
from medspa_desktop.domain.ids import new_id
from medspa_desktop.store import keys
from medspa_desktop.sync.apply import apply_changes
from medspa_desktop.sync.local import write_transaction
from medspa_desktop.sync.state import read_status, record_outcome
from medspa_desktop.sync.verify import ledger_hash, local_digests

from .helpers import change

ORG = "0190aaaa-0000-7000-8000-000000000001"
OTHER_ORG = "0190bbbb-0000-7000-8000-000000000001"


def _apply(store, changes):
    with write_transaction(store, foreign_keys=False) as conn:
        apply_changes(conn, changes)


def _appointment(status: str, seq: int):
    times = {"starts_at": "2025-05-01T14:00:00+00:00", "ends_at": "2025-05-01T15:00:00+00:00"}
    return change(
        "appointment",
        new_id(),
        seq,
        org_id=ORG,
        location_id=new_id(),
        client_id=new_id(),
        staff_id=new_id(),
        service_id=new_id(),
        visit_id=new_id(),
        status=status,
        **times,
    )


def test_status_shows_pending_changes_their_age_conflicts_and_the_last_outcome(clinic):
    store = clinic.store
    _apply(store, [_appointment("conflict", 1), _appointment("booked", 2)])
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)

    before = read_status(store, now=later)
    assert before.pending == 4 and before.conflicts == 1
    assert dt.timedelta(minutes=9) < before.oldest_pending_age < dt.timedelta(minutes=11)
    assert before.online is None and before.last_success is None and not before.enrolled

    record_outcome(store, error=None, online=True)
    succeeded = read_status(store)
    record_outcome(store, error="The sync server could not be reached.", online=False)
    failed = read_status(store)

    assert succeeded.online is True and succeeded.last_success is not None
    assert failed.online is False and failed.last_error.startswith("The sync server")
    assert failed.last_success == succeeded.last_success


def test_digests_count_every_row_of_the_organisation_and_hash_ledger_ids(store):
    payments = [new_id() for _ in range(3)]
    rows = [
        change("payment", pid, n, org_id=ORG, ticket_id=new_id(), tender="cash", amount_minor=500)
        for n, pid in enumerate(payments, 1)
    ]
    rows.append(change("room", new_id(), 8, org_id=ORG, location_id=new_id(), name="A"))
    rows.append(
        change("room", new_id(), 9, deleted=True, org_id=ORG, location_id=new_id(), name="B")
    )
    rows.append(change("room", new_id(), 10, org_id=OTHER_ORG, location_id=new_id(), name="C"))
    _apply(store, rows)

    with store.engine.connect() as conn:
        digests = local_digests(conn, ORG)

    assert digests["room"].rows == 2 and digests["room"].ledger_hash is None
    assert digests["payment"].rows == 3
    expected = hashlib.sha256("\n".join(sorted(payments)).encode()).hexdigest()
    assert digests["payment"].ledger_hash == expected == ledger_hash(reversed(payments))
    assert digests["refund"].rows == 0 and digests["refund"].ledger_hash == ledger_hash([])


def test_the_device_token_lives_in_its_own_keyring_entry(tmp_path, memory_keyring):
    keys.save_device_token(tmp_path, "token-abc", demo=False)

    assert keys.device_token(tmp_path, demo=False) == "token-abc"
    (entry,) = memory_keyring.entries
    assert entry[0] == keys.KEYRING_SERVICE
    assert entry[1] != keys.keyring_entry_name(tmp_path), "apart from the database key"
    assert str(tmp_path.resolve()) in entry[1]
    assert list(tmp_path.iterdir()) == []


def test_a_demo_clinic_keeps_its_token_in_a_private_file(tmp_path, memory_keyring):
    keys.save_device_token(tmp_path, "demo-token", demo=True)

    path = tmp_path / keys.DEMO_TOKEN_FILE
    assert keys.device_token(tmp_path, demo=True) == "demo-token"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert memory_keyring.entries == {}


def test_a_device_clock_two_hours_slow_merges_forward_and_stays_monotonic():
    real = HybridLogicalClock("server").now()
    two_hours = 2 * 60 * 60 * 1000
    slow_wall = Timestamp.decode(real).wall_ms - two_hours
    device = HybridLogicalClock("device", wall_clock=lambda: slow_wall)
    before = device.now()

    ahead = device.observe_server(real)

    stamps = [device.now() for _ in range(1000)]
    assert ahead == two_hours
    assert before < real < stamps[0]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
