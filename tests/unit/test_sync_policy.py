"""The sync policy table covers every synced table, parents before children."""

from __future__ import annotations

import datetime as dt

from medspa_desktop.domain.sync_policy import ENTITIES, LEDGERS, POLICIES, Policy, overlaps
from medspa_desktop.store.models import Base

SYNC_COLUMNS = {"id", "org_id", "updated_hlc", "updated_by", "deleted"}


def _synced_tables():
    return [t for t in Base.metadata.sorted_tables if SYNC_COLUMNS <= set(t.c.keys())]


def test_every_synced_table_has_a_policy_and_no_other_does():
    assert set(ENTITIES) == {t.name for t in _synced_tables()}
    assert set(POLICIES) == set(ENTITIES)


def test_the_snapshot_order_puts_every_parent_before_its_children():
    position = {name: i for i, name in enumerate(ENTITIES)}
    for table in _synced_tables():
        for fk in table.foreign_keys:
            parent = fk.column.table.name
            if parent in position and parent != table.name:
                assert position[parent] < position[table.name], f"{parent} after {table.name}"


def test_money_and_history_ledgers_never_merge():
    for name in ("payment", "refund", "gift_card_ledger", "chart_version"):
        assert name in LEDGERS
        assert POLICIES[name] is Policy.LEDGER
    assert POLICIES["client"] is Policy.FIELD_MERGE
    assert POLICIES["appointment"] is Policy.APPOINTMENT


def test_back_to_back_appointments_do_not_overlap():
    nine = dt.datetime(2026, 3, 8, 9, tzinfo=dt.UTC)
    ten, eleven = nine + dt.timedelta(hours=1), nine + dt.timedelta(hours=2)
    assert not overlaps(nine, ten, ten, eleven)
    assert overlaps(nine, eleven, ten, ten + dt.timedelta(minutes=15))
