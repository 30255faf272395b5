"""A checkout process that takes one card payment and stops dead at a chosen point.

Run by ``test_card_crash.py`` as ``python -m tests.integration.services.card_crash_child
SPEC`` (SPEC is JSON: data_dir, key, stripe url and key, ticket, reader, actor, point). It
prints ``AT <point>`` when it gets there and then hangs, so the test can kill it with
SIGKILL exactly there, as a power cut or a crash would. Points:

- ``before-process``: the payment intent is created and stored, not yet sent to the reader.
- ``after-success``: Stripe has taken the payment and answered, and nothing is recorded.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from medspa_desktop.domain.actor import Actor, Role
from medspa_desktop.payments.stripe_terminal import StripeTerminal
from medspa_desktop.services.card_payments import (
    StartCardPayment,
    check_card_payment,
    send_to_reader,
    start_card_payment,
)
from medspa_desktop.store.database import open_store


def _hang_at(point: str) -> None:
    print(f"AT {point}", flush=True)
    while True:
        time.sleep(60)


def _terminal(spec: dict[str, Any]) -> StripeTerminal:
    terminal = StripeTerminal(spec["stripe_key"], spec["stripe_url"])
    real_process, real_find = terminal.process, terminal.find_intent
    if spec["point"] == "before-process":
        terminal.process = lambda **kw: _hang_at("before-process")  # type: ignore[method-assign]

    def find(intent_id: str) -> Any:
        found = real_find(intent_id)
        if spec["point"] == "after-success" and found.status == "succeeded":
            _hang_at("after-success")
        return found

    terminal.find_intent = find  # type: ignore[method-assign]
    assert real_process is not None
    return terminal


def main() -> None:
    spec = json.loads(sys.argv[1])
    store = open_store(Path(spec["data_dir"]), key=bytes.fromhex(spec["key"]))
    actor = Actor(**{**spec["actor"], "role": Role(spec["actor"]["role"])})
    terminal = _terminal(spec)
    with store.uow() as uow:
        cmd = StartCardPayment(spec["ticket_id"], spec["amount"], spec["reader_id"])
        attempt = start_card_payment(cmd, uow=uow, actor=actor, terminal=terminal)
    send_to_reader(attempt.id, uows=store.uow, terminal=terminal)
    for _ in range(200):
        if check_card_payment(attempt.id, uows=store.uow, terminal=terminal).finished:
            break
        time.sleep(0.05)
    print("FINISHED", flush=True)


if __name__ == "__main__":
    main()
