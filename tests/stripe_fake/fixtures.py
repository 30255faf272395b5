"""pytest fixture ``stripe_fake``: a fresh fake Stripe server per test, on a free port.

Register it for a directory with ``from tests.stripe_fake.fixtures import stripe_fake`` in that
directory's ``conftest.py``, or for the whole suite with
``pytest_plugins = ["tests.stripe_fake.fixtures"]`` in the root ``tests/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .client import FakeControl
from .server import DEFAULT_API_KEY, FakeStripeServer


class StripeFake(FakeControl):
    """What the fixture yields: ``url``, ``api_key``, ``reset()``, ``faults``, ``state``,
    ``client(**kwargs)`` (a real ``stripe.StripeClient``), and ``server`` (in-process)."""

    def __init__(self, server: FakeStripeServer, api_key: str = DEFAULT_API_KEY) -> None:
        super().__init__(server.url, api_key)
        self.server = server


@pytest.fixture
def stripe_fake() -> Iterator[StripeFake]:
    server = FakeStripeServer().start()
    try:
        yield StripeFake(server)
    finally:
        server.stop()
