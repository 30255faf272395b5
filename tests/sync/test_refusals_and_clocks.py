"""When the server says no (revoked device, clock far ahead, app too old, a gap in the
change numbers) the device is told why in words, keeps every pending change, and syncs them
once the cause is fixed; a slow device clock merges forward instead."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from medspa_desktop.domain.hlc import HybridLogicalClock, Timestamp
from medspa_desktop.services.clients import CreateClient, UpdateClient, create_client, update_client
from medspa_desktop.store.models import Client, OutboxMutation
from medspa_desktop.sync import protocol
from medspa_desktop.sync.engine import sync_once
from medspa_desktop.sync.enrolment import enrol
from medspa_desktop.sync.state import read_status

from .helpers import actor_on, get, pending_count

pytestmark = pytest.mark.slow
TWO_HOURS_MS = 2 * 60 * 60 * 1000


def _new_client(store, actor, **fields):
    with store.uow() as uow:
        return create_client(CreateClient(**fields), uow=uow, actor=actor)


def _set_wall_clock(store, offset_ms: int) -> None:
    """Run the device's HLC on a wall clock ``offset_ms`` off the real one."""
    real = HybridLogicalClock("real")
    store.clock = HybridLogicalClock(
        store.device_id,
        persisted=store.clock.last,
        wall_clock=lambda: Timestamp.decode(real.now()).wall_ms + offset_ms,
    )


def test_a_revoked_device_is_told_so_and_keeps_its_pending_changes(connected, sync_server):
    clinic, a, _b = connected
    created = _new_client(a, clinic.owner, first_name="Maya", last_name="Chen")
    sync_server.revoke(a.device_id)

    refused = sync_once(a)

    assert not refused.ok and "enrol it again" in refused.errors[0]
    assert pending_count(a) == 1 and read_status(a).last_error == refused.errors[0]
    enrol(a, sync_server.url, sync_server.enrol_code(clinic.org_id), "Front desk")
    resumed = sync_once(a)
    assert resumed.ok and resumed.pushed == 1 and pending_count(a) == 0
    assert get(a, Client, created.id) is not None


def test_a_device_clock_two_hours_fast_is_refused_with_a_message_to_fix_it(connected):
    clinic, a, _b = connected
    _new_client(a, clinic.owner, first_name="Maya", last_name="Chen")
    _set_wall_clock(a, +TWO_HOURS_MS)

    refused = sync_once(a)

    assert not refused.ok and "clock" in refused.errors[0].lower()
    assert "time" in refused.errors[0].lower(), "it says what to fix"
    assert pending_count(a) == 1
    _set_wall_clock(a, 0)
    assert sync_once(a).ok and pending_count(a) == 0


def test_a_device_clock_two_hours_slow_merges_forward_so_its_later_edit_wins(connected):
    clinic, a, b = connected
    created = _new_client(a, clinic.owner, first_name="Maya", last_name="Chen")
    sync_once(a)
    _set_wall_clock(b, -TWO_HOURS_MS)
    before = b.clock.now()

    warned = sync_once(b)  # pulls A's client, stamped two hours "later" than B's clock

    seen = get(b, Client, created.id).updated_hlc
    after = b.clock.now()
    assert warned.ok and any("clock" in w and "behind" in w for w in warned.warnings)
    assert before < seen < after, "B's clock merged forward past what it saw"
    with b.uow() as uow:
        update_client(
            UpdateClient(client_id=created.id, last_name="Park"),
            uow=uow,
            actor=actor_on(b, clinic),
        )
    assert sync_once(b).ok and sync_once(a).ok
    assert get(a, Client, created.id).last_name == "Park", "the later edit won, not the clock"
    assert b.clock.now() > after


def test_an_app_too_old_for_the_server_is_told_to_upgrade_and_loses_nothing(connected, monkeypatch):
    clinic, a, _b = connected
    _new_client(a, clinic.owner, first_name="Maya", last_name="Chen")
    monkeypatch.setattr(protocol, "PROTOCOL_VERSION", protocol.PROTOCOL_VERSION - 1)

    refused = sync_once(a)

    assert not refused.ok and "update" in refused.errors[0].lower()
    assert pending_count(a) == 1


def test_changes_a_restored_server_no_longer_holds_are_sent_again(connected):
    clinic, a, b = connected
    lost = _new_client(a, clinic.owner, first_name="Maya", last_name="Chen")
    kept = _new_client(a, clinic.owner, first_name="Noor", last_name="Haddad")
    with a.uow() as uow:  # as if the server had acknowledged the first, then lost it
        first = uow.session.scalars(
            select(OutboxMutation).where(OutboxMutation.entity_id == lost.id)
        ).one()
        first.status = "applied"
        uow.commit()

    resent = sync_once(a)

    assert resent.ok and any("sent again" in w for w in resent.warnings)
    assert pending_count(a) == 0
    assert sync_once(b).ok
    assert get(b, Client, lost.id) is not None and get(b, Client, kept.id) is not None
