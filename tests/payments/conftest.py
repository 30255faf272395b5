"""Fixtures for the payments tests: the local fake Stripe server and SDK handles on it."""

from __future__ import annotations

import pytest

from tests.stripe_fake.fixtures import stripe_fake  # noqa: F401


@pytest.fixture
def sdk(stripe_fake):  # noqa: F811 - the fixture imported above
    """A real ``stripe.StripeClient`` on the fake, without automatic retries."""
    return stripe_fake.client(max_network_retries=0)


@pytest.fixture
def reader(sdk):
    """A simulated WisePOS E registered at a fresh location."""
    location = sdk.v1.terminal.locations.create(
        params={
            "display_name": "Front desk",
            "address": {
                "line1": "1 Main St",
                "city": "San Francisco",
                "state": "CA",
                "postal_code": "94110",
                "country": "US",
            },
        }
    )
    return sdk.v1.terminal.readers.create(
        params={"registration_code": "simulated-wpe", "label": "Desk", "location": location.id}
    )
