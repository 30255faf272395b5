"""Shared fixtures: environment for offscreen Qt and helpers for system-service skips."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def require_system(reason: str) -> None:
    """Skip (printing why) when a system service is missing; fail instead in CI."""
    if os.environ.get("MEDSPA_REQUIRE_SYSTEM_DEPS") == "1":
        pytest.fail(f"{reason} (MEDSPA_REQUIRE_SYSTEM_DEPS=1 makes this a failure)")
    pytest.skip(reason)


@pytest.fixture
def store(tmp_path):
    """A fresh encrypted clinic database in ``tmp_path`` with a random key (no keyring)."""
    import secrets

    from medspa_desktop.store.database import open_store

    opened = open_store(tmp_path / "data", key=secrets.token_bytes(32))
    yield opened
    opened.close()
