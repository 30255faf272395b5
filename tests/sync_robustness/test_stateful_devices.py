"""Three devices of one clinic, random offline work, random syncs in random order (a
Hypothesis state machine), against a real server process on SQLite and PostgreSQL.

Staff on any device create clients and edit their fields, book appointments (overlapping
ones too), take payments, write chart versions and sign charts; devices sync whenever, some
syncs through a network fault. Once every device has synced until nothing moves, the three
devices and the server hold identical rows in every table, every change made anywhere is
there exactly once (the latest edit of each field wins), every overlapping pair of bookings is
flagged, and no payment is lost or doubled.

``MEDSPA_STATEFUL_EXAMPLES`` runs more examples (default 3, of up to ``STEPS`` steps).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from medspa_desktop.store.database import Store, open_store
from medspa_desktop.store.models import Appointment, Chart, Client, Ticket
from medspa_desktop.sync.engine import sync_once
from medspa_server.admin import create_org

from .checks import (
    assert_converged,
    assert_failed_readably,
    converge,
    server_database,
    server_tables,
)
from .faultproxy import BREAKING, Fault, FaultProxy
from .world import (
    CLIENT_FIELDS,
    book,
    edit_client,
    found_clinic,
    ids_of,
    join,
    new_client,
    note_on_appointment,
    open_ticket,
    sign_chart,
    start_chart,
    take_payment,
    write_chart,
)

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("MEDSPA_STATEFUL_EXAMPLES", "3"))
STEPS = 30
devices = st.integers(0, 2)
names = st.text(alphabet="abcdefghijéü", min_size=1, max_size=10)
words = st.text(alphabet="abcdefghij éü'-", max_size=12)


def pick(data: st.DataObject, ids: list[str], label: str) -> str | None:
    """One of ``ids`` (None if there are none). Always one draw, of an index: which rows a
    device holds depends on earlier syncs, and Hypothesis needs the same draws on a replay."""
    index = data.draw(st.integers(0, 1000), label=label)
    return ids[index % len(ids)] if ids else None


@pytest.mark.timeout(120 + 30 * EXAMPLES)
def test_three_devices_working_offline_and_syncing_in_any_order_end_identical(
    sync_server, tmp_path
):
    database = server_database(sync_server)
    proxy = FaultProxy(sync_server.url)

    class ThreeDevices(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            root = Path(tempfile.mkdtemp(dir=tmp_path))
            self.stores: list[Store] = []
            self.payments: dict[str, int] = {}
            first = self._open(root / "a")
            self.clinic = found_clinic(first)
            create_org(database, "Lumen Aesthetics", org_id=self.clinic.org_id)
            for n, name in enumerate(("Front desk", "Treatment room", "Tablet")):
                store = first if n == 0 else self._open(root / name.split()[0].lower())
                join(store, proxy.url, database, self.clinic.org_id, name)
                assert sync_once(store).ok

        def _open(self, path: Path) -> Store:
            store = open_store(path, demo=True)
            self.stores.append(store)
            return store

        def _client_on(self, store: Store, data: st.DataObject) -> str:
            client = pick(data, ids_of(store, Client), "client")
            return client or new_client(store, self.clinic, "Walk", "In")

        @rule(d=devices, first=names, last=names)
        def create_client(self, d: int, first: str, last: str) -> None:
            new_client(self.stores[d], self.clinic, first, last)

        @rule(d=devices, data=st.data(), field=st.sampled_from(CLIENT_FIELDS), value=words)
        def edit_client(self, d: int, data: st.DataObject, field: str, value: str) -> None:
            store = self.stores[d]
            edit_client(store, self.clinic, self._client_on(store, data), field, value)

        @rule(
            d=devices,
            data=st.data(),
            slot=st.integers(0, 6),
            minutes=st.sampled_from((30, 60, 90)),
            staff=st.integers(0, 1),
            room=st.sampled_from((None, 0, 1)),
        )
        def book(self, d: int, data, slot: int, minutes: int, staff: int, room) -> None:
            store = self.stores[d]
            client_id = self._client_on(store, data)
            book(store, self.clinic, client_id, slot=slot, minutes=minutes, staff=staff, room=room)

        @rule(d=devices, data=st.data(), text=words)
        def note_on_appointment(self, d: int, data: st.DataObject, text: str) -> None:
            chosen = pick(data, ids_of(self.stores[d], Appointment), "appointment")
            if chosen:
                note_on_appointment(self.stores[d], chosen, text)

        @rule(d=devices, data=st.data(), amount=st.integers(1, 100_000), new_ticket=st.booleans())
        def take_payment(self, d: int, data, amount: int, new_ticket: bool) -> None:
            store = self.stores[d]
            ticket = None if new_ticket else pick(data, ids_of(store, Ticket), "ticket")
            ticket = ticket or open_ticket(store, self.clinic, f"T-{len(self.payments)}")
            self.payments[take_payment(store, self.clinic, ticket, amount)] = amount

        @rule(d=devices, data=st.data(), text=words)
        def write_chart(self, d: int, data: st.DataObject, text: str) -> None:
            store = self.stores[d]
            chart = pick(data, ids_of(store, Chart), "chart")
            if chart is None or data.draw(st.booleans(), label="new chart"):
                chart = start_chart(store, self.clinic, self._client_on(store, data))
            write_chart(store, self.clinic, chart, text)

        @rule(d=devices, data=st.data())
        def sign_chart(self, d: int, data: st.DataObject) -> None:
            chart = pick(data, ids_of(self.stores[d], Chart), "chart")
            if chart:
                sign_chart(self.stores[d], self.clinic, chart)

        @rule(d=devices)
        def sync(self, d: int) -> None:
            summary = sync_once(self.stores[d])
            assert summary.ok, summary.errors

        @rule(
            d=devices,
            fault=st.sampled_from(BREAKING),
            path=st.sampled_from(("/v1/push", "/v1/pull")),
        )
        def sync_through_a_fault(self, d: int, fault: Fault, path: str) -> None:
            rule = proxy.arm(fault, path)
            summary = sync_once(self.stores[d])
            proxy.disarm()
            if rule.fired:
                assert_failed_readably(summary)
            else:
                assert summary.ok, summary.errors  # nothing to push: the fault never came

        def teardown(self) -> None:
            try:
                if len(self.stores) == 3:
                    self._check()
            finally:
                for store in self.stores:
                    store.close()

        def _check(self) -> None:
            converge(self.stores)
            org_id = self.clinic.org_id
            assert_converged(self.stores, database, org_id, refusable=frozenset({"chart"}))
            payments = server_tables(database, org_id)["payment"]
            assert {p: row["amount_minor"] for p, row in payments.items()} == self.payments

    run_state_machine_as_test(
        ThreeDevices,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            # Each example is a clinic of three devices and a server: a failure is reported
            # as found rather than after many more of them.
            phases=(Phase.explicit, Phase.reuse, Phase.generate),
        ),
    )
    proxy.close()
    database.dispose()
