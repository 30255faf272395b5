"""Enrolling a device with a real server: where the token goes, which codes are refused."""

from __future__ import annotations

import pytest

from medspa_desktop.store.keys import KEYRING_SERVICE
from medspa_desktop.sync.engine import sync_once
from medspa_desktop.sync.enrolment import enrol
from medspa_desktop.sync.errors import EnrolmentCodeRefused
from medspa_desktop.sync.state import read_status

from .helpers import outbox_size, set_up

pytestmark = pytest.mark.slow


def _database_text(store) -> str:
    """Every value of every table, decrypted, as text."""
    with store.engine.connect() as conn:
        tables = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
        return "\n".join(
            repr(row)
            for (table,) in tables.all()
            for row in conn.exec_driver_sql(f'SELECT * FROM "{table}"')
        )


def _files_bytes(store) -> bytes:
    return b"".join(p.read_bytes() for p in store.data_dir.rglob("*") if p.is_file())


def test_enrolment_keeps_the_token_only_in_the_keyring(sync_server, new_device, memory_keyring):
    clinic = set_up(new_device("a"))
    sync_server.create_org(org_id=clinic.org_id)
    before = outbox_size(clinic.store)

    done = enrol(clinic.store, sync_server.url, sync_server.enrol_code(clinic.org_id), "Desk 1")

    (((service, _entry), token),) = memory_keyring.entries.items()
    assert service == KEYRING_SERVICE and len(token) >= 32
    everything = _database_text(clinic.store)
    assert sync_server.url in everything and token not in everything
    assert token.encode() not in _files_bytes(clinic.store)
    assert done.org_id == clinic.org_id and done.org_is_new
    assert done.queued_for_upload == outbox_size(clinic.store) - before
    assert clinic.store.local_setting("server_url") == sync_server.url
    assert read_status(clinic.store).enrolled


def test_a_code_of_another_organisation_is_refused_and_nothing_is_kept(
    sync_server, new_device, memory_keyring
):
    clinic = set_up(new_device("a"))
    other_org = sync_server.create_org("Another clinic")
    before = outbox_size(clinic.store)

    with pytest.raises(EnrolmentCodeRefused, match="different clinic"):
        enrol(clinic.store, sync_server.url, sync_server.enrol_code(other_org), "Desk 1")

    assert memory_keyring.entries == {}
    assert clinic.store.local_setting("server_url") is None
    assert clinic.store.local_setting("org_id") == clinic.org_id
    assert outbox_size(clinic.store) == before


def test_a_device_that_is_not_enrolled_is_told_how_to_enrol(new_device, memory_keyring):
    summary = sync_once(new_device("lonely"))

    assert not summary.ok and "medspa enrol" in summary.errors[0]


def test_a_used_code_is_refused_with_a_readable_message(sync_server, new_device, memory_keyring):
    org = sync_server.create_org()
    code = sync_server.enrol_code(org)
    enrol(new_device("a"), sync_server.url, code, "Desk 1")

    with pytest.raises(EnrolmentCodeRefused, match="already used"):
        enrol(new_device("b"), sync_server.url, code, "Desk 2")
