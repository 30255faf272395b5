"""Shared fixtures: environment for offscreen Qt and helpers for system-service skips."""

from __future__ import annotations

import os

import keyring
import pytest
from keyring.backend import KeyringBackend

from tests.stripe_fake.fixtures import stripe_fake  # noqa: F401  (the fake Stripe for every test)

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


class MemoryKeyring(KeyringBackend):
    """An OS keyring that lives in this process only: a real ``keyring`` backend for tests."""

    priority = -1  # below every real backend, so keyring's auto-detection never picks it

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        self.entries.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    """Install an in-memory keyring for the test (``.entries`` shows what was stored)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
