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
