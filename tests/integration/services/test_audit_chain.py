"""The audit log is hash-chained: editing, removing or reordering an entry is detected.

The store refuses UPDATE and DELETE on ``audit_entry`` with triggers; these tests play an
attacker who holds the database key, drops the triggers and edits the file directly.
"""

from __future__ import annotations

import itertools

import pytest

from medspa_desktop.domain.actor import Role
from medspa_desktop.services.audit import GENESIS_HASH, verify_audit_chain
from medspa_desktop.services.audit_log import AuditQuery, list_audit_entries, verify_audit
from medspa_desktop.services.errors import LoginFailed, PermissionDenied
from medspa_desktop.services.staff import list_staff

from .helpers import OWNER_PASSWORD, audit_entries


def verify(store, key=None):
    with store.session_factory() as session:
        return verify_audit_chain(session, key or store.derived_key("audit"))


def tamper(store, *statements: str) -> None:
    with store.engine.connect() as conn:
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_entry_no_update")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_entry_no_delete")
        for statement in statements:
            conn.exec_driver_sql(statement)
        conn.commit()


@pytest.fixture
def logged(clinic):
    """A clinic whose log holds a handful of entries (set-up, log-ins, a failure)."""
    clinic.log_in("olivia", OWNER_PASSWORD)
    with pytest.raises(LoginFailed):
        clinic.log_in("olivia", "wrong password")
    clinic.log_in("olivia", OWNER_PASSWORD)
    clinic.log_in("olivia", OWNER_PASSWORD)
    entries = audit_entries(clinic.store)
    assert len(entries) == 6
    return clinic, entries


def test_entries_are_chained_in_sequence_and_verify(logged):
    clinic, entries = logged
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5, 6]
    assert entries[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(entries))
    report = verify(clinic.store)
    assert (report.ok, report.entries_checked, report.first_bad_seq) == (True, 6, None)


@pytest.mark.parametrize(
    "change",
    [
        "outcome = 'denied'",
        "detail = 'nothing happened'",
        "staff_id = NULL",
        "action = 'auth.logout'",
        "entity_id = 'someone-else'",
        "at = '2020-01-01 00:00:00.000000'",
        "org_id = 'other-org'",
    ],
)
def test_an_edited_entry_is_named(logged, change):
    clinic, entries = logged
    assert (entries[2].action, entries[2].outcome) == ("auth.login", "ok")
    tamper(clinic.store, f"UPDATE audit_entry SET {change} WHERE id = '{entries[2].id}'")
    report = verify(clinic.store)
    assert not report.ok
    assert (report.first_bad_seq, report.first_bad_id) == (3, entries[2].id)
    assert "changed" in report.reason and report.entries_checked == 2


def test_a_removed_entry_is_detected(logged):
    clinic, entries = logged
    tamper(clinic.store, f"DELETE FROM audit_entry WHERE id = '{entries[2].id}'")
    report = verify(clinic.store)
    assert not report.ok and report.first_bad_seq == 4 and report.first_bad_id == entries[3].id
    assert "entry 3 is missing" in report.reason


def test_a_removed_and_renumbered_entry_is_detected(logged):
    clinic, entries = logged
    tamper(
        clinic.store,
        f"DELETE FROM audit_entry WHERE id = '{entries[2].id}'",
        "UPDATE audit_entry SET seq = seq - 1 WHERE seq > 3",
    )
    report = verify(clinic.store)
    assert not report.ok and report.first_bad_id == entries[3].id


def test_removing_the_newest_entries_is_detected(logged):
    clinic, _ = logged
    tamper(clinic.store, "DELETE FROM audit_entry WHERE seq >= 5")
    report = verify(clinic.store)
    assert not report.ok and report.first_bad_seq == 5 and report.entries_checked == 4


def test_reordered_entries_are_detected(logged):
    clinic, entries = logged
    tamper(
        clinic.store,
        f"UPDATE audit_entry SET seq = 100 WHERE id = '{entries[1].id}'",
        f"UPDATE audit_entry SET seq = 2 WHERE id = '{entries[2].id}'",
        f"UPDATE audit_entry SET seq = 3 WHERE id = '{entries[1].id}'",
    )
    report = verify(clinic.store)
    assert not report.ok and report.first_bad_seq == 2 and report.first_bad_id == entries[2].id


def test_a_forged_chain_without_the_device_key_fails_at_the_first_entry(logged):
    clinic, _ = logged
    report = verify(clinic.store, key=b"\x00" * 32)
    assert not report.ok and report.first_bad_seq == 1


def test_a_refused_action_is_audited_although_the_service_raised(clinic):
    desk = clinic.add_staff(Role.FRONT_DESK)
    with clinic.store.uow() as uow, pytest.raises(PermissionDenied) as caught:
        list_staff(uow=uow, actor=desk)
    assert caught.value.message == (
        "Front desk staff can't view staff accounts. Ask a manager or owner."
    )
    [entry] = audit_entries(clinic.store, outcome="denied")
    assert (entry.action, entry.staff_id, entry.device_id) == (
        "staff.view",
        desk.staff_id,
        clinic.store.device_id,
    )
    assert verify(clinic.store).ok


def test_managers_page_through_and_verify_the_log_front_desk_cannot(logged):
    clinic, _ = logged
    with clinic.store.uow() as uow:
        page = list_audit_entries(AuditQuery(limit=2), uow=uow, actor=clinic.owner)
        report = verify_audit(uow=uow, actor=clinic.owner)
    assert page.total == 6 and [line.seq for line in page.lines] == [6, 5]
    assert report.ok and audit_entries(clinic.store)[-1].action == "audit.verify"
    desk = clinic.add_staff(Role.FRONT_DESK)
    with clinic.store.uow() as uow, pytest.raises(PermissionDenied):
        verify_audit(uow=uow, actor=desk)
