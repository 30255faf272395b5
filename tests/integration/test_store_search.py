"""Type-ahead client search over the FTS5 index kept in step by triggers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from medspa_desktop.store.models import Client
from medspa_desktop.store.search import phone_digits, search_clients


def _add(store, first, last, **fields):
    with store.uow() as uow:
        client = Client(org_id="org", first_name=first, last_name=last, **fields)
        uow.session.add(client)
        uow.commit()
        return client.id


def _search(store, typed, **kw):
    with store.session_factory() as session:
        return search_clients(session, typed, **kw)


def _update(store, client_id, **fields):
    with store.uow() as uow:
        client = uow.session.get(Client, client_id)
        for name, value in fields.items():
            setattr(client, name, value)
        uow.commit()


@pytest.fixture
def clinic(store):
    ids = {
        "olivia": _add(
            store, "Olivia", "Smith", phone="+15551234567", email="olivia.smith@example.com"
        ),
        "oliver": _add(store, "Oliver", "Jones", phone="+15559876543", email="oj@mail.test"),
        "zoe": _add(store, "Zoë", "Smithers", preferred_name="Zo", notes="prefers mornings"),
        "rose": _add(store, "Rose", "Taylor"),
        "rosalind": _add(store, "Amy", "Brown", notes="rosacea, patch test first"),
    }
    return store, ids


def test_every_typed_token_matches_as_a_prefix(clinic):
    store, ids = clinic

    assert _search(store, "ol smi") == [ids["olivia"]]
    assert _search(store, "smi ol") == [ids["olivia"]]
    assert set(_search(store, "oli")) == {ids["olivia"], ids["oliver"]}
    assert _search(store, "ol xyz") == []


def test_accents_and_case_are_ignored(clinic):
    store, ids = clinic

    assert _search(store, "ZOE smith") == [ids["zoe"]]
    assert _search(store, "zo") == [ids["zoe"]]


@pytest.mark.parametrize(
    "typed", ["555 123", "5551234", "(555) 123-4567", "+1 555 123 4567", "1234567", "555-1234"]
)
def test_phone_digits_typed_in_any_format_find_the_number(clinic, typed):
    store, ids = clinic

    assert _search(store, typed) == [ids["olivia"]]


def test_phone_digits_that_are_not_in_the_number_find_nothing(clinic):
    store, _ = clinic

    assert _search(store, "555 000") == []
    assert phone_digits("ol 555") == "" and phone_digits("55") == ""


def test_email_prefix_finds_the_client(clinic):
    store, ids = clinic

    assert _search(store, "olivia.sm") == [ids["olivia"]]
    assert _search(store, "olivia.smith@exa") == [ids["olivia"]]
    assert _search(store, "oj@mail") == [ids["oliver"]]


def test_names_come_before_notes(clinic):
    store, ids = clinic

    assert _search(store, "ros") == [ids["rose"], ids["rosalind"]]
    assert _search(store, "ros", limit=1) == [ids["rose"]]
    assert _search(store, "mornings") == [ids["zoe"]]


def test_an_edit_is_found_under_the_new_details_only(clinic):
    store, ids = clinic

    _update(store, ids["olivia"], last_name="Hernandez", phone="+442071234567", email="oh@x.org")

    assert _search(store, "olivia smi") == []
    assert _search(store, "oli hern") == [ids["olivia"]]
    assert _search(store, "5551234") == []
    assert _search(store, "020 7123") == [ids["olivia"]]
    assert _search(store, "0044 20 7123 4567") == [ids["olivia"]]


def test_deleted_and_erased_clients_are_not_found(clinic):
    store, ids = clinic

    _update(store, ids["olivia"], deleted=True)
    _update(store, ids["oliver"], erased_at=dt.datetime.now(dt.UTC))

    assert _search(store, "oli") == []
    assert _search(store, "5551234") == []
    _update(store, ids["olivia"], deleted=False)
    assert _search(store, "oli") == [ids["olivia"]]


def test_a_row_removed_from_the_table_leaves_the_index(clinic):
    store, ids = clinic

    with store.uow() as uow:
        uow.session.execute(delete(Client).where(Client.id == ids["zoe"]))
        uow.commit()

    assert _search(store, "zoe") == []
    assert _search(store, "smith") == [ids["olivia"]]


def test_search_returns_at_most_the_limit(store):
    for n in range(30):
        _add(store, "Ava", f"Lee{n}")

    assert len(_search(store, "ava", limit=10)) == 10
    assert len(_search(store, "ava")) == 30


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '"ol',
        "ol*",
        "*",
        "NEAR(ol smi)",
        "ol -smi",
        "first_name:ol",
        "AND",
        "OR ol",
        "(",
        ")",
        "^ol",
        "{first_name}: x",
        "'",
        "",
        "   ",
        "ol\x00smi",
        "a" * 500,
        "ol " * 50,
    ],
)
def test_search_syntax_typed_by_a_user_is_just_text(clinic, typed):
    store, _ = clinic

    assert isinstance(_search(store, typed), list)


def test_fts_keywords_are_searched_for_as_names(store):
    near = _add(store, "Anne", "Near")
    _add(store, "Anne", "Other")

    assert _search(store, "near") == [near]
    assert _search(store, "NEAR anne") == [near]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.text(max_size=40))
def test_no_typed_text_makes_search_fail(clinic, typed):
    store, _ = clinic

    assert isinstance(_search(store, typed), list)
