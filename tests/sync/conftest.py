"""Sync fixtures: devices (real SQLCipher stores, each with its own device id), a clinic set
up through the real first-run service, a real server process, and two connected devices."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from medspa_desktop.services import credentials
from medspa_desktop.store.database import Store, open_store
from medspa_desktop.sync.engine import sync_once
from medspa_desktop.sync.enrolment import enrol

from .helpers import CHEAP, Clinic, set_up
from .server import Server

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(autouse=True)
def cheap_hashing():
    with credentials.hashing_parameters(CHEAP):
        yield


@pytest.fixture
def new_device(tmp_path):
    """``new_device(name) -> Store``: a fresh encrypted database of its own (own device id)."""
    opened: list[Store] = []

    def make(name: str = "device") -> Store:
        store = open_store(tmp_path / name, key=secrets.token_bytes(32))
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.engine.dispose()


@pytest.fixture
def clinic(new_device) -> Clinic:
    return set_up(new_device("clinic"))


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this session (SQLAlchemy URL), dropped afterwards."""
    admin_url = os.environ.get("MEDSPA_TEST_POSTGRES_URL", DEFAULT_POSTGRES)
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as err:
        if os.environ.get("MEDSPA_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL at {admin_url} is not reachable: {err}")
        pytest.skip(f"PostgreSQL at {admin_url} is not reachable: {err}")
    name = f"medspa_sync_test_{secrets.token_hex(4)}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        base = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        try:
            yield f"{base}/{name}"
        finally:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            admin.execute(drop.format(sql.Identifier(name)))


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def sync_server(request, tmp_path_factory):
    """One real server process per database kind for the session; each test makes its own
    organisation, so tests never see each other's data."""
    url = request.getfixturevalue("postgres_database") if request.param == "postgresql" else ""
    server = Server(tmp_path_factory.mktemp(f"server-{request.param}"), database_url=url)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def connected(sync_server, new_device, memory_keyring):
    """A clinic set up offline on device A, its organisation created on the server with the
    same id, A enrolled (uploading the clinic) and synced, and an empty device B enrolled and
    synced: ``(clinic, a, b)``."""
    clinic = set_up(new_device("a"))
    sync_server.create_org(org_id=clinic.org_id)
    enrol(clinic.store, sync_server.url, sync_server.enrol_code(clinic.org_id), "Front desk")
    assert sync_once(clinic.store).ok
    b = new_device("b")
    enrol(b, sync_server.url, sync_server.enrol_code(clinic.org_id), "Treatment room")
    assert sync_once(b).ok
    return clinic, clinic.store, b
