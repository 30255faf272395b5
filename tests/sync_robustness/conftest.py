"""Fixtures of the robustness tests.

The real server process, the PostgreSQL database and cheap password hashing come from the
sync tests' fixtures (imported, so this folder gets its own session server on SQLite and on
PostgreSQL; PostgreSQL is skipped with the reason when unreachable, or fails when
``MEDSPA_REQUIRE_POSTGRES=1``). ``own_server`` is a server of the test's own, not started,
for tests that restart it or start it with different settings.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sync.conftest import cheap_hashing, postgres_database, sync_server
from sync.server import Server

from .forkserver import ForkServer

__all__ = ["cheap_hashing", "postgres_database", "sync_server"]

SMALL_PAGES = {"MEDSPA_SYNC_PUSH_BATCH": "3", "MEDSPA_SYNC_PAGE_ROWS": "4"}
"""Push batches and pull pages of a few rows (``sync/run.py`` reads these): one sync is many
small committed steps, so a crash or a network fault lands between (and inside) them."""


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Syncs in this process push and pull a few rows per request."""
    for name, value in SMALL_PAGES.items():
        monkeypatch.setenv(name, value)


@pytest.fixture(params=["sqlite", "postgresql"])
def own_server(request: pytest.FixtureRequest, tmp_path) -> Iterator[Server]:
    url = request.getfixturevalue("postgres_database") if request.param == "postgresql" else ""
    server = Server(tmp_path / f"server-{request.param}", database_url=url)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def fork_server() -> Iterator[ForkServer]:
    server = ForkServer({**os.environ, **SMALL_PAGES})
    yield server
    server.close()
