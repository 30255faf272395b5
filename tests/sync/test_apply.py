"""Applying pulled pages to a real SQLCipher store: types, pending local edits, tombstones,
search index, foreign keys off while a page goes in."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text, update

from medspa_desktop.domain.ids import new_id
from medspa_desktop.services.clients import CreateClient, UpdateClient, create_client, update_client
from medspa_desktop.store.models import Client, OutboxMutation, Staff
from medspa_desktop.store.search import search_clients
from medspa_desktop.sync.apply import apply_changes, dangling_references
from medspa_desktop.sync.errors import ApplyError
from medspa_desktop.sync.local import write_transaction

from .helpers import change, outbox_size

ORG = "0190aaaa-0000-7000-8000-000000000001"
LOCATION = "0190aaaa-0000-7000-8000-000000000002"


def _apply(store, changes, *, foreign_keys=False):
    with write_transaction(store, foreign_keys=foreign_keys) as conn:
        return apply_changes(conn, changes)


def _client(store, client_id) -> Client:
    with store.session_factory() as session:
        return session.get(Client, client_id)


def _client_change(client_id, seq, **fields):
    row = {"org_id": ORG, "first_name": "Ada", "last_name": "Lovelace", **fields}
    return change("client", client_id, seq, **row)


def test_pulled_rows_are_stored_with_their_column_types_and_are_searchable(store):
    client_id = new_id()
    page = [
        change("organisation", ORG, 1, org_id=ORG, name="Lumen", currency="EUR"),
        _client_change(
            client_id,
            2,
            date_of_birth="1990-04-05",
            medical_flags=["keloid history"],
            created_at="2024-03-01T09:30:00+00:00",
            phone="+15551234567",
        ),
    ]
    applied = _apply(store, page)

    assert applied.rows == 2 and applied.tables == {"organisation", "client"}
    stored = _client(store, client_id)
    assert stored.date_of_birth == dt.date(1990, 4, 5)
    assert stored.medical_flags == ["keloid history"]
    assert stored.created_at == dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.UTC)
    assert stored.deleted is False
    with store.session_factory() as session:
        assert search_clients(session, "lovel") == [client_id]
        assert search_clients(session, "555 123") == [client_id]
    assert outbox_size(store) == 0, "pulled changes are not local edits"


def test_a_later_change_of_the_same_row_wins_and_a_tombstone_leaves_search(store):
    client_id = new_id()
    _apply(store, [_client_change(client_id, 1), _client_change(client_id, 2, last_name="Byron")])
    assert _client(store, client_id).last_name == "Byron"

    _apply(store, [_client_change(client_id, 3, last_name="Byron", deleted=True)])

    assert _client(store, client_id).deleted is True
    with store.session_factory() as session:
        assert search_clients(session, "byron") == []


def test_a_pulled_rename_moves_the_client_in_search_and_local_edits_are_indexed_again(clinic):
    store = clinic.store
    renamed, kept = new_id(), new_id()
    _apply(
        store,
        [
            _client_change(renamed, 1, phone="+15551234567"),
            _client_change(kept, 2, first_name="Grace", last_name="Hopper"),
        ],
    )
    _apply(store, [_client_change(renamed, 3, last_name="King", phone="+15559876543")])

    with store.session_factory() as session:
        assert search_clients(session, "lovelace") == []
        assert search_clients(session, "ada king") == [renamed]
        assert search_clients(session, "555 987") == [renamed]
        assert search_clients(session, "555 123") == []
        assert search_clients(session, "hopper") == [kept]
        paused = session.execute(text("SELECT count(*) FROM client_search_paused")).scalar()
    assert paused == 0, "the pause never outlives the page"
    # The triggers index the front desk's own edits again after a pulled page.
    with store.uow() as uow:
        made = create_client(
            CreateClient(first_name="Mary", last_name="Somerville"), uow=uow, actor=clinic.owner
        )
    with store.session_factory() as session:
        assert search_clients(session, "somerv") == [made.id]


def test_a_pulled_change_never_overwrites_a_field_with_a_pending_local_edit(clinic):
    store = clinic.store
    with store.uow() as uow:
        created = create_client(
            CreateClient(first_name="Maya", last_name="Chen", email="maya@example.com"),
            uow=uow,
            actor=clinic.owner,
        )
    with store.uow() as uow:  # as if everything so far had been pushed
        uow.session.execute(update(OutboxMutation).values(status="applied"))
        uow.commit()
    with store.uow() as uow:
        update_client(
            UpdateClient(client_id=created.id, phone="+1 212 555 0147"), uow=uow, actor=clinic.owner
        )
    server_row = {
        "org_id": clinic.org_id,
        "first_name": "Maya",
        "last_name": "Chen-Park",
        "email": "maya.park@example.com",
        "phone": "+15559999999",
    }

    _apply(store, [change("client", created.id, 7, **server_row)])

    stored = _client(store, created.id)
    assert stored.phone == "+12125550147", "the pending local edit stays"
    assert stored.last_name == "Chen-Park" and stored.email == "maya.park@example.com"


def test_children_before_parents_go_in_and_dangling_references_are_named(store):
    client_id = new_id()
    _apply(store, [_client_change(client_id, 1, home_location_id=LOCATION)])

    with store.engine.connect() as conn:
        problems = dangling_references(conn, {"client"})
    assert len(problems) == 1 and "client" in problems[0] and "location" in problems[0]

    _apply(store, [change("location", LOCATION, 2, org_id=ORG, name="Downtown", time_zone="UTC")])
    with store.engine.connect() as conn:
        assert dangling_references(conn, {"client", "location"}) == []


def test_foreign_keys_are_enforced_again_after_a_pulled_page(store):
    _apply(store, [_client_change(new_id(), 1)])

    connections = [store.engine.connect() for _ in range(3)]
    try:
        for conn in connections:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        for conn in connections:
            conn.close()


def test_an_unknown_entity_is_skipped_and_reported(store):
    applied = _apply(store, [change("hologram", new_id(), 1, org_id=ORG)])

    assert applied.unknown_entities == {"hologram"} and applied.tables == frozenset()


def test_a_row_that_clashes_with_a_unique_local_row_stops_the_page_and_keeps_nothing(clinic):
    store = clinic.store
    other_owner = {
        "org_id": clinic.org_id,
        "username": "olivia",
        "display_name": "Another Olivia",
        "role": "owner",
    }
    client_id = new_id()

    with pytest.raises(ApplyError, match="UNIQUE") as raised:
        _apply(store, [_client_change(client_id, 1), change("staff", new_id(), 2, **other_owner)])

    assert "administrator" in str(raised.value)
    assert _client(store, client_id) is None
    with store.session_factory() as session:
        assert len(session.scalars(select(Staff)).all()) == 1


@pytest.mark.parametrize(
    "wire_time",
    [
        "2024-03-01T09:30:00.123456+00:00",
        "2024-03-01T09:30:00+00:00",
        "2024-03-01T11:30:00.5+02:00",
        "2024-03-01T09:30:00Z",
        "2024-03-01T09:30:00",
    ],
)
def test_pulled_values_are_stored_exactly_as_the_app_stores_its_own(store, wire_time):
    """Pulled rows skip the ORM: each value must land in the same stored form as a row the
    app writes itself, or sorting and comparing times in SQL would go wrong."""
    pulled_id, own_id = new_id(), new_id()
    fields = {
        "date_of_birth": "1990-04-05",
        "medical_flags": ["keloid history", "Zoë's note"],
        "created_at": wire_time,
        "erased_at": None,
    }
    _apply(store, [_client_change(pulled_id, 1, **fields)])
    expected = dt.datetime.fromisoformat(wire_time.replace("Z", "+00:00"))
    if expected.tzinfo is None:
        expected = expected.replace(tzinfo=dt.UTC)
    with store.uow() as uow:
        uow.session.add(
            Client(
                id=own_id,
                org_id=ORG,
                first_name="Ada",
                last_name="Lovelace",
                date_of_birth=dt.date(1990, 4, 5),
                medical_flags=["keloid history", "Zoë's note"],
                created_at=expected,
                updated_hlc="0",
                updated_by="here",
            )
        )
        uow.commit()
    raw = "SELECT created_at, date_of_birth, deleted, erased_at FROM client WHERE id = :id"
    with store.engine.connect() as conn:
        pulled = conn.execute(text(raw), {"id": pulled_id}).one()
        own = conn.execute(text(raw), {"id": own_id}).one()
    assert pulled == own
    stored = _client(store, pulled_id)
    assert stored.created_at == expected.astimezone(dt.UTC)
    assert stored.medical_flags == ["keloid history", "Zoë's note"]
    assert stored.erased_at is None and stored.deleted is False


@pytest.mark.parametrize(
    "bad",
    [
        {"created_at": "2024-13-01T09:30:00.000000+00:00"},
        {"created_at": "yesterday"},
        {"date_of_birth": "1990-02-30"},
        {"deleted": "no"},
    ],
)
def test_a_malformed_pulled_value_stores_nothing_of_the_page(store, bad):
    good, broken = new_id(), new_id()
    wrong = _client_change(broken, 2)
    wrong = wrong.model_copy(update={"data": {**wrong.data, **bad}})
    with pytest.raises((ValueError, TypeError)):
        _apply(store, [_client_change(good, 1), wrong])
    assert _client(store, good) is None and _client(store, broken) is None
