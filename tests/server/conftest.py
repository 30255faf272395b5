"""Server test fixtures: every test that takes ``database_url`` runs on SQLite (a file in
tmp_path) and on PostgreSQL (a fresh database for the session, dropped afterwards).

PostgreSQL comes from ``MEDSPA_TEST_POSTGRES_URL`` (default
postgresql://postgres@127.0.0.1:5432/test). When it is unreachable the PostgreSQL runs are
skipped with the reason, or fail when ``MEDSPA_REQUIRE_POSTGRES=1`` (CI sets it).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from medspa_server.admin import create_org
from medspa_server.app import create_app
from medspa_server.db import Database
from medspa_server.migrate import migrate
from medspa_server.settings import Settings

from .helpers import Clinic

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def _require_postgres(reason: str) -> None:
    if os.environ.get("MEDSPA_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"{reason} (MEDSPA_REQUIRE_POSTGRES=1 makes this a failure)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session (SQLAlchemy URL), dropped after."""
    admin_url = os.environ.get("MEDSPA_TEST_POSTGRES_URL", DEFAULT_POSTGRES)
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as err:
        _require_postgres(f"PostgreSQL at {admin_url} is not reachable: {err}".strip())
    name = f"medspa_server_test_{secrets.token_hex(4)}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        base = admin_url.rsplit("/", 1)[0]
        url = f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
        migrate_database = Database(url)
        migrate(migrate_database)
        migrate_database.dispose()
        try:
            yield url
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """The database of one server: each test runs once per database kind."""
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_url")
    url = f"sqlite:///{tmp_path / 'server.db'}"
    database = Database(url)
    migrate(database)
    database.dispose()
    return url


@pytest.fixture
def settings(database_url: str, tmp_path) -> Settings:
    return Settings(data_dir=tmp_path, database_url=database_url)


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    """Direct access to the server's database, for set-up and for checking what it holds."""
    opened = Database(settings.resolved_database_url())
    yield opened
    opened.dispose()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def make_clinic(client: TestClient, database: Database) -> Callable[..., Clinic]:
    """``make_clinic(name)``: a new organisation on the server, ready to enrol devices."""

    def make(name: str = "Lumière Aesthetics") -> Clinic:
        issued = create_org(database, name)
        return Clinic(client, database, issued.org_id, owner_code=issued.code)

    return make
