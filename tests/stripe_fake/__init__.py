"""A local Stripe-compatible HTTP server for tests of the Stripe Terminal checkout.

The real ``stripe`` SDK talks to it over HTTP on 127.0.0.1, in Stripe's wire protocol:
form-encoded requests (``metadata[k]=v``, ``list[0]=x``, ``expand[]=x``), JSON objects in the
shapes of API version 2026-10-28 (checked against Stripe's own fixtures by
``tests/payments/test_stripe_fake_contract.py``), Stripe's error JSON and status codes
(400/401/402/404/409/500), ``Authorization: Bearer sk_test_…|rk_test_…`` and
``Idempotency-Key`` replay. Standard library only; state lives in memory.

Endpoints: ``/v1/payment_intents`` (create, retrieve, update, list, cancel, capture),
``/v1/refunds`` (create, retrieve, list), ``/v1/charges`` and ``/v1/payment_methods`` (read),
``/v1/terminal/locations`` (create, retrieve, list), ``/v1/terminal/readers`` (register with
``registration_code=simulated-wpe``, retrieve, list, ``process_payment_intent``,
``cancel_action``) and ``/v1/test_helpers/terminal/readers/{id}/present_payment_method``.
Test cards: 4242424242424242 approves (the default), 4000000000000002 ``generic_decline``,
4000000000009995 ``insufficient_funds``, 4000000000000069 ``expired_card``, more in ``cards``.

Use in pytest::

    # in a conftest.py next to the tests (or, suite-wide, in tests/conftest.py:
    # pytest_plugins = ["tests.stripe_fake.fixtures"])
    from tests.stripe_fake.fixtures import stripe_fake  # noqa: F401

    def test_checkout(stripe_fake):
        client = stripe_fake.client(max_network_retries=0)  # stripe.StripeClient
        # or: stripe.api_key = stripe_fake.api_key; stripe.api_base = stripe_fake.url
        pi = client.v1.payment_intents.create(params={...})
        stripe_fake.faults.drop_after_commit("POST", "/v1/payment_intents")
        stripe_fake.faults.reader_auto_present("4000000000009995", after=0.2)
        stripe_fake.state.succeeded_charges(pi.id)
        stripe_fake.reset()

In another process: ``python -m tests.stripe_fake --port 12111`` prints
``STRIPE_FAKE_URL=http://127.0.0.1:12111``; drive it with ``FakeControl(url)``.

Choices where Stripe's behaviour is not pinned down: ``cancel_action`` leaves ``action: null``
(as in Stripe's API reference example) and is a 400 when nothing is in progress; a busy reader
answers 400 ``terminal_reader_busy`` (an ``invalid_request_error``, so the SDK does not retry it
as it would a 409); ``capture_method`` defaults to ``automatic_async``; ``payment_method_types``
defaults to ``["card"]``. Card numbers are never stored: only brand, last4 and a keyed
fingerprint are, and idempotency keeps a keyed hash of the parameters.
"""

from .client import FakeControl, FakeControlError
from .server import DEFAULT_API_KEY, FakeStripeServer

__all__ = ["DEFAULT_API_KEY", "FakeControl", "FakeControlError", "FakeStripeServer"]
